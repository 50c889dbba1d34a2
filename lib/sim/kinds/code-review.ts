import { type CodeCategory, type CodeFinding, type CodeReviewDeliverable, type CodeReviewTruth, type DiffLocation, issueCategories, issueLocations, type PlantedIssue, type Verdict } from '../../tasks/kinds/code-review.js'
import { parseUnifiedDiff } from '../../tasks/diff.js'
import { objectsWith, SEVERITY_STEPS, type SimContext, type SimItem, slip } from '../context.js'
import { itemChances, type ItemOutcomes, registerOutcomeReader, trapChance } from '../calibration.js'
import type { Task } from '../../tasks/registry.js'
import type { Difficulty } from '../profiles.js'

/**
 * Words in a role's focus that put a category in focus, for a profile that weighs focus (no
 * shipped profile does: inFocus = outOfFocus = 1). Task foci name areas of the work, not what makes
 * an item a finding, so these words seldom occur in them; a focus could only ever help a role
 * through a profile, never through what its text hints.
 */
export const FOCUS_WORDS: Partial<Record<CodeCategory, string[]>> = {
  injection: ['untrusted', 'quer', 'shell', 'command'],
  race_condition: ['concurren', 'shared', 'thread', 'parallel', 'atomic', 'interleav', 'same moment', 'locked'],
  error_handling: ['fail', 'exception', 'retr', 'recover'],
  performance: ['efficien', 'round trip', 'round-trip', 'latency', 'per-request', 'scal', 'number of queries'],
  auth_bypass: ['permission', 'who may', 'caller', 'identity', 'authori'],
  path_traversal: ['file system', 'filesystem', 'file'],
  resource_leak: ['handle', 'connection', 'close', 'lifecycle', 'clean'],
  off_by_one: ['boundar', 'index', 'pagination', 'range', 'edge', 'begin and end'],
  timezone: ['time', 'date', 'clock', 'calendar'],
  hardcoded_secret: ['credential', 'configuration', 'key'],
  data_integrity: ['migration', 'orm model', 'unique'],
  money_arithmetic: ['amounts', 'prices', 'currenc'],
  unicode_normalisation: ['names and addresses', 'matched'],
  integer_overflow: ['fits the type', 'column'],
  idempotency: ['retr', 'deliver', 'halfway'],
  stale_cache: ['reloaded', 'copied', 'settings'],
  pagination: ['lists', 'begin and end'],
}

/**
 * How hard a planted issue is to find. On the standard tier that is its severity. The hard tier
 * hides its issues across files, in volume and among decoys, so there every issue that is not a
 * must-catch item is found like a LOW one. Must-catch items keep their severity: they are test
 * assertions, and the offline suite (sim-strong) must stay green; a real strong model is expected
 * to miss some of them. Together with decoys that draw more false alarms (DECOY_PULL) this keeps
 * the simulated single agent well below its standard-tier score on a task without a calibration;
 * with one, the real model's results set each issue's chances (`readReviewOutcomes`).
 */
export function difficultyOf(tier: 'standard' | 'hard', issue: Pick<PlantedIssue, 'severity' | 'optional'>): Difficulty {
  const mustCatch = (issue.severity === 'CRITICAL' || issue.severity === 'HIGH') && !issue.optional
  return tier === 'standard' || mustCatch ? issue.severity : 'LOW'
}

/** How much more often than an ordinary line a decoy draws a false alarm, per tier. */
export const DECOY_PULL = { standard: 2.5, hard: 5 } as const

/** Whether an earlier agent's finding (a loose object from the prompt) reports this issue. */
function reports(f: Record<string, unknown>, locations: readonly DiffLocation[], categories: readonly string[]): boolean {
  return (
    typeof f.line === 'number' &&
    categories.includes(String(f.category)) &&
    locations.some((l) => l.file === f.file && (f.line as number) >= l.lines.start - 3 && (f.line as number) <= l.lines.end + 3)
  )
}

