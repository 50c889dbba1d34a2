import { describe, expect, test } from 'vitest'
import { SimContext } from '../../../lib/sim/context.js'
import { misplacedAt, riskDifficulty, simulateContractReview } from '../../../lib/sim/kinds/contract-review.js'
import { SIM_PROFILES } from '../../../lib/sim/profiles.js'
import { contractReviewDeliverable, type ContractReviewTruth, type PlantedRisk } from '../../../lib/tasks/kinds/contract-review.js'
import { loadRegistry } from '../../../lib/tasks/registry.js'

const registry = await loadRegistry()
const standard = registry.get('contract_review_execution')
const keys = Array.from({ length: 200 }, (_, i) => `call-${i}`)
const context = (profile: string, key: string) => new SimContext(standard, SIM_PROFILES[profile]!, null, [], '', key)

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
