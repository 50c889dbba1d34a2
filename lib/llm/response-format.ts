import { zodResponseFormat } from 'openai/helpers/zod'
import type { z } from 'zod'
import type { ResponseFormatMode } from './response-format-mode.js'

/** A strict JSON-schema response format as the SDK builds it from a zod schema. */
export type SchemaResponseFormat = ReturnType<typeof zodResponseFormat>

/** What a structured request sends as `response_format`. */
export type ResponseFormat = SchemaResponseFormat | { type: 'json_object' }

const formats = new WeakMap<z.ZodType, Map<string, SchemaResponseFormat>>()

/** JSON mode: one object for every request, so its encoding is cached once (lib/llm/request-body.ts). */
const JSON_OBJECT: ResponseFormat = Object.freeze({ type: 'json_object' as const })

/**
 * The strict JSON-schema response format of a zod schema, built once per schema and name.
 * Building it converts the schema to JSON Schema and walks it to make it strict, which cost about
 * 0.1 ms per call when it was done for every request.
 */
export function responseFormatOf(schema: z.ZodType, name: string): SchemaResponseFormat {
  let byName = formats.get(schema)
  if (!byName) formats.set(schema, (byName = new Map()))
  let format = byName.get(name)
  if (!format) byName.set(name, (format = zodResponseFormat(schema, name)))
  return format
}

/** The response format a structured request sends in `mode`; undefined for `none`. */
export function requestedResponseFormat(mode: ResponseFormatMode, schema: z.ZodType, name: string): ResponseFormat | undefined {
  if (mode === 'json_schema') return responseFormatOf(schema, name)
  return mode === 'json_object' ? JSON_OBJECT : undefined
}
