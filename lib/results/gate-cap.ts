import type { GateRun } from './gate.js'
import { stoppedByBudget } from './values.js'

/*
 * Cases the dollar cap stopped are not compared (README "The regression gate", Settings): the cap
 * says how much a run could spend, not how the topologies did, so such a case is neither an error
 * nor a score. The gate leaves them out of every row and floor and says how many there were.
 */

/** `run` without the cases the dollar cap stopped, and how many it stopped. */
export function withoutCapStops<R extends GateRun>(run: R): { run: R; stopped: number } {
  const kept = run.cases.filter((r) => !stoppedByBudget(r))
  const stopped = run.cases.length - kept.length
  return { run: stopped === 0 ? run : { ...run, cases: kept }, stopped }
}

/** A note for each side whose cases the cap stopped; when it stopped most of them, the note says that most of the run is not compared. */
export function capNotes(sides: ReadonlyArray<{ side: string; runId: string; stopped: number; total: number }>): string[] {
  return sides.flatMap(({ side, runId, stopped, total }) => {
    if (stopped === 0) return []
    const most = 2 * stopped > total ? `: most of ${side} is not compared, and a PASS speaks only for the ${total - stopped} cases that ran` : ''
    return [`the dollar cap stopped ${stopped} of ${total} cases of ${side} ${runId}; they are left out of every row and of the error rate (not compared)${most}`]
  })
}
