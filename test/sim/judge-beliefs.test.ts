import { describe, expect, test } from 'vitest'
import { scoreGroundTruth } from '../../lib/eval/score.js'
import { scoreIncidentKind } from '../../lib/eval/scorers/incident-response.js'
import { SimContext } from '../../lib/sim/context.js'
import { believeCodeReview, simulateCodeReview } from '../../lib/sim/kinds/code-review.js'
import { believeContractReview, simulateContractReview } from '../../lib/sim/kinds/contract-review.js'
import { believeIncidentResponse, simulateIncidentResponse } from '../../lib/sim/kinds/incident-response.js'
import { believeReconciliation, simulateReconciliation } from '../../lib/sim/kinds/reconciliation.js'
import { believeSupportTriage, simulateSupportTriage } from '../../lib/sim/kinds/support-triage.js'
import { SIM_PROFILES, type SimProfile } from '../../lib/sim/profiles.js'
import type { CodeReviewTruth } from '../../lib/tasks/kinds/code-review.js'
import type { ContractReviewTruth } from '../../lib/tasks/kinds/contract-review.js'
import type { MultiIncidentTruth } from '../../lib/tasks/kinds/incident-response.js'
import { perfectImpactReport } from '../support/incidents.js'
import type { ReconciliationTruth } from '../../lib/tasks/kinds/reconciliation.js'
import type { SupportTriageTruth } from '../../lib/tasks/kinds/support-triage.js'
import { loadRegistry, type Task } from '../../lib/tasks/registry.js'
import { calibrationsFor } from '../support/calibrations.js'

// The kinds' own mechanics, without the real-model calibration (test/sim/calibration.test.ts covers that).
calibrationsFor(null)

/*
 * What the simulated judge believes the answer is, on every shape of ground truth, the hard tier's
 * included (several incidents, several documents, merges, a reconciliation). Two limits pin it
 * down: a judge that sees everything and is never fooled believes the ground truth itself, and a
 * judge that sees nothing believes only what the candidate reports (it cannot blame what it cannot see).
 */

const registry = await loadRegistry()
const strong = SIM_PROFILES['sim-strong']!
/** Sees every item, mislabels nothing, falls for nothing. */
const allSeeing: SimProfile = { ...strong, id: 'all-seeing', detect: { CRITICAL: 1, HIGH: 1, MEDIUM: 1, LOW: 1 }, confuse: { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0 }, severitySlip: 0, falseAlarm: 0 }
/** Sees nothing and falls for nothing. */
const blind: SimProfile = { ...allSeeing, id: 'blind', detect: { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0 } }

const context = (task: Task, profile: SimProfile, key: string) => new SimContext({ task, profile, role: null, prior: [], prompt: '', callKey: key, trialKey: key })
const score = (task: Task, truth: unknown, data: unknown) => scoreGroundTruth({ ...task, truth: { kind: task.truth!.kind, data: truth } as Task['truth'] }, { kind: 'structured', schema: 'x', data })!.score

/** Per kind: a simulated candidate and what a judge believes of it. */
const KINDS = {
  code_review: { simulate: simulateCodeReview, believe: believeCodeReview },
  contract_review: { simulate: simulateContractReview, believe: believeContractReview },
  incident_response: { simulate: simulateIncidentResponse, believe: believeIncidentResponse },
  reconciliation: { simulate: simulateReconciliation, believe: believeReconciliation },
} as const

const structured = registry.tasks.filter((t) => t.truth && t.truth.kind !== 'support_triage')

describe('a judge that sees everything and is never fooled believes the ground truth', () => {
  test.each(structured.map((t) => [t.id, t] as const))('%s: the belief scores every candidate as the ground truth does', (_id, task) => {
    const kind = KINDS[task.truth!.kind as keyof typeof KINDS]
    const truth = task.truth!.data as never
    for (const seed of [1, 2, 3]) {
      const candidate = kind.simulate(context(task, SIM_PROFILES['sim-medium']!, `cand-${seed}`), truth) as never
      const belief = kind.believe(context(task, allSeeing, `judge-${seed}`), truth, candidate)
      expect(score(task, belief, candidate), `seed ${seed}`).toBeCloseTo(score(task, truth, candidate), 6)
    }
  })

  test.each(registry.tasks.filter((t) => t.truth?.kind === 'support_triage').map((t) => [t.id, t] as const))('%s: every priority, route, deadline and merge is believed as the truth has it', (_id, task) => {
    const truth = task.truth!.data as SupportTriageTruth
    const candidate = simulateSupportTriage(context(task, SIM_PROFILES['sim-medium']!, 'cand'), truth)
    const belief = believeSupportTriage(context(task, allSeeing, 'judge'), truth, candidate)
    const pick = (t: SupportTriageTruth['tickets'][number]) => [t.id, t.priority, t.routing, t.slaDeadline, t.mergeInto]
    expect(belief.tickets.map(pick)).toEqual(truth.tickets.map(pick))
  })
})

