import { STATEMENT_LEAD as LEAD } from '../llm/schema-statement.js'
import type { PromptText } from './prompt-text.js'

/*
 * Without a json_schema response format (ORGBENCH_RESPONSE_FORMAT=json_object or none), a request
 * says what JSON it wants only in its prompt, as lib/llm/schema-statement.ts writes it; a model
 * reads it there, and so does the simulator.
 */

/** The schema the prompt's last statement asks for: its name and, when its JSON reads, the JSON Schema itself. */
export function statedSchema(prompt: PromptText): { name: string; schema: unknown } | null {
  // The statement ends the last user message: after the task's block when the prompt has one (the
  // whole prompt, some 100 KB, is never built for it).
  const text = prompt.block === null ? prompt.before : prompt.after
  const at = text.lastIndexOf(LEAD)
  if (at === -1) return null
  const nameEnd = text.indexOf('":\n', at + LEAD.length)
  if (nameEnd === -1) return null
  const name = text.slice(at + LEAD.length, nameEnd)
  const lineEnd = text.indexOf('\n', nameEnd + 3)
  let schema: unknown
  try {
    schema = JSON.parse(text.slice(nameEnd + 3, lineEnd === -1 ? undefined : lineEnd))
  } catch {
    schema = undefined
  }
  return { name, schema }
}
