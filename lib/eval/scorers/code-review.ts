import { type CodeReviewDeliverable, type CodeReviewTruth, issueCategories, issueLocations, type PlantedIssue, type Severity } from '../../tasks/kinds/code-review.js'
import { f1, type GroundTruthScore, type MustCatch, ratio, round4, round4OrNull } from '../types.js'
import { idIn, idKey, noIdMatches, pathKey } from './ids.js'
import { CODE_REVIEW_PRECISION_FLOOR, unlessShotgun } from './precision-floor.js'

/** Line tolerance: a finding matches a planted issue when it is within this many lines of its range. */
export const LINE_TOLERANCE = 3
const SEVERITY_WEIGHT: Record<Severity, number> = { CRITICAL: 4, HIGH: 3, MEDIUM: 2, LOW: 1 }

/** Lines between a finding and a range: 0 inside it, else the distance to its nearer end. */
const distanceTo = (line: number, lines: { start: number; end: number }) => (line < lines.start ? lines.start - line : line > lines.end ? line - lines.end : 0)

/**
 * Scores a review against planted issues. A finding catches an issue only when it is filed under
 * the issue's own diff, uses one of the issue's categories, names the file of one of the issue's
 * locations and lies within ±3 lines of that location's range; each finding catches at most one
 * issue. Paths and diff ids are read as ids.ts reads them (`b/src/x.ts`, `./src/x.ts` and
 * "`src/x.ts`" name src/x.ts; "D01" and "diff d01" name d01). Every finding counts toward precision; findings filed under clean and decoy diffs, and
 * unmatched findings on a decoy spot, are false alarms.
 *
 * score = 100 × (0.35 · severity-weighted recall + 0.35 · precision + 0.2 · verdict accuracy + 0.1 · severity accuracy)
 *
 * Recall and precision weigh the same because the briefs say so ("Precision matters as much as
 * recall"). A review less than CODE_REVIEW_PRECISION_FLOOR of whose findings are right catches no
 * must-catch bug: a finding among hundreds of false ones does not show the bug was seen.
 */
