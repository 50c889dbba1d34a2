import { z } from 'zod'
import { categories, categoryEnum, CategoryId } from '../categories.js'

/** Shared enums for the code-review exercise: ground truth and deliverables use the same words. */
export const Severity = z.enum(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'])
export const Verdict = z.enum(['APPROVE', 'REQUEST_CHANGES', 'BLOCK'])
/** What a diff of the ground truth is: with planted issues, without, or without but with lines that look like one. */
export const DiffKind = z.enum(['defective', 'clean', 'decoy'])
export type Severity = z.infer<typeof Severity>
export type Verdict = z.infer<typeof Verdict>

/** The bug classes every code-review task has; a task may add its own (TaskDefinition.categories). */
export const CODE_CATEGORIES = categories([
  ['injection', 'untrusted input reaches a SQL, shell, template or other interpreter as code', ['sqli', 'sql injection', 'command injection', 'xss', 'code injection']],
  ['race_condition', 'concurrent requests, threads or tasks interleave on shared state: check-then-act, lost updates, TOCTOU, lock ordering', ['race', 'toctou', 'data race', 'lost update', 'deadlock', 'lock inversion']],
  ['error_handling', 'failures are swallowed, mis-reported or leave partial state: bare except, unhandled rejection, wrong status', ['swallowed exception', 'bare except', 'unhandled rejection', 'silent failure']],
  ['performance', 'work or queries grow needlessly with data size or request rate: N+1 queries, unbounded loads, hot loops', ['n+1', 'n-plus-one', 'nplusone', 'n plus one', 'slow query']],
  ['auth_bypass', 'an action runs without the authentication, authorisation, ownership or tenant check it needs', ['idor', 'missing auth', 'missing authorization', 'broken access control', 'privilege escalation', 'authz bypass']],
  ['path_traversal', 'a user-controlled path escapes the directory it is meant to stay in', ['traversal', 'path escape', 'dot dot', 'directory traversal', 'zip slip']],
  ['resource_leak', 'connections, files, handles, timers or streams are not released on every path', ['leak', 'unclosed', 'dangling handle']],
  ['off_by_one', 'a boundary, index, range, slice or pagination limit is off by one', ['obo', 'fencepost', 'off by one', 'off-by-one']],
  ['timezone', 'dates and times are computed in the wrong zone or calendar: server-local instead of UTC, DST', ['tz bug', 'wrong timezone', 'dst bug', 'local time bug']],
  ['hardcoded_secret', 'a credential, key or token is written into code, configuration or logs', ['hardcoded key', 'hardcoded password', 'hardcoded token', 'secret in code', 'plaintext password', 'leaked key']],
])
/** The default category ids (a task's own categories come on top). */
export type CodeCategory = string

const LineRange = z
  .object({ start: z.number().int().positive(), end: z.number().int().positive() })
  .refine((r) => r.end >= r.start, { message: 'expected end >= start' })

/** A place in a diff: a changed file and a range of new-file line numbers. */
export const DiffLocation = z.strictObject({
  /** Path of the changed file inside the diff (the "+++ b/<path>" header). */
  file: z.string().min(1),
  /** New-file line numbers, as the gutter shows them. */
  lines: LineRange,
})
export type DiffLocation = z.infer<typeof DiffLocation>

export const PlantedIssue = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/, 'expected a lowercase id like "d03-1"'),
  /** One of the task's categories (the kind's defaults or the task's own). */
  category: CategoryId,
  /**
   * Further categories a finding may use and still catch this issue, for a defect that honestly
   * belongs to two classes (a missing constraint that lets concurrent retries write twice).
   */
  alsoCategories: z.array(CategoryId).optional(),
  severity: Severity,
  /** Path of the changed file inside the diff (the "+++ b/<path>" header). */
  file: z.string().min(1),
  /** New-file line numbers, as the gutter shows them. */
  lines: LineRange,
  /**
   * Further places where a reviewer may rightly report the same defect, for one that is visible
   * only across files or hunks: where an invariant is broken and where it is relied on. A finding
   * at any of them (or at file/lines) catches the issue.
   */
  locations: z.array(DiffLocation).optional(),
  summary: z.string().min(10),
  /** Nice to catch: counts in recall and precision, but is never a must-catch assertion. */
  optional: z.boolean().optional(),
})

export const DecoyLine = z.strictObject({
  file: z.string().min(1),
  lines: LineRange,
  looksLike: CategoryId,
  why: z.string().min(10),
})

export const DiffTruth = z.strictObject({
  /** Input id of the diff fixture (its file name without extension). */
  input: z.string().min(1),
  kind: DiffKind,
  verdict: Verdict,
  issues: z.array(PlantedIssue),
  decoys: z.array(DecoyLine).default([]),
})

export const CodeReviewTruth = z.strictObject({
  diffs: z.array(DiffTruth).min(1),
})
export type CodeReviewTruth = z.infer<typeof CodeReviewTruth>
export type PlantedIssue = z.infer<typeof PlantedIssue>

/** Every place where a finding catches the issue: file/lines first, then the further locations. */
export function issueLocations(issue: PlantedIssue): DiffLocation[] {
  return [{ file: issue.file, lines: issue.lines }, ...(issue.locations ?? [])]
}

/** Every category a finding may use to catch the issue: its category first, then the further ones. */
export function issueCategories(issue: PlantedIssue): string[] {
  return [issue.category, ...(issue.alsoCategories ?? [])]
}

/**
 * What a reviewing organisation must hand in, for a task whose categories are `categoryIds`
 * (a finding may also say "other"). Optional fields are nullable for strict structured outputs.
 */
export function codeReviewDeliverable(categoryIds: readonly string[]) {
  const CodeFinding = z.object({
    file: z.string(),
    line: z.number().int(),
    category: categoryEnum(categoryIds, true),
    severity: Severity,
    explanation: z.string(),
    fix: z.string(),
  })
  const DiffReview = z.object({
    diff: z.string().describe('input id of the diff, e.g. "d99"'),
    verdict: Verdict,
    summary: z.string(),
    findings: z.array(CodeFinding),
  })
  return z.object({ reviews: z.array(DiffReview) })
}
export type CodeReviewDeliverable = z.infer<ReturnType<typeof codeReviewDeliverable>>
export type CodeFinding = CodeReviewDeliverable['reviews'][number]['findings'][number]
