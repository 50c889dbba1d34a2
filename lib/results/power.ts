import { detectableEffect, mean, sampleSd } from '../eval/stats.js'
import { ALPHA_SHARE, GATE_LEVELS, GATE_METRICS, type GateLevel } from './gate.js'
import type { CaseSummary } from './summary.js'
import { groupBy, headlineOf } from './values.js'

/*
 * Trials sized by power: how many trials per cell the gate needs to see a headline drop of a given
 * size at each level, for the planned run's tasks, tracks and topologies, from the spread of a
 * reference run's trials of those cells. The model is the gate's: a cell compares
 * the two runs' means (SE σ·√(2/n)); a suite or track row averages its tasks' changes (SE σ·√(2/n)/√T,
 * t on T − 1 df), assuming no task × run interaction; each level's Holm family is m rows at α·share,
 * and the MDE is stated at the strictest step (α·share/m), as the gate prints it.
 */

/** What one level can see at a given number of trials per cell. */
export interface LevelPower {
  level: GateLevel
  /** Tasks per row (the median over tracks for the track level; 1 for cells). */
  tasks: number
  /** Rows in the level's Holm family (every metric). */
  rows: number
  /**
   * Whether the gate can test this level at all: a suite or track row averages its tasks' changes
   * and needs two tasks for a spread (t on T − 1 df); a cell is always testable.
   */
  testable: boolean
  /** The headline drop a row FAILs with 80 % power at `trials` trials per cell; null when untestable or under 2 trials. */
  mdeAtTrials: number | null
  /** The fewest trials per cell (up to `maxTrials`) for an MDE at or below the target; null when untestable or none suffices. */
  trialsNeeded: number | null
}

/** A cell of the planned run: what a power plan takes its shape (tasks, tracks, topologies) from. */
export interface PlannedShape {
  task: string
  track: string
  topology: string
}

export interface PowerPlan {
  /** The within-cell SD of the headline used: the noisiest planned topology's pooled SD in the reference run. */
  sd: number
  sdTopology: string
  trials: number
  target: number
  alpha: number
  levels: LevelPower[]
  /** Planned cells the reference run does not have (the SD comes from the others). */
  missing: number
  planned: number
}

/** Pooled within-cell SD of the headline per topology (cells with at least two values). */
function pooledSd(cases: readonly CaseSummary[]): Map<string, number> {
  const out = new Map<string, number>()
  for (const [topology, rs] of groupBy(cases, (r) => r.topology)) {
    let ss = 0
    let df = 0
    for (const cell of groupBy(rs, (r) => r.task).values()) {
      const xs = cell.map(headlineOf).filter((x): x is number => x !== null)
      const sd = sampleSd(xs)
      if (sd === null) continue
      ss += sd * sd * (xs.length - 1)
      df += xs.length - 1
    }
    if (df > 0) out.set(topology, Math.sqrt(ss / df))
  }
  return out
}

/** The MDE of one row as the gate states it: a one-sided test at α/m (Holm's strictest step), (t₁₋α/m + t_power) · SE on `df` degrees of freedom. */
function mde(se: number, df: number, alpha: number, m: number): number {
  return detectableEffect(se, df, (2 * alpha) / m)
}

/**
 * The power of the gate per level for a run of the `planned` cells (their tasks, tracks and
 * topologies, which set each level's rows and tasks per row), at `trials` trials per cell, and the
 * trials needed for an MDE of `target` points. The spread comes from `reference`'s trials of the
 * planned cells. Null when the reference has no planned cell with two scored trials.
 */
