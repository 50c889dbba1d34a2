import type { GateRow, GateRun } from './gate.js'

/*
 * What the gate could compare: a gate whose rows cannot FAIL must not read as a PASS. These say
 * why nothing was comparable, and which levels could not FAIL while others could.
 */

/** Why no row of any level could FAIL, from the cells the runs have in common and apart. */
export function nothingComparable(common: number, baseOnly: number, currentOnly: number): string {
  const apart = `${baseOnly} only in the baseline, ${currentOnly} only in this run`
  const what =
    common === 0
      ? `the runs have no task × topology cell in common (${apart})`
      : `none of the ${common} task × topology cells in common has two trials on each side, and no topology has two tasks in common for a suite or track row (${apart})`
  return `${what}. Gate a run with at least 2 trials per cell, or at least 2 tasks in common with the baseline`
}

/** A note for each level whose rows all SKIP while another level could FAIL (e.g. one trial per cell: only the suite is tested). */
export function levelsThatCouldNotFail(rows: readonly GateRow[]): string[] {
  return [...new Set(rows.map((r) => r.level))].flatMap((level) => {
    const own = rows.filter((r) => r.level === level)
    if (own.some((r) => r.verdict !== 'SKIP')) return []
    const reasons = [...new Set(own.map((r) => r.note ?? 'not tested'))]
    return [`no ${level} row could FAIL (${own.length} rows: ${reasons.join('; ')})`]
  })
}

/** A baseline with status failed: no case succeeded, so every row would compare against errors. Null for any other. */
export function failedBaseline(baseline: GateRun): string | null {
  if (baseline.status !== 'failed') return null
  const why = baseline.statusReasons?.length ? `: ${baseline.statusReasons.join('; ')}` : ''
  return `the baseline ${baseline.runId} has status failed${why}. Every row would compare against errors: make a run that succeeded the baseline (--update-baseline --current <file>)`
}

/** A note for each side whose run is not complete (partial, or a failed current run), with the reasons the run file gives. */
export function statusNotes(baseline: GateRun, current: GateRun): string[] {
  return ([['the baseline', baseline], ['this run', current]] as const).flatMap(([side, run]) => {
    if (run.status === undefined || run.status === 'complete') return []
    const why = run.statusReasons?.length ? ` (${run.statusReasons.join('; ')})` : ''
    const meaning = run.status === 'partial' ? 'cells it lacks are not compared' : 'only its errors can be compared'
    return [`${side} ${run.runId} has status ${run.status}${why}: ${meaning}`]
  })
}

/** Cells keyed "task\u0000topology". */
type CellKeys = ReadonlySet<string> | ReadonlyMap<string, unknown>

/**
 * One note per task and reason for the cells the runs do not share: a cell only in one run, or one
 * whose every trial the dollar cap stopped (`capped`: such cells of each run). A filtered run lacks
 * most cells, so a note per cell would bury the others.
 */
export function cellsApartNotes(base: CellKeys, current: CellKeys, capped: { base: ReadonlySet<string>; current: ReadonlySet<string> }): string[] {
  const split = (k: string) => k.split('\u0000') as [string, string]
  const apart: Array<{ task: string; topology: string; reason: string }> = []
  for (const k of base.keys()) {
    if (current.has(k)) continue
    apart.push({ ...cell(split(k)), reason: capped.current.has(k) ? 'every trial stopped by the dollar cap in this run (not compared)' : 'in the baseline but not in this run (not compared)' })
  }
  for (const k of current.keys()) {
    if (base.has(k)) continue
    apart.push({ ...cell(split(k)), reason: capped.base.has(k) ? 'every trial stopped by the dollar cap in the baseline (not compared)' : 'new in this run, no baseline (not compared)' })
  }
  const groups = new Map<string, { task: string; reason: string; topologies: string[] }>()
  for (const a of apart) {
    const key = `${a.task}\u0000${a.reason}`
    const g = groups.get(key) ?? { task: a.task, reason: a.reason, topologies: [] }
    g.topologies.push(a.topology)
    groups.set(key, g)
  }
  const tasksOf = (keys: CellKeys) => new Set([...keys.keys()].map((k) => split(k)[0]))
  const tasks = { base: tasksOf(base), current: tasksOf(current) }
  return [...groups.values()]
    .sort((a, b) => (a.task < b.task ? -1 : a.task > b.task ? 1 : 0))
    .map(({ task, reason, topologies }) => {
      const wholeTask = !tasks.current.has(task) ? 'this run' : !tasks.base.has(task) ? 'the baseline' : null
      if (wholeTask !== null && topologies.length > 1 && !reason.includes('dollar cap')) return `${task}: not in ${wholeTask}, none of its ${topologies.length} topologies compared`
      const sorted = [...topologies].sort()
      const which = sorted.length === 1 ? sorted[0]! : `${sorted.length} topologies (${sorted.join(', ')})`
      return `${task} × ${which}: ${reason}`
    })
}

const cell = ([task, topology]: [string, string]) => ({ task, topology })
