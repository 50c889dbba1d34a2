import { describe, expect, test } from 'vitest'
import { scoreClose } from '../../../lib/eval/scorers/reconciliation-close.js'
import { SimContext } from '../../../lib/sim/context.js'
import { believeClose, closeItem, simulateClose } from '../../../lib/sim/kinds/reconciliation-close.js'
import { SIM_PROFILES, type SimProfile } from '../../../lib/sim/profiles.js'
import { parseCsv } from '../../../lib/tasks/csv.js'
import type { CloseDeliverable, ReconciliationDeliverable, ReconciliationTruth } from '../../../lib/tasks/kinds/reconciliation.js'
import { loadRegistry } from '../../../lib/tasks/registry.js'
import { calibrationsFor } from '../../support/calibrations.js'

// The kind's own mechanics, without the real-model calibration: it was read only when another file
// had already loaded the reconciliation kind's outcome reader (test/sim/calibration.test.ts covers that).
calibrationsFor(null)

const task = (await loadRegistry()).get('cash_reconciliation_execution')
const truth = task.truth!.data as ReconciliationTruth
const close = truth.close!
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8]

const context = (profile: SimProfile, seed: number, prior: unknown[] = []) => new SimContext({ task, profile, role: null, prior, prompt: '', callKey: `${seed}|${profile.id}`, trialKey: `${seed}|${profile.id}` })
const simulate = (profile: SimProfile, seed: number, prior: unknown[] = []) => simulateClose(context(profile, seed, prior), truth, close)
/** The close part of a deliverable, scored alone (the reconciliation part left empty). */
const scored = (d: CloseDeliverable) => scoreClose(close, { accounts: [], reconcilingItems: [], exceptions: [], summary: '', ...d } as ReconciliationDeliverable)
const flawless: SimProfile = { ...SIM_PROFILES['sim-strong']!, id: 'flawless', detect: { CRITICAL: 1, HIGH: 1, MEDIUM: 1, LOW: 1 }, confuse: { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0 }, falseAlarm: 0, severitySlip: 0, callVariation: 0, roleVariation: 0 }
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length
const partMean = (d: CloseDeliverable) => mean(Object.values(scored(d).parts))

describe('simulateClose', () => {
  test('a flawless profile hands in every figure of the truth: each schedule scores 1 and every card over budget is caught', () => {
    const s = scored(simulate(flawless, 1))
    expect(s.parts).toEqual({ cards: 1, interest: 1, revaluation: 1 })
    expect(s.mustCatch.map((m) => m.caught)).toEqual([true, true, true, true])
  })

  test('every section covers every card, every day of March and both currency accounts; a first charge over budget is a charge of that card', () => {
    const statements = Object.fromEntries(['1250', '1260'].map((a) => [a, parseCsv(task.resolvedInputs.find((i) => i.id === truth.accounts.find((x) => x.account === a)!.statement)!.content).rows]))
    for (const seed of SEEDS) {
      const d = simulate(SIM_PROFILES['sim-weak']!, seed)
      expect(d.cardReview!.map((c) => c.card)).toEqual(close.cards.map((c) => c.card))
      expect(d.interest!.map((t) => [t.account, t.days.length])).toEqual([['1200', 31], ['1210', 31]])
      expect(d.revaluation!.map((r) => r.account)).toEqual(['1210', '1230'])
      for (const c of d.cardReview!) {
        if (c.firstChargeOverBudget === null) continue
        const account = close.cards.find((x) => x.card === c.card)!.account
        expect(statements[account]!.find((r) => r.id === c.firstChargeOverBudget)?.card, `${c.card} ${c.firstChargeOverBudget}`).toBe(c.card)
      }
    }
  })

  test('sim-strong flags every card over budget (must-catch) but gets long sums and chains only sometimes; sim-weak does worse', () => {
    const strong = SEEDS.map((seed) => scored(simulate(SIM_PROFILES['sim-strong']!, seed)))
    expect(strong.every((s) => s.mustCatch.every((m) => m.caught))).toBe(true)
    const strongMean = mean(strong.map((s) => mean(Object.values(s.parts))))
    expect(strongMean).toBeLessThan(0.9)
    expect(strongMean).toBeGreaterThan(0.3)
    expect(mean(SEEDS.map((seed) => partMean(simulate(SIM_PROFILES['sim-weak']!, seed))))).toBeLessThan(strongMean - 0.1)
  })

  test("earlier agents' figures in the prompt are taken over: a medium model shown the flawless schedules scores higher", () => {
    const shown = [simulate(flawless, 1)]
    const alone = mean(SEEDS.map((seed) => partMean(simulate(SIM_PROFILES['sim-medium']!, seed))))
    const helped = mean(SEEDS.map((seed) => partMean(simulate(SIM_PROFILES['sim-medium']!, seed, shown))))
    expect(helped).toBeGreaterThan(alone + 0.1)
  })

  test('the items: a card over budget is HIGH, a card total and the long interest chain of 1200 LOW', () => {
    const over = close.cards.find((c) => c.firstChargeOverBudget !== null)!
    expect([closeItem(task, { kind: 'flag', c: over }).difficulty, closeItem(task, { kind: 'card', c: over }).difficulty, closeItem(task, { kind: 'interest', t: close.interest[0]! }).difficulty]).toEqual(['HIGH', 'LOW', 'LOW'])
  })
})

describe('believeClose', () => {
  test('a judge that sees every figure believes the truth, whatever the candidate says', () => {
    const judge = context(flawless, 1)
    const wrong = simulate(SIM_PROFILES['sim-weak']!, 3)
    expect(believeClose(judge, close, wrong)).toEqual(close)
  })

  test("a blind judge takes the candidate's figures for the ones it cannot work out", () => {
    const blind: SimProfile = { ...flawless, id: 'blind', detect: { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0 } }
    const wrong = simulate(SIM_PROFILES['sim-weak']!, 3)
    const belief = believeClose(context(blind, 1), close, wrong)
    expect(belief.cards.map((c) => c.spend)).toEqual(wrong.cardReview!.map((c) => c.spend))
    expect(belief.revaluation.map((r) => r.carryingAmountEur)).toEqual(wrong.revaluation!.map((r) => r.carryingAmountEur))
  })
})
