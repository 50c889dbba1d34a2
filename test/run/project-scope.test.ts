import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { keepsProject, type ProjectScope, projectsInScope, testFilesUnder } from '../../lib/run/project-scope.js'
import { tempDir } from '../support/temp.js'

const root = '/work/project'
const scope = (filters: string[] | null, project: string[] = [], cwd = root): ProjectScope => ({ filters, cli: { filter: filters ?? [], project }, root, cwd })
const FILES: Record<string, string[]> = {
  unit: ['test/run/plan.test.ts', 'test/config.test.ts'],
  enterprise: ['benchmarks/enterprise/code-review-execution.test.ts', 'benchmarks/enterprise/contract-review.test.ts'],
  finance: ['benchmarks/finance/defi-strategy-design.test.ts'],
  learning: [],
}
const projects = Object.keys(FILES).map((name) => ({ test: { name } }))
const kept = (s: ProjectScope) => projectsInScope(projects, (name) => FILES[name]!, s).map((p) => p.test.name)

describe('projectsInScope: a plain vitest run <filters> configures only the projects with a file the filters keep', () => {
  test('a folder, part of a path, a file with its line, an absolute path; any case', () => {
    expect(kept(scope(['benchmarks/enterprise']))).toEqual(['enterprise'])
    expect(kept(scope(['contract-review']))).toEqual(['enterprise'])
    expect(kept(scope(['benchmarks/finance/defi-strategy-design.test.ts:12']))).toEqual(['finance'])
    expect(kept(scope([`${root}/test/run`]))).toEqual(['unit'])
    expect(kept(scope(['Benchmarks/Enterprise']))).toEqual(['enterprise'])
    expect(kept(scope(['test/config', 'benchmarks/finance']))).toEqual(['unit', 'finance'])
  })

  test('without filters, every project', () => {
    expect(kept(scope(null))).toEqual(['unit', 'enterprise', 'finance', 'learning'])
  })

  test('a project a --project pattern names stays, with or without a file the filters keep', () => {
    expect(kept(scope(['benchmarks/enterprise'], ['unit']))).toEqual(['unit', 'enterprise'])
    expect(kept(scope(['benchmarks/enterprise'], ['fin*']))).toEqual(['enterprise', 'finance'])
    expect(kept(scope(['benchmarks/enterprise'], ['!unit']))).toEqual(['enterprise'])
  })

  test('filters that keep no file anywhere leave every project (Vitest then says no test file matched, as before)', () => {
    expect(kept(scope(['no-such-file']))).toEqual(['unit', 'enterprise', 'finance', 'learning'])
  })

  test('a run started outside the root keeps every project (filters are matched from where Vitest runs)', () => {
    expect(kept(scope(['enterprise'], [], '/work/project/test'))).toEqual(['unit', 'enterprise', 'finance', 'learning'])
    expect(keepsProject('unit', () => FILES.unit!, scope(['benchmarks/enterprise'], [], `${root}/`))).toBe(false)
  })

  test('candidates are listed only when needed', () => {
    let listed = 0
    const count = () => {
      listed++
      return []
    }
    expect(keepsProject('unit', count, scope(null))).toBe(true)
    expect(keepsProject('unit', count, scope(['x'], ['unit']))).toBe(true)
    expect(listed).toBe(0)
    expect(keepsProject('unit', count, scope(['x']))).toBe(false)
    expect(listed).toBe(1)
  })
})

describe('testFilesUnder', () => {
  test('every *.test.ts below a folder, relative to the root; none for a missing folder', () => {
    const dir = tempDir('orgbench-project-scope-')
    mkdirSync(join(dir, 'test', 'run', 'deep'), { recursive: true })
    for (const f of ['test/a.test.ts', 'test/run/b.test.ts', 'test/run/deep/c.test.ts', 'test/run/helper.ts', 'test/run/d.test.tsx']) writeFileSync(join(dir, f), '')
    expect(testFilesUnder(dir, 'test').sort()).toEqual(['test/a.test.ts', 'test/run/b.test.ts', 'test/run/deep/c.test.ts'])
    expect(testFilesUnder(dir, 'benchmarks/enterprise')).toEqual([])
  })
})
