import type { CellAggregate, GroupSummary, Interval, PairedDifference, RunFile, WinRate } from './schema.js'

/*
 * Number formatting shared by the terminal summary, the gate and the reports, so one value reads
 * the same everywhere. A missing value is a dash, never 0.
 */

/** What every simulated table says about itself, in words. */
export const SIMULATED_CAVEAT = 'these numbers test the machinery, not the topologies'

/** x.toFixed(digits) without a sign on a value that rounds to zero: "0.0", never "-0.0". */
export function fixed(x: number, digits: number): string {
  const text = x.toFixed(digits)
  return /^-[0.]+$/.test(text) ? text.slice(1) : text
}

export const num = (x: number | null | undefined, digits = 1) => (x === null || x === undefined ? '–' : fixed(x, digits))

/**
 * Dollars: 4 decimals from a cent up ("$13.9511", "$0.0435"), 3 significant digits below a cent
 * ("$0.00297", "$0.0000869"), so a small cost keeps digits it has and claims none it lacks; zero,
 * which has no significant digit, is "$0". Every table, key and line prints dollars through this.
 */
export function usd(x: number | null | undefined): string {
  if (x === null || x === undefined) return 'n/a'
  if (x === 0) return '$0'
  const threeDigits = Math.abs(Number(x.toPrecision(3)))
  if (threeDigits >= 0.01) return `$${x.toFixed(4)}`
  return `$${x.toFixed(Math.min(20, 2 - Math.floor(Math.log10(threeDigits))))}`
}

const calls = (n: number) => `${n} call${n === 1 ? '' : 's'}`

/**
 * A cost that may be partly unknown: "$0.0123", or "≥ $0.0100 (2 calls unpriced)" for models
 * without a price, "≥ $0.0100 (2 calls without usage)" for calls whose usage nobody reported;
 * never a 0 for what is unknown.
 */
export function cost(part: { usd: number | null; knownUsd: number; unpriced: number; usageUnknown?: number }): string {
  if (part.usd !== null) return usd(part.usd)
  const noUsage = part.usageUnknown ?? 0
  const unpriced = part.unpriced - noUsage
  const why = [...(unpriced > 0 ? [`${calls(unpriced)} unpriced`] : []), ...(noUsage > 0 ? [`${calls(noUsage)} without usage`] : [])]
  return `≥ ${usd(part.knownUsd)} (${why.join(', ')})`
}

/**
 * The judge of a run as a header says it: its model ("sim-judge", with `repeats` "sim-judge (1
 * repeat(s))"), or "off" when the run skipped the LLM judge (ORGBENCH_JUDGE=off).
 */
export function judgeText(config: Pick<RunFile['config'], 'judge' | 'judgeModel' | 'judgeRepeats'>, options: { repeats?: boolean } = {}): string {
  if (config.judge === 'off') return 'off'
  return options.repeats ? `${config.judgeModel} (${config.judgeRepeats} repeat(s))` : config.judgeModel
}

/** With an explicit sign: "+3.5", "-2.0". */
export const signed = (x: number | null | undefined, digits = 1) => (x === null || x === undefined ? '–' : `${Number(fixed(x, digits)) > 0 ? '+' : ''}${fixed(x, digits)}`)

/** "[lo, hi]" of an interval, or a dash when there is none. */
export function interval(ci: Pick<Interval, 'lo' | 'hi'> | null | undefined, digits = 1, withSign = false): string {
  if (!ci) return '–'
  const f = withSign ? (x: number) => signed(x, digits) : (x: number) => fixed(x, digits)
  return `[${f(ci.lo)}, ${f(ci.hi)}]`
}

/** What the MDE column beside "Δ vs single" means, for a table's caption. */
export const MDE_NOTE =
  'MDE: the smallest true difference against single that the Δ interval beside it (same α, same degrees of freedom) excludes 0 for 80 % of the time; smaller ones can go unseen in this run; – where there is no interval'

/** What a "*" after a difference means, for a table's caption. */
export const SURVIVOR_NOTE = '* survives Holm correction over the differences shown together; intervals are 95 % simultaneous (Bonferroni), more conservative than Holm, so a starred interval may still touch 0'

/** The sizes of the families `diffs` were adjusted in: "20", or "9 or 10" when they differ; null when none was adjusted. */
export function familySizes(diffs: ReadonlyArray<Pick<PairedDifference, 'adjusted'> | null | undefined>): string | null {
  const sizes = [...new Set(diffs.flatMap((d) => (d?.adjusted ? [d.adjusted.family] : [])))].sort((a, b) => a - b)
  return sizes.length === 0 ? null : sizes.join(' or ')
}

/**
 * What the Δ intervals and * of a topology table (`groups`) and its per-task table (`cells`) mean,
 * with each family's size m (lib/results/adjust.ts): the topology table's Δ vs single and Δ vs
 * matched together; each task's Δ vs single, the only difference the per-task tables show.
 */
export function adjustmentNote(groups: ReadonlyArray<Pick<GroupSummary, 'vsSingle' | 'vsSelfRefine'>>, cells: ReadonlyArray<Pick<CellAggregate, 'vsSingle'>>): string {
  const ofGroups = familySizes(groups.flatMap((g) => [g.vsSingle, g.vsSelfRefine]))
  const ofCells = familySizes(cells.map((c) => c.vsSingle))
  const families = [
    ...(ofGroups ? [`the topology table's Δ vs single and Δ vs matched together (m = ${ofGroups})`] : []),
    ...(ofCells ? [`each task's Δ vs single in the per-task table (m = ${ofCells}; no per-task table shows a Δ vs matched, so none is counted)`] : []),
  ]
  const over = families.length === 0 ? '' : ` Families: ${families.join('; ')}; Holm p and Bonferroni intervals at 1 − 0.05/m, m the family's differences with an interval.`
  return `Δ intervals are adjusted for the differences shown together.${over} ${SURVIVOR_NOTE}`
}

/**
 * A difference without spread: every pair changed by the same amount, so its standard error is 0.
 * As in the gate (lib/results/gate.ts NO_SPREAD), it has no interval and no MDE; a zero-width
 * interval would read as a measured certainty.
 */
export const withoutSpread = (d: Pick<PairedDifference, 'se'>) => d.se === 0

/**
 * "+3.5 [-1.2, +8.2]*": a paired difference with its multiplicity-adjusted interval, starred when
 * it survives Holm; the unadjusted interval for files written before adjustment; the reason when
 * there is no interval; a dash for the interval of a difference without spread, as the gate shows it.
 */
export function difference(d: PairedDifference | null | undefined): string {
  if (!d || d.mean === null) return '–'
  if (d.note) return `${signed(d.mean)} (${d.note})`
  const star = d.adjusted?.survives ? '*' : ''
  if (withoutSpread(d)) return `${signed(d.mean)} –${star}`
  if (d.adjusted) return `${signed(d.mean)} ${interval(d.adjusted.ci, 1, true)}${star}`
  return `${signed(d.mean)} ${interval(d.ci, 1, true)}`
}

/** The MDE beside a difference: a dash where it has no interval, also when it has no spread. */
export function mde(d: PairedDifference | null | undefined): string {
  return d && withoutSpread(d) ? '–' : num(d?.mde)
}

/** "62 % (12)": a win rate with its number of verdicts. */
export function winRate(rates: readonly WinRate[], against: string): string {
  const w = rates.find((r) => r.against === against)
  return w?.rate == null ? '–' : `${Math.round(w.rate * 100)} % (${w.n})`
}
