import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { scoreChecklist } from '../../../lib/eval/checklist.js'
import { readCalibration } from '../../../lib/tasks/calibration-file.js'
import { loadRegistry, PROJECT_ROOT } from '../../../lib/tasks/registry.js'

/*
 * The finance checklists' patterns, on deliverables a model wrote: a right answer scores the same
 * whatever its notation, and a wrong strategy does not meet the items it names only to refuse them.
 */

const registry = await loadRegistry()
const treasury = registry.get('treasury_yield_sizing')
const defi = registry.get('defi_strategy_design')
const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../../fixtures/finance-checklists', `${name}.md`), 'utf8')
const calibrated = (task: string) => {
  const run = readCalibration(join(PROJECT_ROOT, 'fixtures'), task)!.runs[0]!
  if (run.deliverable.kind !== 'markdown') throw new Error(`${task}: expected a markdown calibration deliverable`)
  return run.deliverable.text
}

describe('treasury_yield_sizing checklist', () => {
  test.each(['treasury-good', 'treasury-good-eur', 'treasury-good-fr', 'treasury-good-trailing-zero', 'treasury-good-bps', 'treasury-good-table'])('%s: the right sizing meets every item whatever the notation', (name) => {
    expect(scoreChecklist(treasury.checklist, fixture(name))).toMatchObject({ score: 100, missing: [] })
  })

  test('the shipped calibration deliverable meets every item: its S1 net, S2 size and contributions are in tables and computations', () => {
    expect(scoreChecklist(treasury.checklist, calibrated('treasury_yield_sizing'))).toMatchObject({ score: 100, missing: [] })
  })

  test('the wrong sizing (S4 five times its pool cap, the target "met over time", the stress limit ignored) passes no must-pass item', () => {
    const s = scoreChecklist(treasury.checklist, fixture('treasury-wrong'))
    expect(s.mustPass.filter((m) => m.caught)).toEqual([])
    expect(s.missing).toEqual(expect.arrayContaining(['s4_pool_cap', 'target_unreachable', 'weekly_contributions']))
  })

  const items = (ids: string[]) => treasury.checklist.filter((i) => ids.includes(i.id))
  test('s4_pool_cap is said of S4: the €8,000 stress budget beside the 2 % pool limit is not it', () => {
    const [cap] = items(['s4_pool_cap'])
    expect(scoreChecklist([cap!], 'The stress budget is 10 % of capital, i.e. €8,000, and the pool TVL limit of 2 % is not a concern.').covered).toEqual([])
    expect(scoreChecklist([cap!], '3. S4: €8,000 (pool-share cap; the stress budget alone would allow €13,932).').covered).toEqual(['s4_pool_cap'])
    expect(scoreChecklist([cap!], '| S4 Raydium JUP/USDC | €20,000 | 0.02 × 400,000 = **€8,000** | **€8,000** |').covered).toEqual(['s4_pool_cap'])
  })

  test('target_unreachable: "cannot" must be said of the target, in its clause', () => {
    const [target] = items(['target_unreachable'])
    expect(scoreChecklist([target!], 'the 0.5 % target is met over time, so it is not a problem; limits cannot be breached').covered).toEqual([])
    expect(scoreChecklist([target!], 'so the 0.50 % weekly target cannot be reached').covered).toEqual(['target_unreachable'])
    expect(scoreChecklist([target!], 'so the 50 bps weekly target cannot be reached').covered).toEqual(['target_unreachable'])
  })

  test("weekly_contributions needs S4's €36, not S1's own re-centring cost beside its €120", () => {
    const [contributions] = items(['weekly_contributions'])
    expect(scoreChecklist([contributions!], '| S1 | 0.78 % × €20,000 − 3 × €12 = €156 − €36 | €120 |').covered).toEqual([])
    expect(scoreChecklist([contributions!], '| S1 | €156 − €36 | EUR 120 |\n| S4 | 0.45 % × €8,000 | EUR 36 |').covered).toEqual(['weekly_contributions'])
  })
})

describe('defi_strategy_design checklist', () => {
  test('the right design meets every item: "EUR 50,000" and a numbered unwind procedure included', () => {
    expect(scoreChecklist(defi.checklist, fixture('defi-good'))).toMatchObject({ score: 100, missing: [] })
  })

  test('the shipped calibration deliverable meets every item: its drawdown table, timed unwind and entry column included', () => {
    expect(scoreChecklist(defi.checklist, calibrated('defi_strategy_design'))).toMatchObject({ score: 100, missing: [] })
  })

  test('the wrong design (100 % in one leveraged position, no halt, no stablecoin exit) passes no must-pass item', () => {
    const s = scoreChecklist(defi.checklist, fixture('defi-wrong'))
    expect(s.mustPass.filter((m) => m.caught)).toEqual([])
    expect(s.covered).toEqual(['capital_50k', 'weekly_yield_target', 'concrete_pairs'])
  })

  const only = (id: string) => defi.checklist.filter((i) => i.id === id)
  test.each([
    ['drawdown_halt', 'We do not use a drawdown halt: a 20 % drawdown is normal for SOL and the bot rides it out.', 'At a drawdown of 20 % the bot halts and runs the unwind.'],
    ['position_cap', 'Exit when it looks risky; above 30 % the position is too concentrated but we accept it.', 'No sleeve may exceed 30 % of NAV.'],
    ['emergency_unwind', 'Emergency: remove the liquidity and hold SOL; we never swap to USDC or stablecoins.', 'Emergency: remove the liquidity, then swap SOL to USDC within 10 minutes.'],
    ['three_strategy_types', 'Three strategies are unnecessary: a single strategy is simpler.', 'The book uses three strategy types: concentrated LP, lending and liquid staking.'],
    ['mev_protection', 'Fees are negligible on Solana, so we ignore them. Slippage is set to 5 %.', 'Slippage limit 30 bps on SOL/USDC.'],
    ['exit_signals', 'Exit when it looks risky; above 30 % the position is too concentrated.', 'Exit when 24 h fee/TVL falls below 0.08 %.'],
  ])('%s: the wrong strategy does not meet it, the right one does', (id, wrong, right) => {
    expect(scoreChecklist(only(id), wrong).covered).toEqual([])
    expect(scoreChecklist(only(id), right).covered).toEqual([id])
  })

  test('a drawdown table is read as one passage; "no new entries" in an earlier stage does not negate the halt row', () => {
    const table = '| Stage | DD | Action |\n|---|---|---|\n| 1 | ≥ 8% | No new entries |\n| **4 = HALT** | **≥ 20%** | Full unwind |'
    expect(scoreChecklist(only('drawdown_halt'), table).covered).toEqual(['drawdown_halt'])
  })

  test('capital_50k: EUR before the amount, a space or a narrow no-break space between the groups', () => {
    for (const text of ['Capital: EUR 50,000.', 'Capital: 50\u202f000 €.', 'Capital: €50 000.', 'Capital: 50,000 EUR.']) expect(scoreChecklist(only('capital_50k'), text).covered).toEqual(['capital_50k'])
    expect(scoreChecklist(only('capital_50k'), 'Capital: EUR 150,000.').covered).toEqual([])
  })
})
