import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions'
import type { ResponseFormat } from './response-format.js'
import { messageParts } from './parts-message.js'
import { type EncodedJson, JsonWriter } from './shared-json.js'

/** What a chat request sends, before encoding. */
export interface ChatBody {
  model: string
  messages: readonly ChatCompletionMessageParam[]
  maxTokens: number
  temperature: number
  /** A reasoning model (lib/llm/reasoning-models.ts): the cap goes as max_completion_tokens, and no temperature. */
  reasoning?: boolean
  seed?: number
  responseFormat?: ResponseFormat
}

/** A response format's JSON, encoded once per format object (formats are built once per schema: see responseFormatOf). */
const formats = new WeakMap<object, Buffer>()

function formatBytes(format: ResponseFormat): Buffer {
  let bytes = formats.get(format)
  if (!bytes) formats.set(format, (bytes = Buffer.from(JSON.stringify(format))))
  return bytes
}

/**
 * The request body of a chat call as UTF-8 JSON, in pieces: exactly the bytes of
 * `JSON.stringify({ model, messages, max_tokens, temperature, seed, response_format })`
 * (seed and response_format only when given; for a reasoning model `max_completion_tokens` in
 * place of `max_tokens` and `temperature`), so hashes and requests do not depend on how it
 * was written. The body's shape is known, so no replacer walks it: a message of a role and a
 * text content reuses the bytes of a shared opening (lib/llm/shared-json.ts), one made of parts
 * is written from them (lib/llm/parts-message.ts), and a response
 * format, a schema that is the same for every call of its kind, is encoded once.
 */
export function encodeChatBody(body: ChatBody): EncodedJson {
  const w = new JsonWriter().raw('{"model":').value(body.model).raw(',"messages":[')
  for (let i = 0; i < body.messages.length; i++) {
    if (i > 0) w.raw(',')
    writeMessage(w, body.messages[i]!)
  }
  if (body.reasoning) w.raw('],"max_completion_tokens":').value(body.maxTokens)
  else w.raw('],"max_tokens":').value(body.maxTokens).raw(',"temperature":').value(body.temperature)
  if (body.seed !== undefined) w.raw(',"seed":').value(body.seed)
  if (body.responseFormat !== undefined) w.raw(',"response_format":').bytes(formatBytes(body.responseFormat))
  return w.raw('}').finish()
}

function writeMessage(w: JsonWriter, message: ChatCompletionMessageParam): void {
  const m = message as unknown as Record<string, unknown> | null | undefined
  // The common message, a plain { role, content } with a text content, written from its parts when
  // it has them (never read whole: see lib/llm/parts-message.ts); anything else as JSON.stringify writes it.
  if (isRoleAndContent(m)) {
    const parts = messageParts(m)
    if (parts) {
      w.raw('{"role":').value(m.role).raw(',"content":').joined(parts.opening, parts.rest).raw('}')
      return
    }
    if (typeof m.content === 'string') {
      w.raw('{"role":').value(m.role).raw(',"content":').string(m.content).raw('}')
      return
    }
  }
  // As an element of an array: what JSON.stringify leaves out of an object is null there.
  w.raw(JSON.stringify(message) ?? 'null')
}

/** A plain object of exactly `role` (a string) and `content`, in that order; its content is not read. */
function isRoleAndContent(m: Record<string, unknown> | null | undefined): m is { role: string; content: unknown } {
  if (typeof m !== 'object' || m === null || Object.getPrototypeOf(m) !== Object.prototype) return false
  const keys = Object.keys(m)
  return keys.length === 2 && keys[0] === 'role' && keys[1] === 'content' && typeof m.role === 'string'
}
