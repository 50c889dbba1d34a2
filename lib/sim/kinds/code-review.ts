import type { CodeCategory, CodeFinding, CodeReviewDeliverable, CodeReviewTruth, Verdict } from '../../tasks/kinds/code-review.js'
import { parseUnifiedDiff } from '../../tasks/diff.js'
import { objectsWith, SEVERITY_STEPS, type SimContext, type SimItem, slip } from '../context.js'

const FOCUS_WORDS: Partial<Record<CodeCategory, string[]>> = {
  injection: ['untrusted', 'quer', 'shell', 'command'],
  race_condition: ['concurren', 'shared', 'thread', 'parallel', 'atomic', 'interleav'],
  error_handling: ['fail', 'exception', 'retr', 'recover'],
  performance: ['efficien', 'round trip', 'round-trip', 'latency', 'per-request', 'scal'],
  auth_bypass: ['permission', 'who may', 'caller', 'identity', 'authori'],
  path_traversal: ['file system', 'filesystem', 'file'],
  resource_leak: ['handle', 'connection', 'close', 'lifecycle', 'clean'],
  off_by_one: ['boundar', 'index', 'pagination', 'range', 'edge'],
  timezone: ['time', 'date', 'clock', 'calendar'],
  hardcoded_secret: ['credential', 'configuration', 'key'],
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
function verdictFor(findings: CodeFinding[]): Verdict {
  if (findings.some((f) => f.severity === 'CRITICAL' || (f.severity === 'HIGH' && SECURITY.has(f.category)))) return 'BLOCK'
  return findings.length > 0 ? 'REQUEST_CHANGES' : 'APPROVE'
}

const categoryIds = (ctx: SimContext): string[] => ctx.task.categories.map((c) => c.id)

/** Simulated code review: planted issues found per the profile, plus seeded false alarms. */
export function simulateCodeReview(ctx: SimContext, truth: CodeReviewTruth): CodeReviewDeliverable {
  const earlier = objectsWith(ctx.prior, ['file', 'line', 'category'])
  const reviews = truth.diffs.map((diff) => {
    const input = ctx.task.resolvedInputs.find((i) => i.id === diff.input)
    const files = input ? parseUnifiedDiff(input.content) : []
    const paths = new Set(files.map((f) => f.path))
    const findings: CodeFinding[] = []
    for (const issue of diff.issues) {
      const item: SimItem = { id: issue.id, difficulty: issue.severity, focusWords: focusWordsFor(ctx, issue.category) }
      const seen = earlier.some(
        (f) =>
          f.file === issue.file &&
          f.category === issue.category &&
          typeof f.line === 'number' &&
          f.line >= issue.lines.start - 3 &&
          f.line <= issue.lines.end + 3,
      )
      const d = ctx.decide(item, seen)
      if (!d.found) continue
      const span = issue.lines.end - issue.lines.start
      const category = d.confused ? ctx.pick(categoryIds(ctx).filter((c) => c !== issue.category), issue.id, 'cat') : issue.category
      findings.push({
        file: issue.file,
        line: issue.lines.start + Math.floor(ctx.unit(issue.id, 'line') * (span + 1)),
        category,
        severity: d.slipped ? slip(issue.severity, SEVERITY_STEPS) : issue.severity,
        explanation: issue.summary,
        fix: fixFor(category),
      })
    }
    // Decoys attract false alarms more than ordinary lines do.
    for (const [j, decoy] of diff.decoys.entries()) {
      const seen = earlier.some((f) => f.file === decoy.file && f.category === decoy.looksLike && typeof f.line === 'number' && Math.abs(f.line - decoy.lines.start) <= 3)
      const alarm = ctx.chance(Math.min(1, ctx.profile.falseAlarm * 2.5), diff.input, j, 'decoy') || (seen && ctx.chance(ctx.profile.keepFalseAlarm, diff.input, j, 'keep-decoy'))
      if (alarm) {
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
    if (ctx.chance(ctx.profile.falseAlarm, diff.input, 'false-alarm')) {
      const added = files.flatMap((f) => f.lines.filter((l) => l.kind === 'add').map((l) => ({ file: f.path, line: l.newLine! })))
      if (added.length > 0) {
        const spot = ctx.pick(added, diff.input, 'false-alarm-line')
        const category = ctx.pick(categoryIds(ctx), diff.input, 'false-alarm-cat')
        findings.push({ ...spot, category, severity: ctx.chance(0.5, diff.input, 'fa-sev') ? 'MEDIUM' : 'LOW', explanation: 'Possible problem here.', fix: fixFor(category) })
      }
    }
    // Spurious findings from earlier agents may survive into this reply.
    for (const [j, f] of earlier.entries()) {
      const near = (lines: { start: number; end: number }) => typeof f.line === 'number' && f.line >= lines.start - 3 && f.line <= lines.end + 3
      const known =
        diff.issues.some((i) => i.file === f.file && i.category === f.category && near(i.lines)) ||
        diff.decoys.some((x) => x.file === f.file && x.looksLike === f.category && near(x.lines))
      if (paths.has(String(f.file)) && !known && typeof f.line === 'number' && ctx.chance(ctx.profile.keepFalseAlarm, diff.input, j, 'keep-spurious')) {
        const category = categoryIds(ctx).includes(String(f.category)) ? String(f.category) : 'error_handling'
        findings.push({ file: String(f.file), line: f.line, category, severity: 'LOW', explanation: String(f.explanation ?? 'Possible problem here.'), fix: fixFor(category) })
      }
    }
    return { diff: diff.input, verdict: verdictFor(findings), summary: findings.length === 0 ? 'No problems found.' : `${findings.length} finding(s).`, findings }
  })
  return { reviews }
}