export function scoreCodeReview(truth: CodeReviewTruth, deliverable: CodeReviewDeliverable): GroundTruthScore {
  const example = truth.diffs[0]?.input ?? ''
  const diffKey = (raw: string) => idIn(raw, example) ?? ''
  const findings = deliverable.reviews.flatMap((r) => r.findings.map((f) => ({ ...f, file: pathKey(f.file), diff: diffKey(r.diff) })))
  const used = new Set<number>()
  const matchOf = new Map<string, (typeof findings)[number]>()
  const issues: Array<PlantedIssue & { diff: string; diffKey: string }> = truth.diffs.flatMap((d) => d.issues.map((i) => ({ ...i, diff: d.input, diffKey: idKey(d.input) })))
  // Severe issues pick their closest finding first, so a near-duplicate cannot steal a critical match.
  for (const issue of [...issues].sort((a, b) => SEVERITY_WEIGHT[b.severity] - SEVERITY_WEIGHT[a.severity])) {
    const locations = issueLocations(issue)
    const categories = issueCategories(issue)
    let best = -1
    let bestDistance = Infinity
    findings.forEach((f, i) => {
      if (used.has(i) || f.diff !== issue.diffKey || !categories.includes(f.category)) return
      const distance = Math.min(...locations.filter((l) => pathKey(l.file) === f.file).map((l) => distanceTo(f.line, l.lines)))
      if (distance <= LINE_TOLERANCE && distance < bestDistance) {
        best = i
        bestDistance = distance
      }
    })
    if (best >= 0) {
      used.add(best)
      matchOf.set(issue.id, findings[best]!)
    }
  }

  const counts: GroundTruthScore['counts'] = {}
  for (const sev of ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] as const) {
    const ofSeverity = issues.filter((i) => i.severity === sev)
    counts[`recall_${sev.toLowerCase()}`] = { hit: ofSeverity.filter((i) => matchOf.has(i.id)).length, total: ofSeverity.length }
  }
  const matched = matchOf.size
  const recall = ratio(matched, issues.length)
  const weightTotal = issues.reduce((s, i) => s + SEVERITY_WEIGHT[i.severity], 0)
  const weightedRecall = ratio(issues.filter((i) => matchOf.has(i.id)).reduce((s, i) => s + SEVERITY_WEIGHT[i.severity], 0), weightTotal)
  const precision = ratio(matched, findings.length)
  const severityRight = [...matchOf.entries()].filter(([id, f]) => issues.find((i) => i.id === id)!.severity === f.severity).length
  const severityAccuracy = ratio(severityRight, matched)

  const cleanIds = new Set(truth.diffs.filter((d) => d.kind !== 'defective').map((d) => idKey(d.input)))
  const decoysOf = new Map(truth.diffs.map((d) => [idKey(d.input), d.decoys]))
  const onDecoy = (f: (typeof findings)[number]) => (decoysOf.get(f.diff) ?? []).some((x) => pathKey(x.file) === f.file && distanceTo(f.line, x.lines) <= LINE_TOLERANCE)
  const falseAlarmsOnClean = findings.filter((f, i) => cleanIds.has(f.diff) || (!used.has(i) && onDecoy(f))).length

  const verdicts = new Map(deliverable.reviews.map((r) => [diffKey(r.diff), r.verdict]))
  const verdictOf = { get: (input: string) => verdicts.get(idKey(input)), has: (input: string) => verdicts.has(idKey(input)) }
  const verdictRight = truth.diffs.filter((d) => verdictOf.get(d.input) === d.verdict).length
  const verdictAccuracy = ratio(verdictRight, truth.diffs.length)
  const reviewed = truth.diffs.filter((d) => verdictOf.has(d.input)).length
  counts.verdicts = { hit: verdictRight, total: truth.diffs.length }
  counts.diffs_reviewed = { hit: reviewed, total: truth.diffs.length }
  counts.findings = { hit: matched, total: findings.length }
  counts.false_alarms_on_clean_and_decoy = { hit: falseAlarmsOnClean, total: findings.length }
  // Pull requests that should merge but were blocked or sent back (a missing review blocks nothing).
  const approvable = truth.diffs.filter((d) => d.verdict === 'APPROVE')
  counts.clean_not_approved = { hit: approvable.filter((d) => verdictOf.has(d.input) && verdictOf.get(d.input) !== 'APPROVE').length, total: approvable.length }

  const mustCatchBugs = issues.filter((i) => (i.severity === 'CRITICAL' || i.severity === 'HIGH') && !i.optional)
  counts.must_catch_bugs = { hit: mustCatchBugs.filter((i) => matchOf.has(i.id)).length, total: mustCatchBugs.length }
  const mustCatch: MustCatch[] = [
    ...unlessShotgun(
      mustCatchBugs.map((i) => ({
        id: i.id,
        description: `${i.severity} ${i.category} in ${i.file} lines ${i.lines.start}-${i.lines.end} (${i.diff})`,
        caught: matchOf.has(i.id),
      })),
      precision,
      'findings',
      CODE_REVIEW_PRECISION_FLOOR,
    ),
    ...truth.diffs
      .filter((d) => d.verdict === 'BLOCK')
      .map((d) => ({ id: `${d.input}-not-approved`, description: `${d.input} must not be approved (expected BLOCK)`, caught: verdictOf.has(d.input) && verdictOf.get(d.input) !== 'APPROVE' })),
  ]

  const p = precision ?? (issues.length === 0 ? 1 : 0)
  const score = 100 * (0.35 * (weightedRecall ?? 1) + 0.35 * p + 0.2 * (verdictAccuracy ?? 0) + 0.1 * (severityAccuracy ?? 0))
  return {
    score: round4(score),
    metrics: {
      recall: round4OrNull(recall),
      weighted_recall: round4OrNull(weightedRecall),
      precision: round4OrNull(precision),
      f1: round4OrNull(f1(precision ?? 0, recall)),
      verdict_accuracy: round4OrNull(verdictAccuracy),
      severity_accuracy: round4OrNull(severityAccuracy),
    },
    counts,
    mustCatch,
    ...(deliverable.reviews.length > 0 && reviewed === 0 ? { warnings: [noIdMatches('diff', deliverable.reviews.map((r) => r.diff), truth.diffs.map((d) => d.input))] } : {}),
  }
}
