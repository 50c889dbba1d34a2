import { zodResponseFormat } from 'openai/helpers/zod'
import { describe, expect, test } from 'vitest'
import { z } from 'zod'
import { instanceOf } from '../../lib/sim/json-schema-instance.js'
import { STRUCTURED_KINDS } from '../../lib/tasks/kinds/index.js'

describe('instanceOf builds the smallest value a schema accepts', () => {
  test('scalars: "n/a", the minimum or 0, false, null', () => {
    expect(instanceOf({ type: 'string' })).toBe('n/a')
    expect(instanceOf({ type: 'number' })).toBe(0)
    expect(instanceOf({ type: 'integer', minimum: 3 })).toBe(3)
    expect(instanceOf({ type: 'boolean' })).toBe(false)
    expect(instanceOf({ type: 'null' })).toBeNull()
  })

  test('const, then the first enum value, then the first anyOf branch', () => {
    expect(instanceOf({ const: 'fixed', enum: ['x'] })).toBe('fixed')
    expect(instanceOf({ type: 'string', enum: ['LOW', 'HIGH'] })).toBe('LOW')
    expect(instanceOf({ anyOf: [{ type: 'integer', minimum: 2 }, { type: 'string' }] })).toBe(2)
  })

  test('a nullable type uses its non-null type', () => {
    expect(instanceOf({ type: ['null', 'string'] })).toBe('n/a')
    expect(instanceOf({ type: ['null'] })).toBeNull()
  })

  test('objects get every property; arrays get minItems items', () => {
    expect(
      instanceOf({
        type: 'object',
        properties: { name: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } }, pair: { type: 'array', minItems: 2, items: { type: 'integer' } } },
      }),
    ).toEqual({ name: 'n/a', tags: [], pair: [0, 0] })
  })

  test('$ref is resolved against $defs and definitions of the root', () => {
    const schema = {
      type: 'object',
      properties: { a: { $ref: '#/$defs/A' }, b: { $ref: '#/definitions/B' } },
      $defs: { A: { type: 'string', enum: ['first'] } },
      definitions: { B: { type: 'integer', minimum: 9 } },
    }
    expect(instanceOf(schema)).toEqual({ a: 'first', b: 9 })
  })

  test('a self-referencing schema stops at a depth limit instead of looping', () => {
    const schema = { $defs: { node: { type: 'object', properties: { child: { $ref: '#/$defs/node' } } } }, $ref: '#/$defs/node' }
    let value = instanceOf(schema) as { child: unknown } | null
    let depth = 0
    while (value && typeof value === 'object') {
      value = value.child as { child: unknown } | null
      depth++
    }
    expect(depth).toBeGreaterThan(0)
    expect(depth).toBeLessThanOrEqual(21)
  })

  test('no schema at all gives null', () => {
    expect(instanceOf(undefined)).toBeNull()
    expect(instanceOf({})).toBeNull()
  })
})

describe('round trip through the schemas orgbench sends', () => {
  test.each(Object.entries(STRUCTURED_KINDS))('%s: the instance of its strict response format passes its zod schema', (name, kind) => {
    const schema = (kind.deliverable as (ids: readonly string[]) => z.ZodType)(kind.categories.map((c) => c.id))
    const format = zodResponseFormat(schema, name)
    const value = instanceOf(format.json_schema.schema)
    expect(() => schema.parse(value)).not.toThrow()
  })

  test('a schema with nullable and nested fields', () => {
    const Plan = z.object({ steps: z.array(z.object({ id: z.string(), after: z.string().nullable() })).min(1), confidence: z.number().min(0).max(1), mode: z.enum(['act', 'fixed']) })
    const value = instanceOf(zodResponseFormat(Plan, 'plan').json_schema.schema)
    expect(Plan.parse(value)).toEqual({ steps: [{ id: 'n/a', after: 'n/a' }], confidence: 0, mode: 'act' })
  })
})
