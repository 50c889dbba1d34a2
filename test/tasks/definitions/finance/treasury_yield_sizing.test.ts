import { describe, expect, test } from 'vitest'
import { scoreChecklist } from '../../../../lib/eval/checklist.js'
import { checkDesignChecklist, checkSetup, taskOf } from '../../../support/task-definitions.js'

const task = taskOf('treasury_yield_sizing')

describe('treasury_yield_sizing: its setup', () => {
  checkSetup(task, {
    track: 'finance',
    costCenter: 'finance',
    tier: 'hard',
    kind: 'design',
    deliverable: 'markdown',
    roles: ["portfolio_sizer", "risk_modeller", "market_analyst", "bot_operator"],
    rubric: [["arithmetic", 30], ["binding_limits", 25], ["honesty", 20], ["consistency", 15], ["operability", 10]],
    composite: { groundTruth: 0, checklist: 0.6, judge: 0.4 },
  })
})

describe('treasury_yield_sizing: its checklist', () => {
  checkDesignChecklist(task, {
    items: ["s1_net_yield", "jup_stress_loss", "s4_pool_cap", "stress_remaining", "s2_size", "idle_usdc", "weekly_contributions", "max_weekly_yield", "target_unreachable"],
    mustPass: ["s4_pool_cap", "max_weekly_yield", "target_unreachable"],
    promptItems: {},
  })
})

describe('treasury_yield_sizing: s4_pool_cap', () => {
  const met = (text: string) => scoreChecklist(task.checklist.filter((i) => i.id === 's4_pool_cap'), text).missing.length === 0
  test("S4 is capped at €8,000, tied to 2 % of the pool; another amount does not count", () => {
    expect(met("S4 is capped at €8,000, 2 % of the pool's €400,000 TVL, although the stress budget alone would allow more.")).toBe(true)
    expect(met("S4 is capped at 2% of pool TVL, i.e. €13,900.")).toBe(false)
    expect(met("S4 gets €8,500.")).toBe(false)
  })

  test('an abbreviation\'s full stops ("i.e.", "e.g.") do not end the sentence that ties the cap to S4', () => {
    expect(met('S4 is capped at 2% of pool TVL, i.e. €8,000.')).toBe(true)
    expect(met('S4 (JUP/USDC on Raydium) is held to the pool share, e.g. 2 % of €400,000 = €8,000.')).toBe(true)
    expect(met('S4 is capped at 2% of pool TVL. The stress budget is €8,000.')).toBe(false)
  })
})
