import { describe, expect, test } from 'vitest'
import { componentIn, idIn, idKey, idsIn, pathKey, unquote } from '../../../lib/eval/scorers/ids.js'

describe('how scorers read ids, paths and names', () => {
  test('unquote drops backticks and quotes and folds whitespace', () => {
    expect(unquote(' `E-0066`\n ')).toBe('E-0066')
    expect(unquote('"src/a.ts"  and “b”')).toBe('src/a.ts and b')
  })

  test('pathKey drops the a/, b/ or ./ before a path, and its quoting and case', () => {
    expect(pathKey('b/src/Reports/usage.ts')).toBe('src/reports/usage.ts')
    expect(pathKey('a/src/x.ts')).toBe('src/x.ts')
    expect(pathKey('`./src/x.ts`')).toBe('src/x.ts')
    // Only one leading prefix: a folder really named b/ keeps its inner path.
    expect(pathKey('b/b/x.ts')).toBe('b/x.ts')
    expect(pathKey('lib/b/x.ts')).toBe('lib/b/x.ts')
  })

  test('idKey folds case, quoting, spaces and separators', () => {
    for (const raw of ['T-1001', 't-1001', ' `T-1001` ', 'T1001', 'T_1001']) expect(idKey(raw)).toBe('T1001')
  })

  test('idIn reads the one id of the expected shape, with a description around it', () => {
    expect(idIn('R05 Roll back embedding-service to its previous release', 'R01')).toBe('R05')
    expect(idIn('E-0066 (embedding-service release applied)', 'E-0001')).toBe('E0066')
    expect(idIn('`e-0066`', 'E-0001')).toBe('E0066')
    expect(idIn('diff d01', 'd01')).toBe('D01')
    // "emb-2026" is not an event id of the shape E-0000.
    expect(idIn('emb-2026 released at E-0066', 'E-0001')).toBe('E0066')
  })

  test('idIn reads a field naming two different ids, or none, as naming none', () => {
    expect(idIn('E-0065 or E-0066', 'E-0001')).toBeNull()
    expect(idIn('the release', 'E-0001')).toBeNull()
    expect(idIn('E-0066, again E-0066', 'E-0001')).toBe('E0066')
  })

  test('idsIn splits a list written into one string', () => {
    expect(idsIn('G0133, G0169 G0235;`E0109`')).toEqual(['G0133', 'G0169', 'G0235', 'E0109'])
    expect(idsIn('G0133, E0109', 'G0001')).toEqual(['G0133'])
    // Without an expected shape, a text naming no letters-and-digits id is one id of its own.
    expect(idsIn('`line-a`')).toEqual(['LINEA'])
  })

  test('componentIn reads the one known component a field names', () => {
    const known = new Set(['embedding-service', 'vector-store', 'llm-gateway'])
    expect(componentIn('`embedding-service`', known)).toBe('embedding-service')
    expect(componentIn('Embedding-Service (release emb-2026.11.19-1)', known)).toBe('embedding-service')
    expect(componentIn('embedding-service or vector-store', known)).toBeNull()
    expect(componentIn('embedding', known)).toBeNull()
  })
})
