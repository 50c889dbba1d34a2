import { describe, expect, test } from 'vitest'
import { loadConfig } from '../../lib/config.js'
import { estimatedBudgetWarning } from '../../lib/run/self-refine-warning.js'

const config = (vars: Record<string, string> = {}) => loadConfig({ env: { ORGBENCH_TRIALS: '3', ...vars }, cwd: '/nonexistent' })

describe('estimatedBudgetWarning', () => {
  test('warns when ORGBENCH_TOPOLOGIES has self_refine without star and no budget is set', () => {
    expect(estimatedBudgetWarning(config({ ORGBENCH_TOPOLOGIES: 'single,self_refine,pipeline' }))).toMatch(/^self_refine: star is not in this run .* budget is estimated from its own first draft, not star's median spend/)
  })

  test('says nothing when star runs, self_refine does not, every topology runs, or the budget is set', () => {
    expect(estimatedBudgetWarning(config({ ORGBENCH_TOPOLOGIES: 'self_refine,star' }))).toBeNull()
    expect(estimatedBudgetWarning(config({ ORGBENCH_TOPOLOGIES: 'single,pipeline' }))).toBeNull()
    expect(estimatedBudgetWarning(config())).toBeNull()
    expect(estimatedBudgetWarning(config({ ORGBENCH_TOPOLOGIES: 'self_refine', ORGBENCH_SELF_REFINE_BUDGET: '50000' }))).toBeNull()
  })
})
