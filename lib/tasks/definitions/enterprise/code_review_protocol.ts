import { inClause } from '../../notation.js'
import { defineTask } from '../../schema.js'

const hardConstraints = [
  'The protocol fits a team of 20 engineers working in a single Python and TypeScript monorepo.',
  'Production deploys continue three times per day; no part of the protocol may make that cadence unachievable.',
  'Every automated check names its tool and gives the command or configuration and its pass/fail threshold; every timed step gives its timing window.',
  'The whole protocol can be set up within one two-week sprint.',
  'It states what happens when CI fails, when a required reviewer is unavailable and when a release must be rolled back.',
]

const brief = `# Code-review and merge protocol for a 20-engineer monorepo

## Scenario
A software company has 20 engineers in four squads of five (Payments, Platform, Growth, Web). All code lives in one GitHub monorepo:
- \`services/\`: 14 Python 3.12 backend services (FastAPI, SQLAlchemy, Celery), about 60 % of the code.
- \`apps/\` and \`packages/\`: a React web app, two Node 20 TypeScript services and shared TypeScript libraries, about 40 % of the code.
- \`infra/\`: Terraform and Kubernetes manifests. \`services/payments\` handles card tokens and is in PCI DSS scope.

Current practice and measurements:
- About 25 pull requests are merged per working day. The median pull request changes 180 lines; one in ten changes more than 800.
- CI is GitHub Actions. One workflow runs every lint, test and build job for the whole repository on every pull request; the median run takes 28 minutes and 9 % of runs fail on tests that pass when re-run by hand.
- Any one approval allows a merge to \`main\`. Review requests are made by hand; the median wait for a first review is 19 hours, and three senior engineers do 45 % of all reviews.
- Production runs on Kubernetes, deployed by Argo CD from images built in CI. Everything merged goes to production in one of three daily deploys; there is no staged exposure, and rolling back means re-deploying the previous images by hand, which has taken about 20 minutes.
- Observability: Prometheus and Grafana for metrics, Sentry for errors, PagerDuty with a weekly on-call engineer. A feature-flag service is available but rarely used.
- Last quarter two production incidents came from changes approved by engineers outside the owning squad, and last year an API key was committed to the repository and found two weeks later.

## Your task
Design the code-review protocol this team will adopt, from opening a pull request to a change proven healthy in production. It must cover these five required areas:

1. **Automated pre-review checks**: what runs before any human looks at a change, for each language, in what order, how fast, and which results block.
2. **Reviewer assignment**: who reviews what, how load is spread, how absence, on-call duty and conflicts of interest are handled, and how quickly reviews must happen.
3. **Review quality standards**: what reviewers must check, test and quality expectations, size limits on changes, and which changes need more than one approval.
4. **Merge-gate criteria**: the exact conditions a change must meet to merge and how merging is organised so that \`main\` stays releasable.
5. **Post-merge validation**: how a deploy is exposed to production, the signals watched, for how long, and when and how it is rolled back.

## What to hand in
A markdown document with one \`##\` section per required area, in the order above. Name concrete tools and give the CLI commands or configuration snippets (GitHub Actions YAML, CODEOWNERS lines, branch rules, tool configs), numeric thresholds and timing windows. Show that the time from opening a pull request to production fits the three daily deploys, estimate which share of the merge gate is enforced automatically, say who owns each part, and give the order in which it is rolled out during the sprint.`

