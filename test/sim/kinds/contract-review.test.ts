import { describe, expect, test } from 'vitest'
import { scoreContractReview } from '../../../lib/eval/scorers/contract-review.js'
import { SimContext } from '../../../lib/sim/context.js'
import { misplacedAt, riskDifficulty, simulateContractReview } from '../../../lib/sim/kinds/contract-review.js'
import { SIM_PROFILES } from '../../../lib/sim/profiles.js'
import { contractReviewDeliverable, type ContractReviewTruth, type PlantedRisk } from '../../../lib/tasks/kinds/contract-review.js'
import { deliverableSchema } from '../../../lib/tasks/kinds/index.js'
import { loadRegistry } from '../../../lib/tasks/registry.js'
import { calibrationsFor } from '../../support/calibrations.js'

// The kind's own mechanics, without the real-model calibration (test/sim/calibration.test.ts covers that).
calibrationsFor(null)

const registry = await loadRegistry()
const standard = registry.get('contract_review_execution')
const keys = Array.from({ length: 200 }, (_, i) => `call-${i}`)
const context = (profile: string, key: string) => new SimContext({ task: standard, profile: SIM_PROFILES[profile]!, role: null, prior: [], prompt: '', callKey: key, trialKey: key })

const risk = (over: Partial<PlantedRisk>): PlantedRisk => ({ id: 'r', document: 'dpa', clause: '12.2', category: 'liability_cap', severity: 'MEDIUM', summary: 'A risk to simulate.', ...over })

/** Two documents; a must-catch risk and a minor one seen only across documents, one within a document, one on its own. */
const deal: ContractReviewTruth = {
  documents: ['msa', 'dpa'],
  risks: [
    risk({ id: 'must', severity: 'HIGH', readWith: [{ document: 'msa', clause: '14.3' }, { document: 'msa', clause: '2.4' }] }),
    risk({ id: 'across', clause: '7.2', readWith: [{ document: 'msa', clause: '14.3' }, { document: 'msa', clause: '5.1' }] }),
    risk({ id: 'within', document: 'msa', clause: '14.3', readWith: [{ clause: '13.1' }] }),
    risk({ id: 'alone', document: 'msa', clause: '9.9', severity: 'LOW' }),
  ],
  benign: [{ document: 'msa', clause: '2.4', resembles: 'liability_cap', why: 'A conventional order of precedence.' }],
}
const [must, across, within, alone] = deal.risks as [PlantedRisk, PlantedRisk, PlantedRisk, PlantedRisk]

describe('how hard the simulator finds a contract risk', () => {
  test('must-catch risks keep their severity; others are harder the further their interacting clauses are', () => {
    expect([must, across, within, alone].map((r) => riskDifficulty(deal, r))).toEqual(['HIGH', 'LOW', 'MEDIUM', 'LOW'])
  })

  test('a single-document risk is as visible as its severity, as before', () => {
    const truth: ContractReviewTruth = { input: 'agreement', risks: [risk({ document: undefined, severity: 'MEDIUM' })], benign: [] }
    expect(riskDifficulty(truth, truth.risks[0]!)).toBe('MEDIUM')
  })

  test('a risk seen across documents may be flagged at the other clause it is read with, if that clause carries no risk', () => {
    // msa 14.3 is where "within" is expected, so the next clause read with each risk is the one flagged.
    expect(misplacedAt(deal, must)).toEqual({ document: 'msa', clause: '2.4' })
    expect(misplacedAt(deal, across)).toEqual({ document: 'msa', clause: '5.1' })
    expect(misplacedAt(deal, within)).toBeNull()
    expect(misplacedAt(deal, alone)).toBeNull()
  })
})

describe('a simulated review of several documents', () => {
  const schema = contractReviewDeliverable(standard.categories.map((c) => c.id), ['msa', 'dpa'])

  test('names the document of every finding, is schema-valid, and sim-strong never misses the must-catch risk', () => {
    for (const key of keys.slice(0, 50)) {
      const review = simulateContractReview(context('sim-strong', key), deal)
      expect(schema.safeParse(review).success).toBe(true)
      expect(review.risks.every((r) => r.document === 'msa' || r.document === 'dpa')).toBe(true)
      expect(review.risks.some((r) => r.document === 'dpa' && r.clause === '12.2')).toBe(true)
    }
  })

  test('finds a risk seen only across documents less often than one seen within a document', () => {
    // sim-strong finds MEDIUM-difficulty items with probability 0.65 and LOW ones with 0.45.
    const many = Array.from({ length: 1000 }, (_, i) => `many-${i}`)
    const share = (clause: string, document: string) => many.filter((k) => simulateContractReview(context('sim-strong', k), deal).risks.some((r) => r.clause === clause && r.document === document)).length / many.length
    expect(share('14.3', 'msa')).toBeCloseTo(0.65, 1)
    expect(share('7.2', 'dpa')).toBeCloseTo(0.45, 1)
  })

  test('sometimes also flags the clause a found risk is read with', () => {
    const flagged = keys.filter((k) => simulateContractReview(context('sim-strong', k), deal).risks.some((r) => r.document === 'msa' && r.clause === '5.1')).length
    expect(flagged).toBeGreaterThan(0)
  })

  test('a single-document review keeps findings without a document', () => {
    const truth = standard.truth!.data as ContractReviewTruth
    const review = simulateContractReview(context('sim-strong', 'k'), truth)
    expect(review.risks.length).toBeGreaterThan(0)
    expect(review.risks.every((r) => !('document' in r))).toBe(true)
  })
})

