import { describe, expect, test } from 'vitest'
import { loadConfig } from '../../lib/config.js'
import { isUserError } from '../../lib/errors.js'
import { checkBudgetPrices, unpricedModels } from '../../lib/gateway/budget.js'
import { loadPrices } from '../../lib/llm/pricing.js'
import { tempDir } from '../support/temp.js'

const config = (env: Record<string, string>) => loadConfig({ env, cwd: tempDir() })

describe('a dollar cap needs a price for every model the run calls', () => {
  test('lists the agent and judge models without a price', () => {
    const c = config({ ORGBENCH_BASE_URL: 'http://localhost:8000/v1', ORGBENCH_MODEL: 'my-model', ORGBENCH_JUDGE_MODEL: 'my-judge' })
    expect(unpricedModels(c, loadPrices())).toEqual(['my-judge', 'my-model'])
    expect(unpricedModels({ ...c, judge: 'off' }, loadPrices())).toEqual(['my-model'])
  })

  test('with a cap and a missing price the run refuses to start, naming the price', () => {
    const c = config({ ORGBENCH_BASE_URL: 'http://localhost:8000/v1', ORGBENCH_MODEL: 'my-model', ORGBENCH_JUDGE_MODEL: 'sim-judge', ORGBENCH_MAX_USD: '5' })
    let error: unknown
    try {
      checkBudgetPrices(c, loadPrices())
    } catch (e) {
      error = e
    }
    expect(isUserError(error)).toBe(true)
    expect((error as Error).message).toMatch(/^ORGBENCH_MAX_USD=5 needs a price for every model the run calls; missing: "my-model"\. Add them to a price file/)
  })

  test('without a cap, or with every price known, nothing is refused', () => {
    expect(() => checkBudgetPrices(config({ ORGBENCH_BASE_URL: 'http://localhost:8000/v1', ORGBENCH_MODEL: 'my-model' }), loadPrices())).not.toThrow()
    expect(() => checkBudgetPrices(config({ ORGBENCH_MAX_USD: '1' }), loadPrices())).not.toThrow()
  })
})
