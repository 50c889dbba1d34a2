import { renderCategories } from '../../categories.js'
import { CODE_CATEGORIES } from '../../kinds/code-review.js'
import { defineTask } from '../../schema.js'

const PULL_REQUESTS = Array.from({ length: 12 }, (_, i) => `p${String(i + 1).padStart(2, '0')}`)

/**
 * Repository files on main that the pull requests touch or rely on, given in full. Every file of
 * main that a diff changes lies under fixtures/hard/larkspur/main/ (the diffs apply to it); these
 * are the ones the reviewers see whole.
 */
const REPOSITORY = [
  ['docs/engineering.md', 'markdown'],
  ['config/currencies.json', 'json'],
  ['config/plans.json', 'json'],
  ['larkspur/models.py', 'text'],
  ['larkspur/auth.py', 'text'],
  ['larkspur/money.py', 'text'],
  ['larkspur/text.py', 'text'],
  ['larkspur/ledger/accounts.py', 'text'],
  ['larkspur/ledger/postings.py', 'text'],
  ['larkspur/jobs/issue_invoices.py', 'text'],
  ['larkspur/api/tenant.py', 'text'],
  ['gateway/src/db.ts', 'text'],
  ['gateway/src/plugins/auth.ts', 'text'],
  ['gateway/src/lib/money.ts', 'text'],
  ['gateway/src/lib/internalApi.ts', 'text'],
  ['gateway/src/services/invoices.ts', 'text'],
] as const

const categories = [
  {
    id: 'data_integrity',
    description:
      'what the change writes or migrates breaks a rule that the database or other code relies on: the schema that migrations create disagrees with the ORM model or with the rows already in production (a missing unique or foreign-key constraint, index or default), or records are moved or written without the related records that must stay consistent with them',
    synonyms: ['schema drift', 'missing constraint', 'model mismatch', 'integrity'],
  },
  {
    id: 'money_arithmetic',
    description:
      'an amount of money is computed in binary floating point, rounded at the wrong step or in the wrong direction, converted between major and minor units with the wrong number of decimal places, or computed from the wrong figures',
    synonyms: ['float money', 'floating point', 'rounding', 'currency exponent', 'minor units', 'cents', 'decimal places'],
  },
  {
    id: 'unicode_normalisation',
    description:
      'text is compared, keyed or stored without the Unicode normalisation and case folding that other code applies to the same values, so strings that look equal do not match (composed and decomposed accents, ß and ss, full-width forms)',
    synonyms: ['unicode', 'nfc', 'nfd', 'nfkc', 'casefold', 'case folding', 'normalization', 'normalisation'],
  },
  {
    id: 'integer_overflow',
    description: 'a value can exceed the range of the integer type, database column or counter that holds it, and then wraps around, is truncated or is rejected',
    synonyms: ['overflow', 'wraparound', 'int32', 'out of range'],
  },
  {
    id: 'idempotency',
    description: 'a retried request, a redelivered event or a re-run job takes effect twice, or is acknowledged although it never took effect',
    synonyms: ['idempotent', 'exactly once', 'double processing', 'duplicate delivery'],
  },
  {
    id: 'stale_cache',
    description: 'a cached or copied value is not refreshed when its source changes through another path, process or replica, so readers act on old data',
    synonyms: ['stale', 'cache invalidation', 'invalidation', 'stale read'],
  },
  {
    id: 'pagination',
    description: 'paging through a list skips or repeats rows, or stops early, because the cursor or the page boundary does not match the order of the rows',
    synonyms: ['paging', 'cursor', 'keyset', 'page boundary'],
  },
]

const brief = `You are the code-review function of the engineering team behind Larkspur, a multi-tenant B2B invoicing and billing platform: a Python billing service (FastAPI, SQLAlchemy, Alembic) and a TypeScript gateway (Fastify, node-postgres) that share one PostgreSQL database. Tenants are the businesses that use Larkspur; customers are the tenants' own clients. Whatever you approve is deployed the same day, and it moves other businesses' money.

Twelve pull requests, p01 to p12, are waiting. Each starts with its title and its author's description, followed by the change as a unified diff. To the left of every added (+) and unchanged context line is a gutter with that line's number in the new version of the file; removed (-) lines have no number.

Inputs r01 to r16 are files of the repository as they are on main, given in full as reference: the engineering notes every reviewer is expected to know, configuration, and code that the pull requests call or that depends on what they change. They are not under review. Code that neither the diffs nor these files show exists and behaves as its name, docstring and call sites suggest. Each pull request is reviewed on its own, against main; do not assume that any other pull request is merged.

For every pull request, hand in a review with:
- diff: the pull request id (p01 ... p12);
- verdict: APPROVE, REQUEST_CHANGES or BLOCK (rule below);
- summary: two or three sentences on what the change does and your overall judgement;
- findings: one entry per real defect in that pull request, each with
  - file: the path exactly as in the "+++ b/" header,
  - line: the new-file line number as shown in the gutter, on the line where the defect is (for a defect that spans several lines, the first of them; for one that arises between two places of the change, the line you would comment on),
  - category: one of the categories below, or other for a real defect that fits none of them,
  - severity: CRITICAL, HIGH, MEDIUM or LOW,
  - explanation: what goes wrong, under which input or timing, and with what consequence,
  - fix: a concrete change (the corrected code or a precise description of it), not general advice.
A finding counts only for the pull request it is filed under, and only on a line that its diff shows.

Categories:
${renderCategories([...CODE_CATEGORIES, ...categories])}

Severity scale:
- CRITICAL: exploitable now by an outside party or an ordinary authenticated user or API key (to read or change what it may not, or to make the service unusable for others), or exposes or destroys other tenants' data or money. Must not ship.
- HIGH: a serious security weakness, or a defect that corrupts data or money or breaks a core flow under realistic load or timing.
- MEDIUM: wrong behaviour, lost diagnostics or avoidable load that users or operators will notice, limited in scope.
- LOW: a minor correctness problem or a small deviation from documented behaviour.

Verdict rule:
- BLOCK when the pull request has any CRITICAL finding, or a HIGH finding in injection, auth_bypass, path_traversal or hardcoded_secret.
- REQUEST_CHANGES when it has real defects but none that calls for BLOCK.
- APPROVE when you find no real defect. Style preferences, naming, missing tests and optional hardening are not defects; mention them in the summary if you like, but they do not change the verdict.

Precision matters as much as recall. Every finding that does not point at a real defect counts against the review, including findings on correct code that merely resembles a risky pattern. Read what the code actually does, and check it against the engineering notes and the code it calls, before you report it. Any of these pull requests may be sound as it stands, and a sound change should be approved with no findings.`