describe('the hard-tier review of deal documents against the standard review, as the single agent sees them', () => {
  const hard = registry.get('contract_review_deal')
  const seeds = Array.from({ length: 10 }, (_, i) => `single-${i}`)
  /** Mean ground-truth score and must-catch recall of a simulated single agent over the seeds. */
  const single = (task: typeof hard, profile: string) => {
    const scores = seeds.map((key) => {
      const review = simulateContractReview(new SimContext({ task, profile: SIM_PROFILES[profile]!, role: null, prior: [], prompt: '', callKey: key, trialKey: key }), task.truth!.data as ContractReviewTruth)
      return scoreContractReview(task.truth!.data as ContractReviewTruth, review)
    })
    const mustCatch = scores.flatMap((s) => s.mustCatch)
    return { score: scores.reduce((n, s) => n + s.score, 0) / scores.length, mustCatch: mustCatch.filter((m) => m.caught).length / mustCatch.length }
  }

  test('sim-strong scores clearly lower on the hard task, while still catching every must-catch risk', () => {
    const [h, s] = [single(hard, 'sim-strong'), single(standard, 'sim-strong')]
    expect(h.score).toBeLessThan(s.score - 7)
    expect(h.mustCatch).toBe(1)
  })

  test('sim-medium misses must-catch risks there, and sim-weak scores far lower still', () => {
    expect(single(hard, 'sim-medium').mustCatch).toBeLessThan(1)
    expect(single(hard, 'sim-weak').score).toBeLessThan(single(hard, 'sim-medium').score - 20)
  })
})

describe('the money at stake, where the task asks for it', () => {
  const hard = registry.get('contract_review_deal')
  const truth = hard.truth!.data as ContractReviewTruth
  const review = (profile: string, key: string) => simulateContractReview(new SimContext({ task: hard, profile: SIM_PROFILES[profile]!, role: null, prior: [], prompt: '', callKey: key, trialKey: key }), truth)
  const priced = truth.risks.filter((r) => r.exposure)
  const rightShare = (profile: string, keep: (r: PlantedRisk) => boolean) => {
    let right = 0
    let stated = 0
    for (const key of keys.slice(0, 100)) {
      const findings = review(profile, key).risks
      for (const r of priced.filter(keep)) {
        const f = findings.find((x) => x.document === r.document && x.clause === r.clause)
        if (!f) continue
        stated++
        if (f.exposure === r.exposure!.amount) right++
      }
    }
    return right / stated
  }
  const mustCatch = (r: PlantedRisk) => r.severity === 'HIGH' && !r.optional

  test('every finding states an exposure: the figure for a priced risk, null for any other clause', () => {
    const findings = review('sim-strong', 'k').risks
    expect(findings.every((f) => f.exposure === null || typeof f.exposure === 'number')).toBe(true)
    const pricedKeys = new Set(priced.map((r) => `${r.document} ${r.clause}`))
    expect(findings.filter((f) => !pricedKeys.has(`${f.document} ${f.clause}`)).every((f) => f.exposure === null)).toBe(true)
    expect(deliverableSchema({ deliverable: 'contract_review', categories: hard.categories, truth: hard.truth }).safeParse(review('sim-weak', 'k')).success).toBe(true)
  })

  test('sim-strong computes every must-catch figure, and the others about as often as it sees a LOW item', () => {
    expect(priced.filter(mustCatch).length).toBeGreaterThan(0)
    expect(rightShare('sim-strong', mustCatch)).toBe(1)
    expect(rightShare('sim-strong', (r) => !mustCatch(r))).toBeCloseTo(0.45, 1)
    expect(rightShare('sim-medium', mustCatch)).toBeLessThan(1)
  })

  test('a miscomputed figure is off by more than the stated tolerance', () => {
    for (const key of keys.slice(0, 50)) {
      for (const f of review('sim-weak', key).risks) {
        const r = priced.find((x) => x.document === f.document && x.clause === f.clause)
        if (r && f.exposure !== r.exposure!.amount) expect(Math.abs(f.exposure! - r.exposure!.amount)).toBeGreaterThan(0.05 * r.exposure!.amount)
      }
    }
  })
})
