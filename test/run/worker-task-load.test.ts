import { describe, expect, test } from 'vitest'
import { workerLoadOptions } from '../../lib/run/worker-task-load.js'
import { isBroken, loadTask } from '../../lib/tasks/registry.js'

describe('how a benchmark worker loads its task', () => {
  test("without the checks that only decide whether a task may run, only when the run's global setup judged that task and its answer still holds", () => {
    expect(workerLoadOptions({ tasks: null }, 'code_review_execution', true)).toEqual({ verify: false })
    expect(workerLoadOptions({ tasks: ['code_review_execution'] }, 'code_review_execution', true)).toEqual({ verify: false })
    // Not selected: the global setup never judged it.
    expect(workerLoadOptions({ tasks: ['contract_review'] }, 'code_review_execution', true)).toEqual({})
    // A watch session: the task may have changed since the setup judged it.
    expect(workerLoadOptions({ tasks: null }, 'code_review_execution', false)).toEqual({})
  })

  test('a task loaded without those checks is the task loaded with them, when it passes them', async () => {
    for (const id of ['code_review_execution', 'cash_reconciliation_execution']) {
      const checked = await loadTask(id)
      const trusted = await loadTask(id, { verify: false })
      expect(isBroken(checked) || isBroken(trusted), id).toBe(false)
      expect(trusted, id).toEqual(checked)
    }
  })
})
