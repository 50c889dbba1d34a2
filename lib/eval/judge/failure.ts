import { LlmCallError } from '../../llm/client.js'
import { currentLedger } from '../../llm/ledger.js'
import type { JudgeResult } from '../../results/record.js'

export type JudgeFailure = JudgeResult['failures'][number]

/** A judgement that failed, as recorded: its step, the error's kind and message, and the raw reply when the ledger kept one. */
export function failureOf(step: string, e: unknown): JudgeFailure {
  if (e instanceof LlmCallError) {
    const raw = currentLedger().calls.find((c) => c.id === e.callId)?.rawOnError ?? null
    return { step, kind: e.error.kind, message: e.error.message, raw }
  }
  const err = e instanceof Error ? e : new Error(String(e))
  return { step, kind: err.name, message: err.message, raw: null }
}
