import { defineTask } from '../../schema.js'

const DIFF_IDS = Array.from({ length: 14 }, (_, i) => `d${String(i + 1).padStart(2, '0')}`)

const brief = `You are the code-review function of a 20-engineer product team. The team works in one monorepo of Python services (Flask, FastAPI, SQLAlchemy, asyncio) and TypeScript services on Node (Express, Fastify, pg, knex), and it ships to production several times a day, so whatever you approve goes live within hours.

Fourteen pull requests, d01 to d14, are waiting. Each is shown as a unified diff. To the left of every added (+) and unchanged context line is a gutter with that line's number in the new version of the file; removed (-) lines have no number. Lines that are not in the diff exist but you cannot see them: assume they behave as their names and the visible call sites suggest.

For every pull request, hand in a review with:
- diff: the pull request id (d01 ... d14);
- verdict: APPROVE, REQUEST_CHANGES or BLOCK (rule below);
- summary: two or three sentences on what the change does and your overall judgement;
- findings: one entry per real defect, each with
  - file: the path exactly as in the "+++ b/" header,
  - line: the new-file line number as shown in the gutter, on the line where the defect is (for a defect spanning several lines, the first of them),
  - category: one of injection, race_condition, error_handling, performance, auth_bypass, path_traversal, resource_leak, off_by_one, timezone, hardcoded_secret, or other for a real defect that fits none of these,
  - severity: CRITICAL, HIGH, MEDIUM or LOW,
  - explanation: what goes wrong, under which input or timing, and with what consequence,
  - fix: a concrete change (the corrected code or a precise description of it), not general advice.

Severity scale:
- CRITICAL: exploitable now by an outside or ordinary logged-in user, or exposes or destroys other customers' data or money. Must not ship.
- HIGH: a serious security weakness, or a defect that corrupts data or breaks a core flow under realistic load or timing.
- MEDIUM: wrong behaviour, lost diagnostics or avoidable load that users or operators will notice, limited in scope.
- LOW: a minor correctness problem or small deviation from documented behaviour.

Verdict rule:
- BLOCK when the diff has any CRITICAL finding, or a HIGH finding in injection, auth_bypass, path_traversal or hardcoded_secret.
- REQUEST_CHANGES when the diff has real defects but none that calls for BLOCK.
- APPROVE when you find no real defect. Style preferences, naming, missing tests and optional hardening are not defects; mention them in the summary if you like, but they do not change the verdict.

Precision matters as much as recall. Every finding that does not point at a real defect counts against the review, including findings on correct code that merely resembles a risky pattern. Read what the code actually does before you report it. Any of these pull requests may be sound as it stands, and a sound change should be approved with no findings.`

export default defineTask({
  id: 'code_review_execution',
  track: 'enterprise',
  costCenter: 'engineering',
  title: 'Review fourteen pull requests',
  kind: 'execution',
  brief,
  inputs: DIFF_IDS.map((id) => ({ id, path: `code-review/${id}.diff`, label: `Pull request ${id}`, format: 'diff' as const })),
  roles: [
    {
      id: 'security_reviewer',
      name: 'Security reviewer',
      focus:
        'Security: all fourteen pull requests, read as an application security reviewer reads a change before it is merged.',
      memoryKey: 'security_reviewer',
    },
    {
      id: 'concurrency_reviewer',
      name: 'Concurrency reviewer',
      focus:
        'Concurrency: all fourteen pull requests, read as a reviewer of multi-threaded, asynchronous and multi-process code.',
      memoryKey: 'concurrency_reviewer',
    },
    {
      id: 'efficiency_reviewer',
      name: 'Efficiency reviewer',
      focus:
        'Efficiency: all fourteen pull requests, read as a reviewer of what code costs to run in production.',
      memoryKey: 'efficiency_reviewer',
    },
    {
      id: 'reliability_reviewer',
      name: 'Reliability reviewer',
      focus:
        'Reliability: all fourteen pull requests, read as a reviewer of how code behaves in operation.',
      memoryKey: 'reliability_reviewer',
    },
    {
      id: 'maintainability_reviewer',
      name: 'Maintainability reviewer',
      focus:
        'Correctness and maintainability: all fourteen pull requests, read as a reviewer of code quality against what each change says it does.',
      memoryKey: 'maintainability_reviewer',
    },
  ],
  rubric: [
    {
      key: 'bug_detection',
      description: 'Share of the real defects in the pull requests that the review finds and places on the right file and line.',
      weight: 20,
    },
    {
      key: 'false_positive_rate',
      description: 'How few findings are raised against correct code, including code that only looks risky; fewer false alarms scores higher.',
      weight: 20,
    },
    {
      key: 'fix_quality',
      description: 'Whether each proposed fix is concrete and correct: it removes the defect without introducing a new one and fits the surrounding code.',
      weight: 20,
    },
    {
      key: 'severity_accuracy',
      description: 'Whether severities, and the verdicts that follow from them, match the real impact: blocking what must not ship without over- or under-rating the rest.',
      weight: 20,
    },
    {
      key: 'review_completeness',
      description: 'Whether every pull request gets a verdict and summary, and every finding has file, line, category, severity, explanation and fix that an author could act on.',
      weight: 20,
    },
  ],
  hardConstraints: [
    'Exactly one review per pull request d01 to d14, each with a verdict of APPROVE, REQUEST_CHANGES or BLOCK.',
    'Every finding cites the file path from the "+++ b/" header and a new-file line number shown in the gutter.',
    'Every finding uses a category from the fixed list (or other) and a severity of CRITICAL, HIGH, MEDIUM or LOW.',
    'Every finding carries a concrete fix, not general advice.',
    'Each verdict follows the stated rule from that review\'s own findings.',
  ],
  checklist: [],
  deliverable: 'code_review',
  groundTruth: 'code-review/ground-truth.json',
  composite: { groundTruth: 0.7, checklist: 0, judge: 0.3 },
})
