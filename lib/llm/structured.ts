import type { z } from 'zod'
import { redact } from '../redact.js'
import type { CallError, Ledger } from './ledger.js'

/** A structured reply validated against its schema, or why it cannot be used. */
export function parseStructured<T>(text: string, schema: z.ZodType<T>): { ok: true; value: T } | { ok: false; message: string } {
  let json: unknown
  try {
    json = JSON.parse(stripFence(text))
  } catch (e) {
    return { ok: false, message: `not valid JSON (${(e as Error).message})` }
  }
  const result = schema.safeParse(json)
  if (result.success) return { ok: true, value: result.data }
  const issues = result.error.issues.slice(0, 8).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
  return { ok: false, message: `does not match the schema (${issues.join('; ')})` }
}

/** Some endpoints wrap JSON in a markdown fence even in JSON mode. */
function stripFence(text: string): string {
  const m = /^\s*```(?:json)?\s*\n([\s\S]*?)\n\s*```\s*$/.exec(text)
  return m ? m[1]! : text
}

/** Records a call's unusable structured reply as a parse error, with its raw text (redacted). */
export function markParseFailure(ledger: Ledger, callId: string, message: string, raw: string): CallError {
  const error: CallError = { kind: 'parse', class: 'StructuredOutputError', status: null, message: redact(message) }
  const record = ledger.calls.find((c) => c.id === callId)
  if (record) {
    record.error = error
    record.rawOnError = redact(raw)
  }
  return error
}