export function powerPlan(reference: readonly CaseSummary[], planned: readonly PlannedShape[], opts: { trials: number; target: number; alpha?: number; maxTrials?: number }): PowerPlan | null {
  const alpha = opts.alpha ?? 0.05
  const maxTrials = opts.maxTrials ?? 100
  const key = (r: { task: string; topology: string }) => `${r.task}\u0000${r.topology}`
  const plannedKeys = new Set(planned.map(key))
  const cases = reference.filter((r) => plannedKeys.has(key(r)))
  const sds = [...pooledSd(cases)].sort((a, b) => b[1] - a[1])
  if (sds.length === 0) return null
  const [sdTopology, sd] = sds[0]!
  const present = new Set(cases.map(key))
  const topologies = new Set(planned.map((r) => r.topology)).size
  const tasks = new Set(planned.map((r) => r.task)).size
  const trackSizes = [...groupBy([...new Set(planned.map((r) => `${r.track}\u0000${r.task}`))], (k) => k.split('\u0000')[0]!).values()].map((ks) => ks.length).filter((n) => n >= 2)
  // Every metric's row counts in m, as if each varied: the gate leaves out rows whose values do not vary, so its MDE can only be smaller.
  const metrics = GATE_METRICS.length
  const shape: Record<GateLevel, { tasks: number; rows: number }> = {
    suite: { tasks, rows: metrics * topologies },
    track: { tasks: trackSizes.length === 0 ? 0 : Math.round(mean(trackSizes)!), rows: metrics * topologies * trackSizes.length },
    cell: { tasks: 1, rows: metrics * topologies * tasks },
  }
  const at = (level: GateLevel, n: number): number | null => {
    const { tasks: t, rows } = shape[level]
    const cellSe = sd * Math.sqrt(2 / n)
    if (level === 'cell') return mde(cellSe, 2 * n - 2, alpha * ALPHA_SHARE.cell, Math.max(1, rows))
    if (t < 2) return null
    return mde(cellSe / Math.sqrt(t), t - 1, alpha * ALPHA_SHARE[level], Math.max(1, rows))
  }
  const levels = GATE_LEVELS.map((level): LevelPower => {
    let needed: number | null = null
    for (let n = 2; n <= maxTrials && needed === null; n++) {
      const x = at(level, n)
      if (x !== null && x <= opts.target) needed = n
    }
    return { level, tasks: shape[level].tasks, rows: shape[level].rows, testable: level === 'cell' || shape[level].tasks >= 2, mdeAtTrials: opts.trials >= 2 ? at(level, opts.trials) : null, trialsNeeded: needed }
  })
  return { sd, sdTopology, trials: opts.trials, target: opts.target, alpha, levels, missing: plannedKeys.size - present.size, planned: plannedKeys.size }
}

/** The power plan as terminal lines (under 120 columns). */
export function renderPowerPlan(plan: PowerPlan | null, source: string): string[] {
  if (plan === null) return [`power: ${source} has no planned cell with two scored trials; nothing to size from`]
  if (plan.sd === 0) return [`power: ${source} has no spread within its cells (every trial of a cell scored the same); an MDE cannot be sized from it`]
  const n = (x: number | null, unit = '') => (x === null ? '–' : `${x.toFixed(1)}${unit}`)
  const needed = (l: LevelPower) => (!l.testable ? 'n/a (needs 2+ tasks)' : l.trialsNeeded === null ? 'more than 100' : String(l.trialsNeeded))
  const rows = plan.levels.map((l) => [l.level, String(l.tasks), String(l.rows), l.testable ? n(l.mdeAtTrials, ' pts') : 'n/a', needed(l)])
  const headers = ['level', 'tasks/row', 'rows', `MDE at ${plan.trials} trials`, `trials per cell for MDE ≤ ${plan.target} pts`]
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cs: string[]) => cs.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()
  return [
    `power of the gate (headline, 80 % power, family-wise α ${plan.alpha}), sized from ${source}`,
    `  within-cell SD ${plan.sd.toFixed(1)} pts (the noisiest planned topology, ${plan.sdTopology}); assumes no task × run interaction`,
    ...(plan.missing > 0 ? [`  that file lacks ${plan.missing} of the ${plan.planned} planned cells: the SD comes from the other ${plan.planned - plan.missing}`] : []),
    line(headers),
    ...rows.map(line),
  ]
}
