import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions'
import { z } from 'zod'
import { messageParts, partsMessage } from './parts-message.js'

/*
 * The JSON schema a structured reply must match, stated in the prompt. In json_schema mode the
 * endpoint holds the reply to it; in json_object mode (JSON mode) and none it holds nothing, and a
 * model told only a schema's name would have to guess its fields. A deliverable's prompt states its
 * schema in every mode (lib/topologies/prompts.ts); every other structured request (the judges,
 * the coordination steps of the organisations, the learning loop's retrospective) gets the same
 * statement in those two modes.
 */

/** How a statement begins, up to the schema's name (lib/sim/stated-schema.ts reads it back). */
export const STATEMENT_LEAD = 'Reply with only a JSON object that matches the JSON schema "'

const statements = new WeakMap<z.ZodType, Map<string, string>>()

/** "Reply with only a JSON object that matches the JSON schema "<name>":" and the schema, built once per schema and name. */
export function schemaStatement(name: string, schema: z.ZodType): string {
  let byName = statements.get(schema)
  if (!byName) statements.set(schema, (byName = new Map()))
  let statement = byName.get(name)
  if (statement === undefined) byName.set(name, (statement = `${STATEMENT_LEAD}${name}":\n${JSON.stringify(z.toJSONSchema(schema, { target: 'draft-7', unrepresentable: 'any' }))}`))
  return statement
}

const textOf = (m: ChatCompletionMessageParam): string => (typeof m.content === 'string' ? m.content : '')

/** Whether a message's text holds `text`; a message kept as two parts is searched part by part, never joined. */
function holds(m: ChatCompletionMessageParam, text: string): boolean {
  const parts = messageParts(m)
  return parts ? parts.opening.includes(text) || parts.rest.includes(text) : textOf(m).includes(text)
}

/**
 * `messages` with the schema stated at the end of the last user message, unless a message already
 * states it (a deliverable's prompt does). A message kept as two parts (parts-message.ts) stays so.
 */
export function withSchemaStated(messages: readonly ChatCompletionMessageParam[], name: string, schema: z.ZodType): ChatCompletionMessageParam[] {
  if (messages.some((m) => holds(m, `${STATEMENT_LEAD}${name}"`))) return [...messages]
  const last = messages.findLastIndex((m) => m.role === 'user' && typeof m.content === 'string')
  const statement = schemaStatement(name, schema)
  if (last === -1) return [...messages, { role: 'user', content: statement }]
  const message = messages[last]!
  const parts = messageParts(message)
  const stated = parts ? partsMessage('user', parts.opening, `${parts.rest}\n\n${statement}`) : { ...message, content: `${textOf(message)}\n\n${statement}` }
  return messages.map((m, i) => (i === last ? (stated as ChatCompletionMessageParam) : m))
}
