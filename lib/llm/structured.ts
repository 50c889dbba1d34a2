import type { z } from 'zod'
import { redact } from '../redact.js'
import type { CallError, Ledger } from './ledger.js'

/** A structured reply validated against its schema, or why it cannot be used. */
export function parseStructured<T>(text: string, schema: z.ZodType<T>): { ok: true; value: T } | { ok: false; message: string } {
  const read = readJson(text)
  if (!read.ok) return read
  const json = read.json
  const result = schema.safeParse(json)
  if (result.success) return { ok: true, value: result.data }
  const issues = result.error.issues.slice(0, 8).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
  return { ok: false, message: `does not match the schema (${issues.join('; ')})` }
}

/**
 * A leading reasoning trace in the content: `<think>…</think>`, as Qwen3 or DeepSeek-R1 write it
 * when the server (Ollama, LM Studio, vLLM without a reasoning parser) leaves it in the reply.
 */
const LEADING_THINK_BLOCK = /^\s*<think>[\s\S]*?<\/think>\s*/

/**
 * `text` without a leading `<think>…</think>` block (the same string when there is none). The
 * trace is not the reply: no parser, agent, deliverable or judge should see it, as none sees the
 * `reasoning_content` of a server that separates it.
 */
export function withoutThinkBlock(text: string): string {
  const m = LEADING_THINK_BLOCK.exec(text)
  return m ? text.slice(m[0].length) : text
}

/** The warning a test's ledger keeps when a model's reply opened with a think block that was removed. */
export function thinkBlockWarning(model: string): string {
  return `${model}: replies opened with a <think>…</think> block (a reasoning trace in the content); it was removed before the reply was parsed or used, so no agent, deliverable or judge saw it`
}

/** A markdown fence: its tag (any case, or none) and its body. */
const FENCE = /```[ \t]*([A-Za-z0-9_-]*)[ \t]*\r?\n([\s\S]*?)\r?\n?[ \t]*```/g

/**
 * The JSON value of a reply: the whole reply when it is JSON; else, as a model that is not held
 * to a schema writes it (JSON mode or no response format, an endpoint that ignores one), the one
 * fenced block (tagged `json` in any case, or untagged) with text around it allowed, else the
 * outermost `{…}`. A reply none of these reads is not valid JSON, named with the error of the whole.
 */
export function readJson(text: string): { ok: true; json: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, json: JSON.parse(text) }
  } catch (e) {
    for (const candidate of jsonCandidates(text)) {
      try {
        return { ok: true, json: JSON.parse(candidate) }
      } catch {
        // the next candidate, or the error of the whole reply
      }
    }
    return { ok: false, message: `not valid JSON (${(e as Error).message})` }
  }
}

/** Where JSON may sit in a reply that is not JSON as a whole: the single JSON fence's body, then the outermost object. */
function jsonCandidates(text: string): string[] {
  const candidates: string[] = []
  const fences = [...text.matchAll(FENCE)].filter((m) => m[1] === '' || m[1]!.toLowerCase() === 'json')
  if (fences.length === 1) candidates.push(fences[0]![2]!)
  const start = text.indexOf('{')
  const end = text.lastIndexOf('}')
  if (start !== -1 && end > start) candidates.push(text.slice(start, end + 1))
  return candidates
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
