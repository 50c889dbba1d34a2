import stringify from 'json-stable-stringify'
import { describe, expect, test } from 'vitest'
import { stableStringify } from '../lib/stable-json.js'
import { makeRecord, makeRun } from './results/fixtures.js'

const values: Array<[string, unknown]> = [
  ['primitives', [1, -0, 1.5e-7, 1e21, NaN, Infinity, true, false, null, 'a "quoted"\nline\u2028 é \u0000']],
  ['keys sorted by code unit, not by locale', { b: 1, a: 2, B: 3, _x: 4, é: 5, '10': 6, '9': 7, 'a b': 8, '"q"': 9 }],
  ['nesting', { z: [{ y: [[], {}], x: { w: [1, [2, [3]]] } }], a: { b: { c: { d: null } } } }],
  ['empty containers', { a: [], o: {}, n: [[]], m: [{}] }],
  ['undefined and functions: left out of objects, null in arrays', { u: undefined, f: () => 1, s: Symbol('s'), arr: [undefined, () => 1, Symbol('t'), 1] }],
  ['toJSON', { d: new Date(Date.UTC(2026, 10, 30, 20, 15)), custom: { toJSON: () => ({ b: 1, a: [undefined] }) }, nested: { toJSON: () => undefined } }],
  ['repeated (not circular) objects', (() => {
    const shared = { k: 1 }
    return { a: shared, b: [shared, shared] }
  })()],
  ['empty containers at every depth', { a: [[], [{}], { b: [], c: {}, d: { e: [] } }], f: { g: undefined }, h: [undefined] }],
  ['strings and keys that look like the markers of empty containers', { a: [], b: '\u0000stable-json:[\u0000', c: ['stable-json:{'], 'stable-json:': 1 }],
  ['a "__proto__" key of parsed JSON', JSON.parse('{"b":[],"__proto__":{"x":[]},"a":1}')],
  ['keys beyond array indices, and an object without a prototype', { '4294967295': 1, '12': 2, '007': 3, '-1': 4, n: Object.assign(Object.create(null), { z: 1, y: [] }) }],
  ['nesting deeper than the sorted copy goes', JSON.parse(`${'{"a":['.repeat(150)}{}${']}'.repeat(150)}`)],
  ['parts already in order next to parts that are not, with values left out and holes', { a: { b: 1, c: [1, { d: 2, e: undefined }, [], {}] }, z: ['x', { y: 1, x: 2 }, [1, , 3], { p: () => 1, q: 1 }], m: { n: { o: [{ r: 1, s: { t: [] } }] } } }],
  ['a record', makeRecord({ pairwise: 'win', judgeFailed: true, usd: null })],
  ['a run file', makeRun([makeRecord(), makeRecord({ topology: 'star', status: 'error' })])],
]

describe('stableStringify', () => {
  test.each(values)('%s: the bytes json-stable-stringify writes, compact and indented', (_, value) => {
    expect(stableStringify(value)).toBe(stringify(value))
    expect(stableStringify(value, 2)).toBe(stringify(value, { space: 2 }))
    expect(stableStringify(value, 4)).toBe(stringify(value, { space: 4 }))
    expect(stableStringify(value, 12)).toBe(stringify(value, { space: 12 }))
  })

  test('a value without a JSON form gives undefined; a top-level primitive its JSON', () => {
    expect(stableStringify(undefined)).toBeUndefined()
    expect(stableStringify(() => 1)).toBeUndefined()
    expect(stableStringify('x')).toBe('"x"')
    expect(stableStringify([], 2)).toBe('[\n]')
    expect(stableStringify({ a: [] }, 2)).toBe('{\n  "a": [\n  ]\n}')
  })

  test('a cycle is an error, as in JSON.stringify', () => {
    const a: Record<string, unknown> = { x: 1 }
    a.self = { back: a }
    expect(() => stableStringify(a)).toThrow(/circular/)
  })

  test('sorts the keys of every object, at any depth, in code-unit order', () => {
    expect(stableStringify({ b: 1, a: { d: [{ z: 1, y: 2 }], c: 2 }, B: 0, é: 3, 10: 4, 9: 5 })).toBe('{"10":4,"9":5,"B":0,"a":{"c":2,"d":[{"y":2,"z":1}]},"b":1,"é":3}')
    expect(stableStringify({ x: 1, y: [1, 2] })).toBe(stableStringify({ y: [1, 2], x: 1 }))
  })

  test('indents like JSON.stringify, except that an empty object or array spans two lines', () => {
    expect(stableStringify({ b: [1, { c: null }], a: 'x' }, 2)).toBe('{\n  "a": "x",\n  "b": [\n    1,\n    {\n      "c": null\n    }\n  ]\n}')
    expect(stableStringify({ a: {}, b: [] }, 2)).toBe('{\n  "a": {\n  },\n  "b": [\n  ]\n}')
  })
})