export default defineTask({
  id: 'code_review_hard',
  track: 'enterprise',
  costCenter: 'engineering',
  tier: 'hard',
  title: 'Review twelve pull requests against their repository',
  kind: 'execution',
  brief,
  inputs: [
    ...PULL_REQUESTS.map((id) => ({ id, path: `hard/larkspur/${id}.diff`, label: `Pull request ${id}`, format: 'diff' as const })),
    ...REPOSITORY.map(([path, format], i) => ({
      id: `r${String(i + 1).padStart(2, '0')}`,
      path: `hard/larkspur/main/${path}`,
      label: `Repository file ${path} (main, in full)`,
      format,
    })),
  ],
  roles: [
    {
      id: 'security_reviewer',
      name: 'Security reviewer',
      focus:
        'Security: the twelve pull requests, read with the repository’s authentication modules (larkspur/auth.py, gateway/src/plugins/auth.ts) and the engineering notes.',
      memoryKey: 'security_reviewer',
    },
    {
      id: 'schema_reviewer',
      name: 'Schema reviewer',
      focus:
        'The database schema and data model: the twelve pull requests, read with larkspur/models.py and the engineering notes.',
      memoryKey: 'schema_reviewer',
    },
    {
      id: 'transactions_reviewer',
      name: 'Transactions reviewer',
      focus:
        'Transactions: the twelve pull requests, read with the ledger modules (larkspur/ledger/), the invoice job (larkspur/jobs/issue_invoices.py) and the gateway’s database module (gateway/src/db.ts).',
      memoryKey: 'transactions_reviewer',
    },
    {
      id: 'amounts_reviewer',
      name: 'Amounts reviewer',
      focus:
        'Money: the twelve pull requests, read with config/currencies.json, config/plans.json and the two money modules (larkspur/money.py, gateway/src/lib/money.ts).',
      memoryKey: 'amounts_reviewer',
    },
    {
      id: 'correctness_reviewer',
      name: 'Correctness reviewer',
      focus:
        'Correctness against the documentation: the twelve pull requests, read with docs/engineering.md, larkspur/text.py, the tenant API (larkspur/api/tenant.py) and the gateway’s internal API and invoice service.',
      memoryKey: 'correctness_reviewer',
    },
  ],
  rubric: [
    {
      key: 'bug_detection',
      description: 'Share of the real defects in the pull requests that the review finds and places on the right pull request, file and line, including defects that only show when a change is read against the repository files.',
      weight: 25,
    },
    {
      key: 'false_positive_rate',
      description: 'How few findings are raised against correct code, including code that resembles a risky pattern but is safe once read with the engineering notes and the code it calls; fewer false alarms scores higher.',
      weight: 20,
    },
    {
      key: 'fix_quality',
      description: 'Whether each proposed fix is concrete and correct: it removes the defect without introducing a new one and fits the conventions in the engineering notes.',
      weight: 20,
    },
    {
      key: 'severity_accuracy',
      description: "Whether severities and verdicts match the real impact on tenants' data and money: the pull requests that must not ship are blocked, and nothing else is over- or under-rated.",
      weight: 20,
    },
    {
      key: 'review_completeness',
      description: 'Whether every pull request gets a verdict and summary, and every finding has file, line, category, severity, explanation and fix that an author could act on.',
      weight: 15,
    },
  ],
  hardConstraints: [
    'Exactly one review per pull request p01 to p12, each with a verdict of APPROVE, REQUEST_CHANGES or BLOCK.',
    'Every finding is filed under the pull request it belongs to and cites a file path from that diff\'s "+++ b/" headers and a new-file line number shown in its gutter.',
    'Every finding uses a category from the list (or other) and a severity of CRITICAL, HIGH, MEDIUM or LOW.',
    'Every finding carries a concrete fix, not general advice.',
    "Each verdict follows the stated rule from that review's own findings.",
  ],
  checklist: [],
  deliverable: 'code_review',
  // Twelve reviews with some thirty findings, explanations and fixes, merged by a synthesizer, outgrow the default cap.
  minOutputTokens: 24_000,
  groundTruth: 'hard/larkspur/ground-truth.json',
  categories,
  composite: { groundTruth: 0.7, checklist: 0, judge: 0.3 },
})
