import { zodResponseFormat } from 'openai/helpers/zod'
import type { z } from 'zod'

/** A strict JSON-schema response format as the SDK builds it from a zod schema. */
export type ResponseFormat = ReturnType<typeof zodResponseFormat>

const formats = new WeakMap<z.ZodType, Map<string, ResponseFormat>>()

/**
 * The strict JSON-schema response format of a zod schema, built once per schema and name.
 * Building it converts the schema to JSON Schema and walks it to make it strict, which cost about
 * 0.1 ms per call when it was done for every request.
 */
export function responseFormatOf(schema: z.ZodType, name: string): ResponseFormat {
  let byName = formats.get(schema)
  if (!byName) formats.set(schema, (byName = new Map()))
  let format = byName.get(name)
  if (!format) byName.set(name, (format = zodResponseFormat(schema, name)))
  return format
}
