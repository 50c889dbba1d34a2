import { CallRecord } from '../../lib/llm/ledger.js'

/** A valid ledger entry: 100 prompt and 50 completion tokens at $0.001, 100 ms, unless told otherwise. */
export function callRecord(over: Partial<CallRecord> & { id: string }): CallRecord {
  const startMs = over.startMs ?? 0
  const latencyMs = over.latencyMs ?? 100
  return CallRecord.parse({
    role: 'single',
    phase: 'answer',
    model: 'sim-strong',
    labels: {},
    dependsOn: [],
    promptTokens: 100,
    completionTokens: 50,
    cachedTokens: 0,
    reasoningTokens: 0,
    costUsd: 0.001,
    startMs,
    endMs: startMs + latencyMs,
    latencyMs,
    queuedMs: 0,
    attempts: 1,
    finishReason: 'stop',
    error: null,
    rawOnError: null,
    ...over,
  })
}