const FIXES: Partial<Record<CodeCategory, string>> = {
  injection: 'Bind the values as query parameters instead of formatting them into the statement.',
  race_condition: 'Guard the read-modify-write with a lock or make it a single atomic operation.',
  error_handling: 'Catch only the expected exception, log it with context and surface the failure to the caller.',
  performance: 'Fetch the related rows in one batched query (JOIN or IN) instead of one query per row.',
  auth_bypass: "Check the caller's permission on the resource before acting on it.",
  path_traversal: 'Resolve the path and reject it unless it stays inside the base directory.',
  resource_leak: 'Release the resource in a finally block or a context manager.',
  off_by_one: 'Fix the bound so the first and last elements are handled exactly once.',
  timezone: 'Use timezone-aware timestamps in UTC and convert only for display.',
  hardcoded_secret: 'Load the credential from the secret store or environment and rotate the exposed one.',
}

/** What a reviewer proposes for a category; a task's own categories get a generic but concrete fix. */
const fixFor = (category: string): string => FIXES[category] ?? 'Change the code so that the defect described above cannot occur, and add a test for the failing case.'

/** Words in a role's focus that put a category in focus; a task's own categories use their synonyms. */
function focusWordsFor(ctx: SimContext, category: string): readonly string[] {
  return FOCUS_WORDS[category] ?? ctx.task.categories.find((c) => c.id === category)?.synonyms ?? []
}

const SECURITY: ReadonlySet<string> = new Set(['injection', 'auth_bypass', 'path_traversal', 'hardcoded_secret'])

/** The verdict a reviewer derives from its own findings. */
function verdictFor(findings: ReadonlyArray<Pick<CodeFinding, 'severity' | 'category'>>): Verdict {
  if (findings.some((f) => f.severity === 'CRITICAL' || (f.severity === 'HIGH' && SECURITY.has(f.category)))) return 'BLOCK'
  return findings.length > 0 ? 'REQUEST_CHANGES' : 'APPROVE'
}

const categoryIds = (ctx: SimContext): string[] => ctx.task.categories.map((c) => c.id)

/**
 * The simulator's item for a planted issue, for agents and judge alike: the one place where an
 * issue's difficulty and chances are set (from the task's calibration where it has one, see
 * `readReviewOutcomes`).
 */
function issueItem(ctx: SimContext, issue: PlantedIssue): SimItem {
  const difficulty = difficultyOf(ctx.task.tier, issue)
  return { id: issue.id, difficulty, ...itemChances(ctx.task, issue.id, difficulty), focusWords: focusWordsFor(ctx, issue.category), themes: [issue.severity.toLowerCase(), issue.category] }
}

const decoyKey = (diff: string, j: number) => `${diff}#decoy-${j}`
const strayKey = (diff: string) => `${diff}#stray`

/**
 * What a calibration review got right: each planted issue found under its own pull request (and
 * with its severity), each decoy flagged, and whether a pull request got a finding that is neither.
 */
function readReviewOutcomes(task: Task, data: unknown): ItemOutcomes {
  const truth = task.truth!.data as CodeReviewTruth
  const out: Required<ItemOutcomes> = { right: new Map(), exact: new Map(), fooled: new Map() }
  for (const diff of truth.diffs) {
    const findings = (data as CodeReviewDeliverable).reviews.filter((r) => r.diff === diff.input).flatMap((r) => r.findings) as unknown as Array<Record<string, unknown>>
    const explained = new Set<unknown>()
    for (const issue of diff.issues) {
      const hits = findings.filter((f) => reports(f, issueLocations(issue), issueCategories(issue)))
      hits.forEach((f) => explained.add(f))
      out.right.set(issue.id, hits.length > 0)
      out.exact.set(issue.id, hits.some((f) => f.severity === issue.severity))
    }
    for (const [j, decoy] of diff.decoys.entries()) {
      const flags = findings.filter((f) => !explained.has(f) && f.file === decoy.file && typeof f.line === 'number' && f.line >= decoy.lines.start - 3 && f.line <= decoy.lines.end + 3)
      flags.forEach((f) => explained.add(f))
      out.fooled.set(decoyKey(diff.input, j), flags.length > 0)
    }
    out.fooled.set(strayKey(diff.input), findings.some((f) => !explained.has(f)))
  }
  return out
}
registerOutcomeReader('code_review', readReviewOutcomes)