export default defineTask({
  id: 'code_review_protocol',
  track: 'enterprise',
  costCenter: 'engineering',
  title: 'Code-review protocol for a 20-engineer monorepo',
  kind: 'design',
  brief,
  inputs: [],
  roles: [
    {
      id: 'devops_ci_engineer',
      name: 'DevOps / CI Engineer',
      focus:
        'Examines the pipeline around review: which jobs run on a pull request and in what order, how long they take in this monorepo and how that time can be reduced, how merged code is built and shipped, and how a shipped release is reverted.',
      memoryKey: 'devops_ci_engineer',
    },
    {
      id: 'security_engineer',
      name: 'Security Engineer',
      focus:
        'Examines security before merge: what is checked in source code, third-party packages, container images and commit contents, which findings should stop a merge, and how exceptions are granted, tracked and expired.',
      memoryKey: 'security_engineer',
    },
    {
      id: 'senior_software_engineer',
      name: 'Senior Software Engineer',
      focus:
        'Examines what a human reviewer is expected to check and to what depth, how testing and maintainability expectations are stated and measured, and how the size and kind of a change affect how it should be reviewed.',
      memoryKey: 'senior_software_engineer',
    },
    {
      id: 'engineering_manager',
      name: 'Engineering Manager',
      focus:
        'Examines how reviewers are chosen and how review work is spread across the team, how absence, on-call duty and conflicts of interest are handled, and how review speed and delivery pace are measured and kept in balance.',
      memoryKey: 'engineering_manager',
    },
    {
      id: 'sre_reliability_engineer',
      name: 'SRE / Reliability Engineer',
      focus:
        'Examines how a merged change is validated in production: how exposure is staged, which signals are compared against what baseline and for how long, and when and how a change is rolled back.',
      memoryKey: 'sre_reliability_engineer',
    },
  ],
  rubric: [
    {
      key: 'technical_precision',
      description:
        'Tools are named and configured correctly for both Python and TypeScript, with runnable commands or config snippets, numeric thresholds and timing windows; no step is left as "use a linter" or "monitor closely".',
      weight: 20,
    },
    {
      key: 'automation_coverage',
      description:
        'As much of the gate as possible is enforced by machines (checks, assignment, merge conditions, rollout and rollback), humans are reserved for judgement that tools cannot make, and the document states which share is automated.',
      weight: 20,
    },
    {
      key: 'velocity_balance',
      description:
        'The time from opening a pull request to production is budgeted step by step and fits three deploys per day at about 25 merges per day; the protocol removes the current review and CI delays instead of adding new ones.',
      weight: 20,
    },
    {
      key: 'failure_handling',
      description:
        'Defines what happens on a failing or flaky CI run, a CI outage, an absent or overloaded reviewer, an urgent hotfix, and a bad deploy, with a rollback path and its expected duration.',
      weight: 20,
    },
    {
      key: 'implementability',
      description:
        'The team can set it up within one two-week sprint on GitHub, GitHub Actions, Kubernetes and Argo CD, with an ordered rollout plan, owners for each part and no dependency on tools the scenario cannot obtain quickly.',
      weight: 20,
    },
  ],
  hardConstraints,
  checklist: [
    {
      id: 'pre_review_feedback_time',
      description: 'Automated pre-review checks report back within a stated number of minutes.',
      patterns: [
        `(feedback|pre-review checks?|pipeline|\\bci\\b|checks?)${inClause(100)}(under|within|<|≤|<=|at most|no more than)\\s*\\d+\\s?(min|mins|minutes)\\b`,
        `\\b\\d+[- ]?(min|minute)s?\\b${inClause(60)}(budget|target|limit)${inClause(60)}(ci|checks?|pipeline|feedback)`,
      ],
    },
    {
      id: 'named_static_tools',
      description: 'Named static checks for both languages (for example a Python linter or type checker and a TypeScript linter or compiler check).',
      patterns: [
        '(ruff|flake8|pylint|black|mypy|pyright)[\\s\\S]{0,400}(eslint|biome|\\btsc\\b|prettier|typescript-eslint)',
        '(eslint|biome|\\btsc\\b|prettier|typescript-eslint)[\\s\\S]{0,400}(ruff|flake8|pylint|black|mypy|pyright)',
      ],
    },
    {
      id: 'security_scan_gate',
      description: 'Named code, dependency or credential scanners with a stated severity that blocks the merge.',
      patterns: [
        `(semgrep|codeql|snyk|bandit|trivy|gitleaks|trufflehog|osv-scanner|npm audit|pip-audit|grype)${inClause(200)}(block|fail|gate)`,
        `\\b(critical|high)\\b${inClause(80)}(block|fail)s?${inClause(30)}(the )?(merge|build|pr|pull request)`,
      ],
    },
    {
      id: 'affected_only_ci',
      description: 'CI is monorepo-aware: only affected packages are linted, tested and built, with caching.',
      patterns: [
        '(nx affected|turborepo|\\bturbo run\\b|\\bbazel\\b|\\bpants\\b|paths?[- ]filter)',
        `(changed|affected)${inClause(40)}(packages|paths|projects|targets|services)${inClause(100)}(only|run|test|build)`,
      ],
    },
    {
      id: 'ownership_load_assignment',
      description: 'Reviewers are assigned by code ownership and balanced by load rather than by hand.',
      patterns: [
        'codeowners[^\\n]{0,300}(load|round[- ]robin|fewest|least)',
        `(load[- ]balanc\\w*|round[- ]robin|fewest open|least[- ]loaded)${inClause(100)}(review|assign)`,
      ],
    },
    {
      id: 'review_sla_reassignment',
      description: 'A review response time in hours, after which the request is reassigned to a backup reviewer.',
      patterns: [
        `(reassign\\w*|backup reviewer|fallback reviewer|re-?rout\\w*)${inClause(120)}\\b\\d+\\s?(h|hrs?|hours?|business hours|working hours|min|minutes)\\b`,
        `\\b\\d+\\s?(h|hrs?|hours?|business hours|working hours)\\b${inClause(120)}(reassign\\w*|backup reviewer|fallback reviewer)`,
      ],
    },
    {
      id: 'change_size_limit',
      description: 'A numeric size limit or guideline for pull requests.',
      patterns: ['\\b\\d{2,4}\\s+(changed\\s+)?(lines|loc)\\b', `(pr|pull request|change)\\s+size${inClause(80)}\\d+`],
    },
    {
      id: 'test_coverage_threshold',
      description: 'A numeric test-coverage threshold, for example on changed lines.',
      patterns: [`\\b\\d{2}\\s?%${inClause(80)}(coverage|covered)`, `coverage${inClause(80)}\\b\\d{2}\\s?%`],
    },
    {
      id: 'risk_based_approval',
      description: 'Higher-risk paths (payments, infrastructure, migrations, auth) require an additional or owner approval.',
      patterns: [
        '\\b(two|2)\\s+approv',
        `(second|additional|extra)\\s+(approval|approver|reviewer)${inClause(120)}(migration|auth|infra|payment|config|schema)`,
      ],
    },
    {
      id: 'merge_gate_conditions',
      description: 'Exact merge conditions enforced by branch rules: required checks and a merge queue or equivalent.',
      patterns: [
        `merge queue${inClause(200)}(required|checks?|rebase|batch|\\d)`,
        `requir\\w* (status )?checks?${inClause(160)}(lint|test|scan|build|type)`,
      ],
      mustPass: true,
    },
    {
      id: 'staged_canary',
      description: 'Post-merge deploys are exposed in stages (canary percentages or equivalent) with a stated bake time.',
      patterns: [`canary${inClause(120)}\\b\\d+\\s?%`, `\\b\\d{1,2}\\s?%${inClause(60)}\\b\\d{2}\\s?%${inClause(60)}100\\s?%`],
      mustPass: true,
    },
    {
      id: 'automatic_rollback',
      description: 'Rollback is triggered by stated metric thresholds and completes within a stated time.',
      patterns: [
        `roll ?back${inClause(160)}(error rate|latency|p99|p95|\\bslo\\b|burn)${inClause(100)}\\d`,
        `(error rate|latency|p99|p95|burn rate)${inClause(160)}\\d${inClause(160)}roll(s|ed)? ?back`,
        `roll ?back${inClause(80)}(within|under|<)\\s*\\d+\\s?(s|seconds|min|minutes)\\b`,
      ],
    },
    {
      id: 'ci_failure_handling',
      description: 'Flaky tests and CI failures are handled explicitly (automatic retry with quarantine, outage fallback).',
      patterns: [`(flaky|flake)${inClause(160)}(quarantin|auto-?retr|rerun|re-run)`, `quarantin\\w*${inClause(80)}(tests?|flaky)`],
    },
    {
      id: 'three_daily_deploys',
      description: 'The three daily deploys have fixed times or cut-offs that the review and merge timings fit into.',
      patterns: [
        `(deploy|release)${inClause(40)}(trains?|windows?)${inClause(160)}\\b\\d{1,2}(:\\d{2}|\\s?(am|pm)\\b)`,
        `\\b\\d{1,2}(:\\d{2}|\\s?(am|pm)\\b)${inClause(160)}\\b(deploy|release)`,
        `(deploy|release)s?\\b${inClause(60)}\\bat\\s+\\d{1,2}(:\\d{2}|\\s?(am|pm)\\b)`,
        `cut-?off${inClause(120)}\\b\\d+\\s?(min|minutes|h|hours)\\b`,
      ],
      mustPass: true,
    },
  ],
  deliverable: 'markdown',
  composite: { groundTruth: 0, checklist: 0.4, judge: 0.6 },
})
