/** A minimal JSON-schema subset, as produced for strict structured outputs. */
interface Schema {
  type?: string | string[]
  properties?: Record<string, Schema>
  required?: string[]
  items?: Schema
  enum?: unknown[]
  const?: unknown
  anyOf?: Schema[]
  $ref?: string
  $defs?: Record<string, Schema>
  definitions?: Record<string, Schema>
  minItems?: number
  minimum?: number
}

/**
 * Builds the smallest value that satisfies a JSON schema. The simulator answers unknown
 * structured-output requests with it, so its replies are always schema-valid.
 */
export function instanceOf(schema: unknown, root: unknown = schema, depth = 0): unknown {
  const s = (schema ?? {}) as Schema
  if (depth > 20) return null
  if (s.$ref) return instanceOf(resolveRef(s.$ref, root as Schema), root, depth + 1)
  if ('const' in s) return s.const
  if (s.enum && s.enum.length > 0) return s.enum[0]
  if (s.anyOf && s.anyOf.length > 0) return instanceOf(s.anyOf[0], root, depth + 1)
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') ?? 'null' : s.type
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {}
      for (const [key, value] of Object.entries(s.properties ?? {})) out[key] = instanceOf(value, root, depth + 1)
      return out
    }
    case 'array':
      return Array.from({ length: s.minItems ?? 0 }, () => instanceOf(s.items, root, depth + 1))
    case 'string':
      return 'n/a'
    case 'number':
    case 'integer':
      return s.minimum ?? 0
    case 'boolean':
      return false
    case 'null':
      return null
    default:
      return null
  }
}

function resolveRef(ref: string, root: Schema): Schema {
  const parts = ref.replace(/^#\//, '').split('/')
  let node: unknown = root
  for (const p of parts) node = (node as Record<string, unknown> | undefined)?.[p]
  return (node ?? {}) as Schema
}
