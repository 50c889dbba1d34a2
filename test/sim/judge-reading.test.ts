import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import {
  concreteCount,
  markdownConsistency,
  markdownSpecificity,
  markdownStructure,
  requiredAreas,
  structuredConsistency,
  structuredSpecificity,
  structuredStructure,
} from '../../lib/sim/judge-reading.js'
import { loadRegistry, PROJECT_ROOT } from '../../lib/tasks/registry.js'

const registry = await loadRegistry()
const protocol = registry.get('code_review_protocol')
const reference = (id: string, which: string) => readFileSync(join(PROJECT_ROOT, 'fixtures', 'calibration', id, `${which}.md`), 'utf8')

describe('concreteCount', () => {
  test('counts code spans, numbers with units, ids, snake_case names, paths and flags; not plain words', () => {
    expect(concreteCount('Run `ruff check` within 10 minutes on services/payments with --max-warnings and T-0012 or risk_score.')).toBe(6)
    expect(concreteCount('Reviewers should check correctness and readability.')).toBe(0)
  })
})

describe('markdown reading', () => {
  test('the strong reference is specific, complete and consistent; the weak one is vague', () => {
    const strong = reference('code_review_protocol', 'strong')
    const weak = reference('code_review_protocol', 'weak')
    expect(markdownSpecificity(strong)).toBeGreaterThan(0.9)
    expect(markdownSpecificity(weak)).toBeLessThan(0.2)
    expect(markdownStructure(protocol, strong)).toBe(1)
    expect(markdownConsistency(strong)).toBe(1)
  })

  test('specificity does not change when a section is padded with prose', () => {
    const doc = '# T\n\n## A\n\nChecks finish in 10 minutes with `ruff` and `eslint`.\n'
    const padded = doc + '\nThis section should be read together with the rest of the document and applies throughout.\n'
    expect(markdownSpecificity(padded)).toBe(markdownSpecificity(doc))
  })

  test("structure is the share of the brief's required areas that have a filled section", () => {
    expect(requiredAreas(protocol.brief)).toEqual(['Automated pre-review checks', 'Reviewer assignment', 'Review quality standards', 'Merge-gate criteria', 'Post-merge validation'])
    const two = '# P\n\n## Automated pre-review checks\n\nRuff.\n\n## Reviewer assignment\n\n## Merge-gate criteria\n\nQueue.\n'
    expect(markdownStructure(protocol, two)).toBeCloseTo(2 / 5, 10)
  })

  test('a passage stated twice with different values is a contradiction', () => {
    const p = 'The canary holds at 5 % of traffic for 10 minutes before the rollout continues to 25 %.'
    expect(markdownConsistency(`## A\n\n${p}\n\n${p.replace('10 minutes', '8 minutes')}\n`)).toBe(0.75)
    expect(markdownConsistency(`## A\n\n${p}\n`)).toBe(1)
  })
})

