import { quadraticKappa, type Tally } from './agreement.js'

/**
 * The agreement statistics of agreement.ts from count tables, which add up across clusters: a
 * bootstrap resample sums its clusters' tables instead of rebuilding and rescanning its pairs.
 * Each function returns, to the last bit, what its pairs function returns on the pairs the table
 * counts (put end to end in the order the tables were added); test/human/agreement-tables.test.ts
 * checks it.
 */

/** Joint counts of two raters' labels, each label an index into a list both raters share. */
export class LabelTable implements Tally<LabelTable> {
  /** counts[a · size + b]: pairs where the first rater said label a and the second label b. */
  readonly counts: number[]
  /** The first rater's labels in the order they first appeared: cohenKappa sums p_e in that order. */
  readonly firstSeen: number[] = []

  constructor(readonly size: number) {
    this.counts = new Array<number>(size * size).fill(0)
  }

  /** The table of `pairs`, whose labels must all be keys of `index`. */
  static of(pairs: ReadonlyArray<readonly [string, string]>, index: ReadonlyMap<string, number>): LabelTable {
    const table = new LabelTable(index.size)
    const indexOf = (label: string) => {
      const i = index.get(label)
      if (i === undefined) throw new RangeError(`label ${JSON.stringify(label)} is not one of ${JSON.stringify([...index.keys()])}`)
      return i
    }
    for (const [a, b] of pairs) table.addPair(indexOf(a), indexOf(b))
    return table
  }

  addPair(a: number, b: number): void {
    if (!this.firstSeen.includes(a)) this.firstSeen.push(a)
    this.counts[a * this.size + b]!++
  }

  add(other: LabelTable): void {
    for (const a of other.firstSeen) if (!this.firstSeen.includes(a)) this.firstSeen.push(a)
    for (let c = 0; c < this.counts.length; c++) this.counts[c]! += other.counts[c]!
  }

  clear(): void {
    this.counts.fill(0)
    this.firstSeen.length = 0
  }

  total(): number {
    return this.counts.reduce((s, c) => s + c, 0)
  }

  agreed(): number {
    let agree = 0
    for (let l = 0; l < this.size; l++) agree += this.counts[l * this.size + l]!
    return agree
  }

  /** Pairs where the first rater said `label`. */
  first(label: number): number {
    let count = 0
    for (let b = 0; b < this.size; b++) count += this.counts[label * this.size + b]!
    return count
  }

  /** Pairs where the second rater said `label`. */
  second(label: number): number {
    let count = 0
    for (let a = 0; a < this.size; a++) count += this.counts[a * this.size + label]!
    return count
  }
}

/** agreementRate of the table's pairs. */
export function tableAgreementRate(t: LabelTable): number | null {
  const n = t.total()
  return n === 0 ? null : t.agreed() / n
}

/** cohenKappa of the table's pairs. */
export function tableCohenKappa(t: LabelTable): number | null {
  const n = t.total()
  if (n === 0) return null
  let pe = 0
  for (const label of t.firstSeen) pe += (t.first(label) / n) * (t.second(label) / n)
  if (1 - pe < 1e-12) return null
  return (t.agreed() / n - pe) / (1 - pe)
}

/** Joint counts of two raters' integer scores on the scale min..max. */
export class ScoreTable implements Tally<ScoreTable> {
  /** Scale steps: max − min + 1. */
  readonly k: number
  /** counts[i · k + j]: pairs scored (min + i, min + j). */
  readonly counts: number[]
  /** Cells with a count, so that adding one item's table costs its few pairs rather than k² cells. */
  readonly filled: number[] = []
  n = 0

  constructor(
    readonly min: number,
    readonly max: number,
  ) {
    this.k = max - min + 1
    this.counts = new Array<number>(this.k * this.k).fill(0)
  }

  /** Whether every score of `pairs` is an integer on min..max, the only pairs a table holds. */
  static fits(pairs: ReadonlyArray<readonly [number, number]>, min: number, max: number): boolean {
    const onScale = (x: number) => Number.isInteger(x) && x >= min && x <= max
    return pairs.every(([a, b]) => onScale(a) && onScale(b))
  }

