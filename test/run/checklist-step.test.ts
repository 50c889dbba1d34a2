import { describe, expect, test } from 'vitest'
import type { ChatClient } from '../../lib/llm/client.js'
import { Ledger } from '../../lib/llm/ledger.js'
import type { RunError } from '../../lib/results/record.js'
import { checklistStep } from '../../lib/run/checklist-step.js'
import { scoreChecklist } from '../../lib/eval/checklist.js'
import { SimKnowledge } from '../../lib/sim/knowledge.js'

const task = (await SimKnowledge.load()).registry.get('defi_strategy_design')
const deliverable = { kind: 'markdown' as const, text: 'Auto-halt: a 20% drawdown from the high-water mark halts the bot.' }
const patterns = scoreChecklist(task.checklist, deliverable.text)
const config = { judge: 'on' as const, judgeModel: 'j', maxOutputTokens: 1000 }
const broken: ChatClient = { chat: async () => Promise.reject(new Error('no JSON in the reply')) }

describe('the checklist step of a run', () => {
  test('with the judge off the patterns decide, the record says so (method "patterns"), and nothing is called', async () => {
    const errors: RunError[] = []
    const result = await checklistStep({ config: { ...config, judge: 'off' }, task, llm: broken, ledger: new Ledger(), deliverable, proposedRoles: [], patterns, seed: 1, errors })
    expect(result).toEqual({ ...patterns, method: 'patterns' })
    expect(errors).toEqual([])
  })

  test('a failed checklist judgement is a judge error of the run, and the result says the patterns decided', async () => {
    const errors: RunError[] = []
    const result = await checklistStep({ config, task, llm: broken, ledger: new Ledger(), deliverable, proposedRoles: [], patterns, seed: 1, errors })
    expect(result?.method).toBe('patterns')
    expect(errors).toEqual([{ stage: 'judge', kind: 'Error', message: 'the checklist judgement failed: no JSON in the reply', callId: null }])
  })
})