/** How much more often than an ordinary line a decoy of this task draws a false alarm (more or less where a calibration says so). */
const decoyAlarm = (ctx: SimContext, diff: string, j: number) => trapChance(ctx.task, ctx.profile, decoyKey(diff, j), Math.min(1, ctx.profile.falseAlarm * DECOY_PULL[ctx.task.tier]))

/**
 * The pull request each earlier finding was filed under, when it sits in a review: pull requests
 * of one repository share files, so a finding belongs to its review, not to every diff of its file.
 */
function reviewOf(prior: readonly unknown[]): Map<unknown, string> {
  const diffOf = new Map<unknown, string>()
  for (const review of objectsWith(prior, ['diff', 'findings'])) {
    if (Array.isArray(review.findings)) for (const f of review.findings) diffOf.set(f, String(review.diff))
  }
  return diffOf
}

/** Whether a critique in the prompt names the issue as missing: one of its categories at one of its files. */
const hintedIssue = (ctx: SimContext, issue: PlantedIssue) => issueCategories(issue).some((c) => issueLocations(issue).some((l) => ctx.hinted(`category=${c}`, `file=${l.file}`)))

/**
 * Simulated code review: planted issues found per the profile, plus false alarms (on decoys above
 * all). Earlier findings count only under their own pull request; a model fooled by a decoy is
 * fooled in every call of the trial.
 */