  /** The table of `pairs`; a RangeError when they do not fit. */
  static of(pairs: ReadonlyArray<readonly [number, number]>, min: number, max: number): ScoreTable {
    if (!ScoreTable.fits(pairs, min, max)) throw new RangeError(`scores must be integers from ${min} to ${max}`)
    const table = new ScoreTable(min, max)
    for (const [a, b] of pairs) table.addCell((a - min) * table.k + (b - min))
    return table
  }

  add(other: ScoreTable): void {
    const counts = this.counts
    for (const cell of other.filled) {
      if (counts[cell] === 0) this.filled.push(cell)
      counts[cell]! += other.counts[cell]!
    }
    this.n += other.n
  }

  clear(): void {
    for (const cell of this.filled) this.counts[cell] = 0
    this.filled.length = 0
    this.n = 0
  }

  /** Each rater's count per scale step: [first rater's, second rater's]. */
  margins(): [number[], number[]] {
    const rows = new Array<number>(this.k).fill(0)
    const cols = new Array<number>(this.k).fill(0)
    for (const cell of this.filled) {
      rows[Math.floor(cell / this.k)]! += this.counts[cell]!
      cols[cell % this.k]! += this.counts[cell]!
    }
    return [rows, cols]
  }

  private addCell(cell: number): void {
    if (this.counts[cell] === 0) this.filled.push(cell)
    this.counts[cell]!++
    this.n++
  }
}

/** weightedKappa(pairs, min, max) of the table's pairs. */
export function tableWeightedKappa(t: ScoreTable): number | null {
  if (t.n === 0 || t.k < 2) return null
  const [rows, cols] = t.margins()
  let observed = 0
  for (const cell of t.filled) observed += t.counts[cell]! * (Math.floor(cell / t.k) - (cell % t.k)) ** 2
  return quadraticKappa(rows, cols, observed, t.n)
}

/**
 * Most pairs for which tableSpearman is spearman's number to the last bit. Average ranks and their
 * mean (n + 1)/2 are multiples of ½, products of centred ranks multiples of ¼; with n pairs every
 * partial sum stays under n³/4, which up to 2^17 pairs is at most 2^49, where multiples of ¼ are
 * exact doubles. So both functions add exact numbers, in whatever order, and get the same sums.
 */
export const EXACT_RANK_PAIRS = 2 ** 17

/** spearman of the table's pairs, for tables of at most EXACT_RANK_PAIRS pairs. */
export function tableSpearman(t: ScoreTable): number | null {
  if (t.n < 3) return null
  if (t.n > EXACT_RANK_PAIRS) throw new RangeError(`${t.n} pairs: more than the ${EXACT_RANK_PAIRS} whose ranks sum exactly`)
  const [rows, cols] = t.margins()
  const ra = centredRanks(rows, t.n)
  const rb = centredRanks(cols, t.n)
  let sab = 0
  for (const cell of t.filled) sab += t.counts[cell]! * (ra[Math.floor(cell / t.k)]! * rb[cell % t.k]!)
  const saa = sumOfSquares(rows, ra)
  const sbb = sumOfSquares(cols, rb)
  return saa === 0 || sbb === 0 ? null : sab / Math.sqrt(saa * sbb)
}

/** Each step's average rank among n values counted per step, minus the mean rank. */
function centredRanks(counts: readonly number[], n: number): number[] {
  const ranks = new Array<number>(counts.length)
  let below = 0
  let sum = 0
  for (let v = 0; v < counts.length; v++) {
    ranks[v] = below + (counts[v]! + 1) / 2
    below += counts[v]!
    sum += counts[v]! * ranks[v]!
  }
  const mean = sum / n
  return ranks.map((r) => r - mean)
}

const sumOfSquares = (counts: readonly number[], centred: readonly number[]) => counts.reduce((s, c, v) => s + c * centred[v]! ** 2, 0)
