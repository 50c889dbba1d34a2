import { describe, expect, test } from 'vitest'
import { scoreGroundTruth } from '../../../lib/eval/score.js'
import { SimContext } from '../../../lib/sim/context.js'
import { simulateReconciliation } from '../../../lib/sim/kinds/reconciliation.js'
import { SIM_PROFILES, type SimProfile } from '../../../lib/sim/profiles.js'
import { deliverableSchema } from '../../../lib/tasks/kinds/index.js'
import type { ReconciliationDeliverable, ReconciliationTruth } from '../../../lib/tasks/kinds/reconciliation.js'
import { loadRegistry } from '../../../lib/tasks/registry.js'
import { calibrationsFor } from '../../support/calibrations.js'

// The kind's own mechanics, without the real-model calibration (test/sim/calibration.test.ts covers that).
calibrationsFor(null)

const task = (await loadRegistry()).get('cash_reconciliation_execution')
const truth = task.truth!.data as ReconciliationTruth
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8]

const simulate = (profile: SimProfile, seed: number, prior: unknown[] = []) => simulateReconciliation(new SimContext({ task, profile, role: null, prior, prompt: '', callKey: `${seed}|${profile.id}`, trialKey: `${seed}|${profile.id}` }), truth)
const score = (d: ReconciliationDeliverable) => scoreGroundTruth(task, { kind: 'structured', schema: 'reconciliation_deliverable', data: d })!
/** A profile that finds everything, labels it right and raises no false alarm. */
const flawless: SimProfile = {
  ...SIM_PROFILES['sim-strong']!,
  id: 'flawless',
  detect: { CRITICAL: 1, HIGH: 1, MEDIUM: 1, LOW: 1 },
  confuse: { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0 },
  falseAlarm: 0,
  severitySlip: 0,
}

describe('simulateReconciliation', () => {
  test('a flawless profile hands in the ground truth itself: score 100', () => {
    const d = simulate(flawless, 1)
    expect(deliverableSchema({ deliverable: 'reconciliation', categories: task.categories, truth: task.truth }).safeParse(d).success).toBe(true)
    expect(score(d).score).toBe(100)
    expect(d.accounts.map((a) => a.unexplainedDifference)).toEqual([0, 0, 0, 0, 0, 0])
  })

  test('sim-strong cites only lines of the inputs, and its account proof follows from what it reports', () => {
    const known = new Set([...truth.exceptions, ...truth.reconcilingItems].flatMap((x) => [...x.ledgerLines, ...x.statementLines]).concat(truth.decoys.flatMap((d) => d.lines), truth.priorItems.flatMap((p) => p.statementLines)))
    for (const seed of SEEDS) {
      const d = simulate(SIM_PROFILES['sim-strong']!, seed)
      for (const x of [...d.exceptions, ...d.reconcilingItems]) for (const id of [...x.ledgerLines, ...x.statementLines]) expect(known.has(id), id).toBe(true)
      for (const a of d.accounts) {
        const adjustments = d.exceptions.filter((x) => x.account === a.account).reduce((s, x) => s + x.ledgerAdjustment, 0)
        expect(a.adjustedLedgerBalance).toBeCloseTo(a.ledgerBalance + adjustments, 2)
        expect(a.unexplainedDifference).toBeCloseTo(a.adjustedStatementBalance - a.adjustedLedgerBalance, 2)
      }
    }
  })

  test('the hard tier holds sim-strong well below a flawless reconciliation, and sim-weak far below sim-strong', () => {
    const mean = (id: string) => SEEDS.reduce((s, seed) => s + score(simulate(SIM_PROFILES[id]!, seed)).score, 0) / SEEDS.length
    const strong = mean('sim-strong')
    expect(strong).toBeLessThan(85)
    expect(strong).toBeGreaterThan(50)
    expect(mean('sim-weak')).toBeLessThan(strong - 20)
  })

  test('missed timing differences are sometimes booked as errors, the trap the policy window sets', () => {
    const flagged = SEEDS.reduce((n, seed) => n + score(simulate(SIM_PROFILES['sim-weak']!, seed)).counts.timing_flagged_as_error!.hit, 0)
    expect(flagged).toBeGreaterThan(0)
  })

  test("earlier agents' work in the prompt is kept: a medium model shown a flawless reconciliation recalls more", () => {
    const recall = (prior: unknown[]) => SEEDS.reduce((s, seed) => s + score(simulate(SIM_PROFILES['sim-medium']!, seed, prior)).metrics.recall!, 0) / SEEDS.length
    expect(recall([simulate(flawless, 1)])).toBeGreaterThan(recall([]) + 0.2)
  })
})
