import { describe, expect, test } from 'vitest'
import { workerLoadOptions } from '../../lib/run/worker-task-load.js'
import { isBroken, loadTask } from '../../lib/tasks/registry.js'

describe('how a benchmark worker loads its task', () => {
  test("without the neutrality checks only when the run's global setup judged that task and its answer still holds", () => {
    expect(workerLoadOptions({ tasks: null }, 'code_review_execution', true)).toEqual({ neutrality: false })
    expect(workerLoadOptions({ tasks: ['code_review_execution'] }, 'code_review_execution', true)).toEqual({ neutrality: false })
    // Not selected: the global setup never judged it.
    expect(workerLoadOptions({ tasks: ['contract_review'] }, 'code_review_execution', true)).toEqual({})
    // A watch session: the task may have changed since the setup judged it.
    expect(workerLoadOptions({ tasks: null }, 'code_review_execution', false)).toEqual({})
  })

  test('a task loaded without the neutrality checks is the task loaded with them, when it passes them', async () => {
    const checked = await loadTask('code_review_execution')
    const trusted = await loadTask('code_review_execution', { neutrality: false })
    expect(isBroken(checked) || isBroken(trusted)).toBe(false)
    expect(trusted).toEqual(checked)
  })
})
