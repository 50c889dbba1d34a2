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
