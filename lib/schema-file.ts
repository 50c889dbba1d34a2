import { readFileSync } from 'node:fs'
import type { z } from 'zod'
import { UserError } from './errors.js'

/**
 * A JSON file read through `schema`: its value, or a UserError naming the file and what is wrong
 * with it (not JSON; else each of the first `issues` schema issues, as "<file>: field <path>: …").
 */
export function readSchemaFile<T extends z.ZodType>(path: string, schema: T, issues = 1): z.infer<T> {
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'))
  } catch (e) {
    throw new UserError(`${path}: not valid JSON (${(e as Error).message})`)
  }
  const parsed = schema.safeParse(raw)
  if (!parsed.success) throw new UserError(parsed.error.issues.slice(0, issues).map((i) => `${path}: field ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n'))
  return parsed.data
}
