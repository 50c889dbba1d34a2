import { describe, expect, test } from 'vitest'
import { scoreChecklist } from '../../../../lib/eval/checklist.js'
import { checkDesignChecklist, checkSetup, taskOf } from '../../../support/task-definitions.js'

const task = taskOf('defi_strategy_design')

describe('defi_strategy_design: its setup', () => {
  checkSetup(task, {
    track: 'finance',
    costCenter: 'finance',
    tier: 'standard',
    kind: 'design',
    deliverable: 'markdown',
    roles: ["quant_strategist", "risk_manager", "execution_engineer", "protocol_analyst", "compliance_ops"],
    rubric: [["technical_depth", 20], ["implementability", 20], ["risk_coverage", 20], ["signal_specificity", 20], ["operational_completeness", 20]],
    composite: { groundTruth: 0, checklist: 0.4, judge: 0.6 },
  })
})

describe('defi_strategy_design: its checklist', () => {
  checkDesignChecklist(task, {
    items: ["capital_50k", "weekly_yield_target", "drawdown_halt", "position_cap", "three_strategy_types", "entry_signals", "exit_signals", "emergency_unwind", "fee_accounting", "concrete_pairs", "onchain_identifiers", "position_sizing", "mev_protection", "monitoring_alerts"],
    mustPass: ["drawdown_halt", "position_cap", "emergency_unwind", "fee_accounting"],
    promptItems: {
      capital_50k: "The bot runs a book of EUR 50,000 from one wallet.",
      weekly_yield_target: "Our return target is 5% per week, reached only in high-volume weeks.",
      drawdown_halt: "If drawdown reaches 20%, the bot halts and unwinds every position.",
      position_cap: "Each sleeve is held to 30% of the capital (€15,000) at most.",
      three_strategy_types: "The portfolio runs three distinct on-chain strategies: a CLMM pool, a lending market and liquid staking.",
      concrete_pairs: "The CLMM sleeve provides liquidity to the JitoSOL/SOL pool on Orca.",
    },
  })
})

describe('defi_strategy_design: drawdown_halt', () => {
  const met = (text: string) => scoreChecklist(task.checklist.filter((i) => i.id === 'drawdown_halt'), text).missing.length === 0
  test("the halt must be tied to a 20 % drawdown; another threshold does not count", () => {
    expect(met("If drawdown reaches 20%, the bot halts and unwinds every position.")).toBe(true)
    expect(met("Halt all strategies when the drawdown hits 2000 bps.")).toBe(true)
    expect(met("If drawdown reaches 25%, the bot halts.")).toBe(false)
    expect(met("Drawdown is monitored continuously.")).toBe(false)
  })
})

describe('defi_strategy_design: clause windows', () => {
  test('a window reads past the full stops of "i.e.", as every item of the definition reads a clause (inClause)', () => {
    const met = (id: string, text: string) => scoreChecklist(task.checklist.filter((i) => i.id === id), text).covered
    expect(met('weekly_yield_target', 'We target ≥5%, i.e. about €2,500, every week.')).toEqual(['weekly_yield_target'])
    expect(met('mev_protection', 'Sandwich risk is cut by routing, i.e. sending every swap, as a Jito bundle.')).toEqual(['mev_protection'])
  })
})
