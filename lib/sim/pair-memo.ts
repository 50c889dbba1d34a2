/**
 * Values computed once per pair of keys (a pattern or a block, then a block or a passage), for as
 * long as the process lives; the values of one first key start again past `maxPerKey` second keys,
 * so that a long run's memory stays bounded. `computed` counts the computations (for tests).
 */
export class PairMemo<A, B, V> {
  private readonly values = new Map<A, Map<B, V>>()
  computed = 0

  constructor(private readonly maxPerKey: number) {}

  get(a: A, b: B, compute: () => V): V {
    let byB = this.values.get(a)
    if (!byB) this.values.set(a, (byB = new Map()))
    if (byB.has(b)) return byB.get(b)!
    if (byB.size >= this.maxPerKey) byB.clear()
    const value = compute()
    byB.set(b, value)
    this.computed++
    return value
  }
}
