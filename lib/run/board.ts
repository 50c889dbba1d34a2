/**
 * A per-worker notice board where one test publishes what another test of the same file needs:
 * the single agent's deliverable for pairwise judging, star's spend for self_refine's budget.
 * Consumers must only wait for keys whose producer is scheduled, or they would wait forever.
 */
export class Board<T> {
  private readonly entries = new Map<string, { promise: Promise<T | null>; resolve: (value: T | null) => void; settled: boolean }>()

  private entry(key: string) {
    let e = this.entries.get(key)
    if (!e) {
      let resolve!: (value: T | null) => void
      const promise = new Promise<T | null>((r) => (resolve = r))
      e = { promise, resolve, settled: false }
      this.entries.set(key, e)
    }
    return e
  }

  /** Publishes a value (null when the producer failed). Later publications of the same key are ignored. */
  publish(key: string, value: T | null): void {
    const e = this.entry(key)
    if (e.settled) return
    e.settled = true
    e.resolve(value)
  }

  /** Waits for the value of a key; resolves null if the producer failed. */
  wait(key: string): Promise<T | null> {
    return this.entry(key).promise
  }
}