describe('a judge that sees nothing believes what the candidate reports, and blames nothing it cannot see', () => {
  test('several incidents: an incident the candidate merges away is not counted against it', () => {
    const task = registry.get('incident_response_overlap')
    const truth = task.truth!.data as MultiIncidentTruth
    const perfect = perfectImpactReport(truth)
    const oneOnly = { ...perfect, incidents: perfect.incidents.slice(0, 1) }
    // Scored as the simulated judge scores (lib/sim/judge.ts): its belief may lack the measures of an incident merged away.
    const diagnosis = (truthOf: MultiIncidentTruth) => scoreIncidentKind(truthOf, oneOnly).metrics.diagnosis
    expect(diagnosis(truth)).toBeLessThan(1)
    const belief = believeIncidentResponse(context(task, blind, 'judge'), truth, oneOnly) as MultiIncidentTruth
    expect(belief.incidents.map((i) => i.id)).toEqual([truth.incidents[0]!.id])
    expect(diagnosis(belief)).toBe(1)
    // Seeing why a harmful action is harmful is an item too: a judge that sees nothing would order
    // them all, so it believes them required (as the simulated agents order them when they miss it).
    expect(belief.harmfulActions).toEqual([])
    expect(belief.requiredActions.map((a) => a.action)).toEqual([...truth.requiredActions.map((a) => a.action), ...truth.harmfulActions.map((h) => h.action)])
  })

  test('several documents: only the risks the candidate cites, at one of their places and in their document, are believed', () => {
    const task = registry.get('contract_review_deal')
    const truth = task.truth!.data as ContractReviewTruth
    const [first, second] = truth.risks
    const cited = { overallRisk: 'HIGH' as const, summary: 's', risks: [{ document: first!.document!, clause: first!.clause, category: first!.category, severity: first!.severity, explanation: 'e', amendment: 'a' }] }
    const wrongDocument = { ...cited, risks: [{ ...cited.risks[0]!, document: truth.documents!.find((d) => d !== first!.document)! }] }
    expect(believeContractReview(context(task, blind, 'judge'), truth, cited).risks.map((r) => r.id)).toEqual([first!.id])
    expect(believeContractReview(context(task, blind, 'judge'), truth, wrongDocument).risks).toEqual([])
    expect(second).toBeDefined()
  })

  test('several documents with the money at stake: a figure the judge cannot compute is believed as the candidate states it', () => {
    const task = registry.get('contract_review_deal')
    const truth = task.truth!.data as ContractReviewTruth
    const priced = truth.risks.find((r) => r.exposure)!
    const finding = (exposure: number | null) => ({ document: priced.document!, clause: priced.clause, category: priced.category, severity: priced.severity, explanation: 'e', amendment: 'a', exposure })
    const believed = (judge: SimProfile, exposure: number | null) => believeContractReview(context(task, judge, 'judge'), truth, { overallRisk: 'HIGH', summary: 's', risks: [finding(exposure)] }).risks.find((r) => r.id === priced.id)!.exposure!.amount
    expect(believed(blind, 1234)).toBe(1234)
    expect(believed(allSeeing, 1234)).toBe(priced.exposure!.amount)
    // No figure stated: the judge has nothing to take on trust and keeps the risk's own.
    expect(believed(blind, null)).toBe(priced.exposure!.amount)
  })

  test('a code review: findings count only under their own pull request', () => {
    const task = registry.get('code_review_hard')
    const truth = task.truth!.data as CodeReviewTruth
    const diff = truth.diffs.find((d) => d.issues.length > 0)!
    const issue = diff.issues[0]!
    const finding = { file: issue.file, line: issue.lines.start, category: issue.category, severity: issue.severity, explanation: 'e', fix: 'f' }
    const other = truth.diffs.find((d) => d.input !== diff.input)!
    const own = believeCodeReview(context(task, blind, 'judge'), truth, { reviews: [{ diff: diff.input, verdict: 'BLOCK', summary: 's', findings: [finding] }] })
    const elsewhere = believeCodeReview(context(task, blind, 'judge'), truth, { reviews: [{ diff: other.input, verdict: 'BLOCK', summary: 's', findings: [finding] }] })
    expect(own.diffs.flatMap((d) => d.issues.map((i) => i.id))).toEqual([issue.id])
    expect(elsewhere.diffs.flatMap((d) => d.issues)).toEqual([])
  })

  test('merges: where it cannot tell, the candidate’s labels, deadline and merge are believed', () => {
    const task = registry.get('support_triage_hard')
    const truth = task.truth!.data as SupportTriageTruth
    const candidate = simulateSupportTriage(context(task, SIM_PROFILES['sim-weak']!, 'cand'), truth)
    const belief = believeSupportTriage(context(task, blind, 'judge'), truth, candidate)
    const labels = (t: { priority: string; routing: string; category: string; slaDeadline: string }) => [t.priority, t.routing, t.category, t.slaDeadline]
    expect(belief.tickets.map(labels)).toEqual(candidate.tickets.map(labels))
    // A true merge it cannot see is the candidate's call; a merge where the truth has none is its own
    // (and it falls for no look-alike), like a decoy a candidate flags.
    const merged = truth.tickets.map((t, i) => (t.mergeInto ? (candidate.tickets[i]!.mergeInto ?? null) : null))
    expect(belief.tickets.map((t) => t.mergeInto)).toEqual(merged)
    expect(candidate.tickets.some((c, i) => !truth.tickets[i]!.mergeInto && c.mergeInto)).toBe(true)
  })

  test('a reconciliation: the exceptions and timing differences the candidate reports, none it leaves out', () => {
    const task = registry.get('cash_reconciliation_execution')
    const truth = task.truth!.data as ReconciliationTruth
    const full = simulateReconciliation(context(task, allSeeing, 'cand'), truth)
    const partial = { ...full, exceptions: full.exceptions.slice(0, 3), reconcilingItems: full.reconcilingItems.slice(0, 1) }
    const belief = believeReconciliation(context(task, blind, 'judge'), truth, partial)
    const reported = belief.exceptions.filter((x) => !x.id.startsWith('believed-'))
    expect(reported).toEqual(truth.exceptions.filter((x) => partial.exceptions.some((f) => f.category === x.category && f.ledgerLines.join() === x.ledgerLines.join())))
    expect(reported).toHaveLength(3)
    // Besides them, only the timing differences it takes for errors itself (it cannot see them): never one the candidate left out.
    const misread = belief.exceptions.filter((x) => x.id.startsWith('believed-'))
    expect(misread.every((x) => x.category === 'cutoff_error')).toBe(true)
    expect(belief.reconcilingItems.every((r) => partial.reconcilingItems.some((f) => f.ledgerLines.join() === r.ledgerLines.join()))).toBe(true)
    expect(misread.length + belief.reconcilingItems.length).toBeLessThanOrEqual(truth.reconcilingItems.length)
  })
})

describe('a judge that falls for what fools it believes it', () => {
  test("a reconciliation judge's misreadings are its own, the same in every call of its trial", () => {
    const task = registry.get('cash_reconciliation_execution')
    const truth = task.truth!.data as ReconciliationTruth
    const candidate = simulateReconciliation(context(task, allSeeing, 'cand'), truth)
    // A blind judge misreads about half of the timing differences it cannot see, the same ones in every call of its trial.
    const judge = context(task, blind, 'judge-trial')
    const first = believeReconciliation(judge, truth, { ...candidate, reconcilingItems: [] })
    const again = believeReconciliation(context(task, blind, 'judge-trial'), truth, { ...candidate, reconcilingItems: [] })
    expect(first).toEqual(again)
    const misread = first.exceptions.filter((x) => x.id.startsWith('believed-')).length
    expect(misread + first.reconcilingItems.length).toBeLessThanOrEqual(truth.reconcilingItems.length)
    expect(first.reconcilingItems).toEqual([])
  })
})
