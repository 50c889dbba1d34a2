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
})