describe('structured reading', () => {
  const review = registry.get('code_review_execution')
  const finding = (over: Record<string, unknown> = {}) => ({ file: 'a.py', line: 3, category: 'injection', severity: 'HIGH', explanation: 'User input reaches `cursor.execute` in get_user.', fix: 'Bind it.', ...over })

  test('specificity is how concrete the prose of each entry is', () => {
    expect(structuredSpecificity({ reviews: [{ diff: 'd01', verdict: 'BLOCK', summary: '1 finding(s).', findings: [finding()] }] })).toBeGreaterThan(0.7)
    expect(structuredSpecificity({ reviews: [{ diff: 'd01', verdict: 'BLOCK', summary: 'Bad.', findings: [finding({ explanation: 'Possible problem here.', fix: 'Fix it.' })] }] })).toBe(0)
  })

  test('structure is the share of inputs the deliverable answers for', () => {
    const diffs = review.truth!.kind === 'code_review' ? review.truth!.data.diffs.map((d) => d.input) : []
    expect(structuredStructure(review, { reviews: diffs.slice(0, 7).map((diff) => ({ diff })) })).toBeCloseTo(7 / diffs.length, 10)
  })

  test('consistency: a verdict must follow from its findings, and nothing is reported twice', () => {
    const ok = { reviews: [{ diff: 'd01', verdict: 'BLOCK', findings: [finding({ severity: 'CRITICAL' })] }, { diff: 'd02', verdict: 'APPROVE', findings: [] }] }
    expect(structuredConsistency(review, ok)).toBe(1)
    const approvedWithFindings = { reviews: [{ diff: 'd01', verdict: 'APPROVE', findings: [finding()] }, { diff: 'd02', verdict: 'APPROVE', findings: [] }] }
    expect(structuredConsistency(review, approvedWithFindings)).toBe(0.5)
    const duplicate = { reviews: [{ diff: 'd01', verdict: 'REQUEST_CHANGES', findings: [finding({ severity: 'LOW' }), finding({ severity: 'LOW' })] }] }
    expect(structuredConsistency(review, duplicate)).toBe(0)
  })

  test('consistency of an incident diagnosis: the chain starts at the first bad event and the summary names the cause', () => {
    const incident = registry.get('incident_response_execution')
    const good = { rootCauseComponent: 'embedding-service', firstBadEvent: 'E-0066', causalChain: ['E-0066'], actions: [{ action: 'R05' }], summary: 'embedding-service changed its model.' }
    expect(structuredConsistency(incident, good)).toBe(1)
    expect(structuredConsistency(incident, { ...good, causalChain: ['E-0001'], summary: 'Something broke.' })).toBe(0.5)
  })

  test('several incidents: each reported incident needs a chain, and no cause is reported twice', () => {
    const overlap = registry.get('incident_response_overlap')
    const one = (component: string, first: string) => ({ rootCauseComponent: component, firstBadEvent: first, causalChain: [first, 'E-0900'], summary: `${component} failed first.` })
    const good = { incidents: [one('alpha', 'E-0100'), one('beta', 'E-0200')], actions: [{ action: 'R01' }], summary: 's' }
    expect(structuredStructure(overlap, good)).toBe(1)
    expect(structuredConsistency(overlap, good)).toBe(1)
    expect(structuredStructure(overlap, { ...good, incidents: [good.incidents[0], { ...good.incidents[1], causalChain: [] }] })).toBe(0.75)
    expect(structuredStructure(overlap, { ...good, actions: [] })).toBe(0.5)
    // The same cause twice costs a quarter; so does, on average, one incident whose chain does not start at its first event.
    expect(structuredConsistency(overlap, { ...good, incidents: [one('alpha', 'E-0100'), one('alpha', 'E-0300')] })).toBe(0.75)
    expect(structuredConsistency(overlap, { ...good, incidents: [one('alpha', 'E-0100'), { ...one('beta', 'E-0200'), causalChain: ['E-0900'] }] })).toBe(0.875)
    expect(structuredConsistency(overlap, { ...good, incidents: [] })).toBe(0)
  })

  test('a reconciliation: every account answered for, and balances that add up to the cent', () => {
    const reconciliation = registry.get('cash_reconciliation_execution')
    const accounts = reconciliation.truth!.kind === 'reconciliation' ? reconciliation.truth!.data.accounts.map((a) => a.account) : []
    expect(accounts.length).toBeGreaterThan(1)
    const account = (id: string) => ({ account: id, statementBalance: 100, ledgerBalance: 90, adjustedStatementBalance: 100, adjustedLedgerBalance: 100, unexplainedDifference: 0 })
    const exception = (id: string, lines: string[]) => ({ account: id, ledgerLines: lines, statementLines: [], ledgerAdjustment: 10 })
    const good = { accounts: accounts.map(account), exceptions: accounts.map((a, i) => exception(a, [`G${i}`])) }
    expect(structuredStructure(reconciliation, good)).toBe(1)
    expect(structuredStructure(reconciliation, { ...good, accounts: good.accounts.slice(1) })).toBeCloseTo((accounts.length - 1) / accounts.length, 10)
    expect(structuredConsistency(reconciliation, good)).toBe(1)
    // One account whose adjusted ledger balance is not its balance plus its adjustments; then the same lines reported twice.
    const [first, ...rest] = good.accounts
    expect(structuredConsistency(reconciliation, { ...good, accounts: [{ ...first!, adjustedLedgerBalance: 99.99, unexplainedDifference: 0.01 }, ...rest] })).toBe(0.75)
    expect(structuredConsistency(reconciliation, { ...good, exceptions: [...good.exceptions, { ...good.exceptions[0]!, ledgerAdjustment: 0 }] })).toBe(0.75)
  })
})
