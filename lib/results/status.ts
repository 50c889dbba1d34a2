import { filterDescriptions, type RunFilters } from './manifest.js'
import type { RunStatus } from './schema.js'

/** What decides a run's status; every count is of benchmark cases (task × topology × trial). */
export interface StatusFacts {
  /** Vitest ended the run early (Ctrl-C, bail, a fatal error). */
  interrupted: boolean
  /** Settings that narrowed the suite, e.g. "ORGBENCH_TASKS=code_review_execution". */
  filters: readonly string[]
  /** Declared cases that did not run (a -t name filter, ORGBENCH_TASKS, .skip). */
  skipped: number
  /** Cases that ran but left no record in the journal (e.g. a worker died). */
  missing: number
  /** Shards of a sharded run whose journal was not merged, e.g. "2/3". */
  missingShards: readonly string[]
  /** Benchmark files that failed to load or errors outside any test. */
  runErrors: number
  /**
   * Cases an earlier session journaled that this session did not run (its filters left them out, or
   * it was interrupted), by task: the run holds them, but its filters do not say so.
   */
  notRunBySession: ReadonlyMap<string, number>
  /** Cases the dollar cap stopped (ORGBENCH_MAX_USD): not run or not finished, recorded as budget errors; 0 when none. */
  stoppedByCap?: number
  /** Records in the run, and how many of them succeeded (status ok). */
  records: number
  ok: number
}

/**
 * The run's status and, unless complete, why:
 * - `failed`: no record succeeded — every case errored (endpoint down, unknown model) or none ran;
 * - `partial`: some record succeeded, but the run was interrupted, filtered, had skipped cases,
 *   cases without a record, cases the dollar cap stopped, missing shards, or errors outside the tests;
 * - `complete`: otherwise. Errored cases do not make a run partial: they are measured outcomes
 *   (counted in totals.errors, bounded by the gate's error-rate ceiling), and a resume re-runs them.
 *   A case the cap stopped is no outcome: it did not run, so the run is not whole.
 */
export function runStatus(f: StatusFacts): { status: RunStatus; reasons: string[] } {
  if (f.ok === 0) {
    const why = f.records === 0 ? 'no case produced a record' : `no case succeeded (all ${f.records} errored)`
    return { status: 'failed', reasons: [why] }
  }
  const reasons = [
    ...(f.interrupted ? ['the run was interrupted before every case had run'] : []),
    ...f.filters.map((x) => `filtered by ${x}`),
    ...(f.skipped > 0 ? [`${f.skipped} case(s) skipped`] : []),
    ...(f.missing > 0 ? [`${f.missing} case(s) ran without leaving a record`] : []),
    ...((f.stoppedByCap ?? 0) > 0 ? [`${f.stoppedByCap} case(s) stopped by the dollar cap (ORGBENCH_MAX_USD), not run or not finished`] : []),
    ...f.missingShards.map((s) => `shard ${s} was not merged`),
    ...(f.runErrors > 0 ? [`${f.runErrors} error(s) outside the tests (e.g. a benchmark file failed to load)`] : []),
    ...(f.notRunBySession.size > 0 ? [earlierSessionReason(f.notRunBySession)] : []),
  ]
  return { status: reasons.length > 0 ? 'partial' : 'complete', reasons }
}

function earlierSessionReason(byTask: ReadonlyMap<string, number>): string {
  const total = [...byTask.values()].reduce((a, b) => a + b, 0)
  const tasks = [...byTask].sort(([a], [b]) => a.localeCompare(b)).map(([task, n]) => `${task}: ${n}`)
  return `${total} case(s) kept from an earlier session that this one did not run (${tasks.join(', ')}); a resume runs their errored cases again only with filters that include them`
}

/**
 * The line for a run in which no benchmark case ran and nothing was journaled, when an orgbench
 * filter (ORGBENCH_TASKS, ORGBENCH_TOPOLOGIES, ORGBENCH_TIER) is set: the run then fails, naming
 * every filter that narrowed it (-t too) when no test ran; when tests ran (a learning iteration
 * that failed before its first case), the filters selected them, and the line says what happened
 * instead. Null without such a filter (-t alone narrows as in Vitest).
 */
export function noCaseRanNotice(filters: RunFilters, tests: { passed: number; failed: number }): string | null {
  if (filters.tasks === null && filters.topologies === null && filters.tier === null) return null
  if (tests.failed > 0) return `[orgbench] no benchmark case ran: ${tests.failed} test(s) failed before any case ran; see the errors above`
  if (tests.passed > 0) return `[orgbench] no benchmark case ran: ${tests.passed} test(s) passed without running a case`
  return `[orgbench] no benchmark case ran: the filters (${filterDescriptions(filters).join(', ')}) select no case of the benchmark files run`
}
