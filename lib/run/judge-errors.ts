import type { JudgeResult, RunError, TestRecord } from '../results/record.js'

/** The failures of a quality judgement (rubric#n, pairwise#n) whose call the dollar cap refused (kind `budget`). */
const refusedByCap = (judge: Pick<JudgeResult, 'failures'> | null) => (judge?.failures ?? []).filter((f) => f.kind === 'budget')

/** The steps of a quality judgement whose call the dollar cap refused. */
export function capRefusedSteps(judge: Pick<JudgeResult, 'failures'> | null): string[] {
  return refusedByCap(judge).map((f) => f.step)
}

/**
 * The run errors a quality judgement adds to its case. A call the dollar cap refused, whichever
 * it was, makes the case a `budget` error: its judgement is not the one an uninterrupted run
 * makes, and a resume with a higher cap runs the case again. Any other failed call leaves the
 * judgement standing on the calls that succeeded, unless no rubric judgement could be used.
 */
export function judgeErrors(judge: JudgeResult): RunError[] {
  const refused = refusedByCap(judge)
  if (refused.length > 0) {
    const steps = refused.map((f) => f.step).join(', ')
    return [{ stage: 'judge', kind: 'budget', message: `the dollar cap refused judge call(s) ${steps}: ${refused[0]!.message}`, callId: null }]
  }
  if (judge.score !== null) return []
  const first = judge.failures[0]
  return [{ stage: 'judge', kind: first?.kind ?? 'judge', message: `every rubric judgement failed: ${first?.message ?? 'unknown cause'}`, callId: null }]
}

/**
 * Whether a journaled record stands as a successful one on a resume: status ok, and no judge call
 * refused by the dollar cap (a record written before such a refusal made its case an error).
 */
export function keepsOnResume(record: Pick<TestRecord, 'status' | 'scores'>): boolean {
  return record.status === 'ok' && capRefusedSteps(record.scores.judge).length === 0
}
