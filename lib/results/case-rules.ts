import { z } from 'zod'

/*
 * What a case's numbers can be, beyond their types: the rules a results file is read under, so a
 * hand-edited or damaged file fails with the field that breaks them instead of feeding the gate
 * and the report impossible values.
 */

/** A score on the 0-100 scale (headline, ground truth, checklist, judge). */
export const Points = z
  .number()
  .min(0, { error: (issue) => `expected a score from 0 to 100, found ${String(issue.input)}` })
  .max(100, { error: (issue) => `expected a score from 0 to 100, found ${String(issue.input)}` })

/** The fields of a case (record or summary) that the consistency rules read. */
interface CaseScores {
  status: 'ok' | 'error'
  scores: {
    headline: number | null
    groundTruth: { score: number } | null
    checklist: { score: number } | null
    judge: { score: number | null } | null
  }
  errors: readonly unknown[]
}

/** A rule a case breaks: where (a path inside the case) and what was expected. */
export interface CaseRuleIssue {
  path: Array<string | number>
  message: string
}

/**
 * An errored case has no score (it is never a 0) and names at least one cause. A successful case
 * has its headline whenever one of its components was scored: a headline is null on success only
 * when the task weighs nothing that was scored (lib/eval/score.ts headlineScore), e.g. a task
 * scored by the judge alone in a run with the judge off. Checked by the readers of results files,
 * not inside the schemas: a refinement there held about a third more memory in a 10,000-case run.
 */
export function caseRuleIssues(c: CaseScores): CaseRuleIssue[] {
  const { headline, groundTruth, checklist, judge } = c.scores
  const issues: CaseRuleIssue[] = []
  if (c.status === 'error') {
    if (headline !== null) issues.push({ path: ['scores', 'headline'], message: `an errored case has no score: expected null, found ${headline}` })
    if (c.errors.length === 0) issues.push({ path: ['errors'], message: 'an errored case names its cause: expected at least one error, found none' })
    return issues
  }
  const scored = [groundTruth && 'groundTruth', checklist && 'checklist', judge?.score != null && 'judge'].filter((x): x is string => typeof x === 'string')
  if (headline === null && scored.length > 0) {
    issues.push({ path: ['scores', 'headline'], message: `a successful case with a ${scored.join(', ')} score has its headline: expected a score from 0 to 100, found null` })
  }
  return issues
}

/** caseRuleIssues as a zod refinement, for a schema read rarely (version-1 files). */
export function checkCaseConsistency(c: CaseScores, ctx: z.RefinementCtx): void {
  for (const issue of caseRuleIssues(c)) ctx.addIssue({ code: 'custom', ...issue })
}