export function simulateCodeReview(ctx: SimContext, truth: CodeReviewTruth): CodeReviewDeliverable {
  const all = objectsWith(ctx.prior, ['file', 'line', 'category'])
  const filedUnder = reviewOf(ctx.prior)
  const reviews = truth.diffs.map((diff) => {
    const input = ctx.task.resolvedInputs.find((i) => i.id === diff.input)
    const files = input ? parseUnifiedDiff(input.content) : []
    const paths = new Set(files.map((f) => f.path))
    // Earlier findings of this pull request: filed under it, or loose findings on one of its files.
    const mine = (f: Record<string, unknown>) => (filedUnder.has(f) ? filedUnder.get(f) === diff.input : paths.has(String(f.file)))
    const earlier = all.filter(mine)
    const findings: CodeFinding[] = []
    const near = (f: Record<string, unknown>, lines: { start: number; end: number }) => typeof f.line === 'number' && f.line >= lines.start - 3 && f.line <= lines.end + 3
    for (const issue of diff.issues) {
      const locations = issueLocations(issue)
      const accepted = issueCategories(issue)
      const d = ctx.decide(issueItem(ctx, issue), earlier.some((f) => reports(f, locations, accepted)) || hintedIssue(ctx, issue))
      if (!d.found) continue
      // A defect visible in several places is reported at one of them, the same one in every call.
      const where = ctx.pick(locations, issue.id, 'where')
      const span = where.lines.end - where.lines.start
      const category = d.confused ? ctx.pick(categoryIds(ctx).filter((c) => !accepted.includes(c)), issue.id, 'cat') : issue.category
      findings.push({
        file: where.file,
        line: where.lines.start + ctx.pick([...Array(span + 1).keys()], issue.id, 'line'),
        category,
        severity: d.slipped ? slip(issue.severity, SEVERITY_STEPS) : issue.severity,
        explanation: issue.summary,
        fix: fixFor(category),
      })
    }
    // Decoys attract false alarms more than ordinary lines do; a model fooled by one is fooled in every call.
    for (const [j, decoy] of diff.decoys.entries()) {
      const seen = earlier.some((f) => f.file === decoy.file && f.category === decoy.looksLike && typeof f.line === 'number' && Math.abs(f.line - decoy.lines.start) <= 3)
      if (ctx.errs(decoyAlarm(ctx, diff.input, j), diff.input, j, 'decoy') || (seen && ctx.keepsSpurious(diff.input, j, 'decoy'))) {
        findings.push({
          file: decoy.file,
          line: decoy.lines.start,
          category: decoy.looksLike,
          severity: 'HIGH',
          explanation: 'This looks unsafe and should be reworked.',
          fix: fixFor(decoy.looksLike),
        })
      }
    }
    if (ctx.errs(trapChance(ctx.task, ctx.profile, strayKey(diff.input), ctx.profile.falseAlarm), diff.input, 'false-alarm')) {
      const added = files.flatMap((f) => f.lines.filter((l) => l.kind === 'add').map((l) => ({ file: f.path, line: l.newLine! })))
      if (added.length > 0) {
        const spot = ctx.pick(added, diff.input, 'false-alarm-line')
        const category = ctx.pick(categoryIds(ctx), diff.input, 'false-alarm-cat')
        findings.push({ ...spot, category, severity: ctx.pick(['MEDIUM', 'LOW'] as const, diff.input, 'fa-sev'), explanation: 'Possible problem here.', fix: fixFor(category) })
      }
    }
    // Spurious findings from earlier agents of this pull request may survive into this reply, each
    // at most once however many earlier agents repeated it (one decision per finding, not per copy).
    for (const f of earlier) {
      const known = diff.issues.some((i) => reports(f, issueLocations(i), issueCategories(i))) || diff.decoys.some((x) => x.file === f.file && x.looksLike === f.category && near(f, x.lines))
      const duplicate = findings.some((x) => x.file === f.file && x.line === f.line && x.category === f.category)
      if (!known && !duplicate && typeof f.line === 'number' && ctx.keepsSpurious(diff.input, String(f.file), f.line, String(f.category))) {
        const category = categoryIds(ctx).includes(String(f.category)) ? String(f.category) : 'error_handling'
        findings.push({ file: String(f.file), line: f.line, category, severity: 'LOW', explanation: String(f.explanation ?? 'Possible problem here.'), fix: fixFor(category) })
      }
    }
    return { diff: diff.input, verdict: verdictFor(findings), summary: findings.length === 0 ? 'No problems found.' : `${findings.length} finding(s).`, findings }
  })
  return { reviews }
}

/**
 * What a judge model believes the planted issues are, reading `candidate`: the issues it sees itself
 * (with its own blind spots), those it cannot see but the candidate reports under their own pull
 * request at one of their places (it gives the benefit of the doubt), and the decoys it falls for.
 * Verdicts follow from that belief.
 */
export function believeCodeReview(judge: SimContext, truth: CodeReviewTruth, candidate: CodeReviewDeliverable): CodeReviewTruth {
  return {
    diffs: truth.diffs.map((diff) => {
      const reported = candidate.reviews.filter((r) => r.diff === diff.input).flatMap((r) => r.findings)
      const issues = diff.issues.filter((issue) => judge.sees(issueItem(judge, issue)) || reported.some((f) => reports(f, issueLocations(issue), issueCategories(issue))))
      const fooled = diff.decoys.filter((_, j) => judge.errs(decoyAlarm(judge, diff.input, j), diff.input, j, 'decoy'))
      const believed: PlantedIssue[] = [...issues, ...fooled.map((d, j) => ({ id: `${diff.input}-believed-${j}`, category: d.looksLike, severity: 'HIGH' as const, file: d.file, lines: d.lines, summary: d.why }))]
      const exact = believed.length === diff.issues.length && fooled.length === 0
      return { ...diff, kind: believed.length > 0 ? 'defective' : diff.kind, issues: believed, verdict: exact ? diff.verdict : verdictFor(believed) }
    }),
  }
}
