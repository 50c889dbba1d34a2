import { describe, expect, it } from 'vitest'
import { stableStringify } from '../lib/stable-json.js'

describe('stableStringify', () => {
  it('sorts the keys of every object, at any depth, in code-unit order', () => {
    expect(stableStringify({ b: 1, a: { d: [{ z: 1, y: 2 }], c: 2 }, B: 0, é: 3, 10: 4, 9: 5 })).toBe('{"10":4,"9":5,"B":0,"a":{"c":2,"d":[{"y":2,"z":1}]},"b":1,"é":3}')
  })

  it('gives equal text for equal values built in a different key order', () => {
    expect(stableStringify({ x: 1, y: [1, 2] })).toBe(stableStringify({ y: [1, 2], x: 1 }))
  })

  it('indents like JSON.stringify, except that an empty object or array spans two lines', () => {
    expect(stableStringify({ b: [1, { c: null }], a: 'x' }, { space: 2 })).toBe('{\n  "a": "x",\n  "b": [\n    1,\n    {\n      "c": null\n    }\n  ]\n}')
    expect(stableStringify({ a: {}, b: [] }, { space: 2 })).toBe('{\n  "a": {\n  },\n  "b": [\n  ]\n}')
    expect(stableStringify([1], { space: '\t' })).toBe('[\n\t1\n]')
  })

  it('leaves undefined, functions and symbols out of objects and writes null for them in arrays', () => {
    expect(stableStringify({ a: undefined, b: () => 1, c: Symbol('s'), d: 1 })).toBe('{"d":1}')
    expect(stableStringify([undefined, () => 1, Symbol('s'), NaN, Infinity])).toBe('[null,null,null,null,null]')
    expect(stableStringify(undefined)).toBeUndefined()
  })

  it('honours toJSON and escapes strings as JSON does', () => {
    expect(stableStringify({ when: new Date(0), s: 'a"b\n\u0000' })).toBe('{"s":"a\\"b\\n\\u0000","when":"1970-01-01T00:00:00.000Z"}')
  })

  it('throws a TypeError on a cycle but accepts the same object twice side by side', () => {
    const shared = { v: 1 }
    expect(stableStringify({ a: shared, b: shared })).toBe('{"a":{"v":1},"b":{"v":1}}')
    const cyclic: Record<string, unknown> = { a: 1 }
    cyclic.self = cyclic
    expect(() => stableStringify(cyclic)).toThrow(TypeError)
  })
})
