import { describe, expect, test } from 'vitest'
import { failureOf } from '../../../lib/eval/judge/failure.js'
import { LlmCallError } from '../../../lib/llm/client.js'
import { type CallRecord, Ledger, withLedger } from '../../../lib/llm/ledger.js'

const parseError = { kind: 'parse' as const, class: 'SyntaxError', status: null, message: 'reply is not JSON' }
const call = (id: string, rawOnError: string | null): CallRecord => ({
  id, role: 'judge', phase: 'judge', model: 'sim-judge', labels: {}, dependsOn: [], promptTokens: 10, completionTokens: 5, cachedTokens: 0, reasoningTokens: 0,
  costUsd: null, cached: 'no', startMs: 0, endMs: 1, latencyMs: 1, queuedMs: 0, attempts: 1, faults: [], finishReason: 'stop', error: parseError, rawOnError,
})

describe('failureOf: a failed judgement as recorded', () => {
  test('a model call error keeps its kind and message, and the raw reply of that very call from the ledger', async () => {
    const ledger = new Ledger()
    ledger.record(call('c001', '{"score": 7'))
    ledger.record(call('c002', '{"score":'))
    const failure = await withLedger(ledger, async () => failureOf('rubric#2', new LlmCallError(parseError, 'c002')))
    expect(failure).toEqual({ step: 'rubric#2', kind: 'parse', message: 'reply is not JSON', raw: '{"score":' })
  })

  test('raw is null, not empty, when the ledger kept no reply for the call', async () => {
    const ledger = new Ledger()
    ledger.record(call('c001', null))
    expect(await withLedger(ledger, async () => failureOf('pairwise#1', new LlmCallError(parseError, 'c001')))).toMatchObject({ raw: null })
    expect(await withLedger(ledger, async () => failureOf('pairwise#1', new LlmCallError(parseError, 'c404')))).toMatchObject({ kind: 'parse', raw: null })
  })

  test('any other error is named by its class; a thrown non-error by its text', () => {
    expect(failureOf('checklist', new TypeError('items is not iterable'))).toEqual({ step: 'checklist', kind: 'TypeError', message: 'items is not iterable', raw: null })
    expect(failureOf('checklist', 'socket hang up')).toEqual({ step: 'checklist', kind: 'Error', message: 'socket hang up', raw: null })
  })
})
