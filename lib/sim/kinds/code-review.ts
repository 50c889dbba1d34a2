import type { CodeCategory, CodeFinding, CodeReviewDeliverable, CodeReviewTruth, Verdict } from '../../tasks/kinds/code-review.js'
import { CodeCategory as Categories } from '../../tasks/kinds/code-review.js'
import { parseUnifiedDiff } from '../../tasks/diff.js'
import { objectsWith, SEVERITY_STEPS, type SimContext, type SimItem, slip } from '../context.js'

const FOCUS_WORDS: Record<CodeCategory, string[]> = {
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

const FIXES: Record<CodeCategory, string> = {
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

const SECURITY: ReadonlySet<string> = new Set(['injection', 'auth_bypass', 'path_traversal', 'hardcoded_secret'])

/** The verdict a reviewer derives from its own findings. */
function verdictFor(findings: ReadonlyArray<Pick<CodeFinding, 'severity' | 'category'>>): Verdict {
  if (findings.some((f) => f.severity === 'CRITICAL' || (f.severity === 'HIGH' && SECURITY.has(f.category)))) return 'BLOCK'
  return findings.length > 0 ? 'REQUEST_CHANGES' : 'APPROVE'
}

/** Simulated code review: planted issues found per the profile, plus false alarms (on decoys above all). */
export function simulateCodeReview(ctx: SimContext, truth: CodeReviewTruth): CodeReviewDeliverable {
  const earlier = objectsWith(ctx.prior, ['file', 'line', 'category'])
  const reviews = truth.diffs.map((diff) => {
    const input = ctx.task.resolvedInputs.find((i) => i.id === diff.input)
    const files = input ? parseUnifiedDiff(input.content) : []
    const paths = new Set(files.map((f) => f.path))
    const findings: CodeFinding[] = []
    const near = (f: Record<string, unknown>, lines: { start: number; end: number }) => typeof f.line === 'number' && f.line >= lines.start - 3 && f.line <= lines.end + 3
    for (const issue of diff.issues) {
      const item: SimItem = { id: issue.id, difficulty: issue.severity, focusWords: FOCUS_WORDS[issue.category] }
      const seen = earlier.some((f) => f.file === issue.file && f.category === issue.category && near(f, issue.lines)) || ctx.hinted(`category=${issue.category}`, `file=${issue.file}`)
      const d = ctx.decide(item, seen)
      if (!d.found) continue
      const span = issue.lines.end - issue.lines.start
      const category = d.confused ? ctx.pick(Categories.options.filter((c) => c !== issue.category), issue.id, 'cat') : issue.category
      findings.push({
        file: issue.file,
        line: issue.lines.start + ctx.pick([...Array(span + 1).keys()], issue.id, 'line'),
        category,
        severity: d.slipped ? slip(issue.severity, SEVERITY_STEPS) : issue.severity,
        explanation: issue.summary,
        fix: FIXES[category],
      })
    }
    // Decoys attract false alarms more than ordinary lines do; a model fooled by one is fooled in every call.
    for (const [j, decoy] of diff.decoys.entries()) {
      const seen = earlier.some((f) => f.file === decoy.file && f.category === decoy.looksLike && typeof f.line === 'number' && Math.abs(f.line - decoy.lines.start) <= 3)
      if (ctx.errs(Math.min(1, ctx.profile.falseAlarm * 2.5), diff.input, j, 'decoy') || (seen && ctx.keepsSpurious(diff.input, j, 'decoy'))) {
        findings.push({
          file: decoy.file,
          line: decoy.lines.start,
          category: decoy.looksLike,
          severity: 'HIGH',
          explanation: 'This looks unsafe and should be reworked.',
          fix: FIXES[decoy.looksLike],
        })
      }
    }
    if (ctx.errs(ctx.profile.falseAlarm, diff.input, 'false-alarm')) {
      const added = files.flatMap((f) => f.lines.filter((l) => l.kind === 'add').map((l) => ({ file: f.path, line: l.newLine! })))
      if (added.length > 0) {
        const spot = ctx.pick(added, diff.input, 'false-alarm-line')
        const category = ctx.pick(Categories.options, diff.input, 'false-alarm-cat')
        findings.push({ ...spot, category, severity: ctx.pick(['MEDIUM', 'LOW'] as const, diff.input, 'fa-sev'), explanation: 'Possible problem here.', fix: FIXES[category] })
      }
    }
    // Spurious findings from earlier agents may survive into this reply.
    for (const [j, f] of earlier.entries()) {
      const known = diff.issues.some((i) => i.file === f.file && i.category === f.category && near(f, i.lines)) || diff.decoys.some((x) => x.file === f.file && x.looksLike === f.category && near(f, x.lines))
      const duplicate = findings.some((x) => x.file === f.file && x.line === f.line && x.category === f.category)
      if (paths.has(String(f.file)) && !known && !duplicate && typeof f.line === 'number' && ctx.keepsSpurious(diff.input, String(f.file), f.line, String(f.category))) {
        const category = Categories.safeParse(f.category).success ? (f.category as CodeCategory) : 'error_handling'
        findings.push({ file: String(f.file), line: f.line, category, severity: 'LOW', explanation: String(f.explanation ?? 'Possible problem here.'), fix: FIXES[category] })
      }
    }
    return { diff: diff.input, verdict: verdictFor(findings), summary: findings.length === 0 ? 'No problems found.' : `${findings.length} finding(s).`, findings }
  })
  return { reviews }
}

/**
 * What a judge model believes the planted issues are, reading `candidate`: the issues it sees itself
 * (with its own blind spots), those it cannot see but the candidate reports (it gives the benefit of
 * the doubt), and the decoys it falls for. Verdicts follow from that belief.
 */
export function believeCodeReview(judge: SimContext, truth: CodeReviewTruth, candidate: CodeReviewDeliverable): CodeReviewTruth {
  const reported = candidate.reviews.flatMap((r) => r.findings)
  return {
    diffs: truth.diffs.map((diff) => {
      const issues = diff.issues.filter(
        (issue) =>
          judge.sees({ id: issue.id, difficulty: issue.severity, focusWords: [] }) ||
          reported.some((f) => f.file === issue.file && f.category === issue.category && f.line >= issue.lines.start - 3 && f.line <= issue.lines.end + 3),
      )
      const fooled = diff.decoys.filter((_, j) => judge.errs(Math.min(1, judge.profile.falseAlarm * 2.5), diff.input, j, 'decoy'))
      const believed = [...issues, ...fooled.map((d, j) => ({ id: `${diff.input}-believed-${j}`, category: d.looksLike, severity: 'HIGH' as const, file: d.file, lines: d.lines, summary: d.why }))]
      const exact = believed.length === diff.issues.length && fooled.length === 0
      return { ...diff, issues: believed, verdict: exact ? diff.verdict : verdictFor(believed) }
    }),
  }
}
