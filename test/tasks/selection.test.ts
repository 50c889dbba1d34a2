import { mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { loadConfig } from '../../lib/config.js'
import { loadRegistry, PROJECT_ROOT } from '../../lib/tasks/registry.js'
import { preflight } from '../../lib/run/preflight.js'
import { loadTasks, registryDigest, registryStamp, registrySummary, summaryFile } from '../../lib/tasks/selection.js'
import { tempDir } from '../support/temp.js'

/** A project with one task definition that cannot run (it has only an id). */
function project(): string {
  const root = tempDir('orgbench-selection-')
  mkdirSync(join(root, 'lib', 'tasks', 'definitions', 'enterprise'), { recursive: true })
  writeFileSync(join(root, 'lib', 'tasks', 'definitions', 'enterprise', 'alpha.ts'), 'export default { id: "alpha" }\n')
  mkdirSync(join(root, 'fixtures'))
  writeFileSync(join(root, 'fixtures', 'a.txt'), 'one')
  writeFileSync(join(root, 'package-lock.json'), '{}')
  return root
}

const stored = (root: string) => JSON.parse(readFileSync(summaryFile(root), 'utf8')) as { key: string; stamp?: string; ids: string[]; broken: Array<{ id: string; problems: string[] }> }

/** Stores an answer no validation would give, to see whether it is taken. */
const remember = (root: string) => writeFileSync(summaryFile(root), JSON.stringify({ ...stored(root), broken: [{ id: 'alpha', file: 'x', problems: ['remembered'] }] }))

describe('registrySummary: every task id and every broken task, remembered until a file it depends on changes', () => {
  test('the real project: the same ids and broken tasks as the whole registry', async () => {
    const registry = await loadRegistry()
    expect(await registrySummary(PROJECT_ROOT)).toEqual({ ids: [...registry.tasks, ...registry.broken].map((t) => t.id), broken: registry.broken })
  })

  test('the first run validates and stores the answer under the digest of lib/, fixtures/ and the lockfile, and their stamp', async () => {
    const root = project()
    const summary = await registrySummary(root)
    expect(summary.ids).toEqual(['alpha'])
    expect(summary.broken.map((b) => b.id)).toEqual(['alpha'])
    expect(stored(root)).toEqual({ key: registryDigest(root), stamp: registryStamp(root), ...summary })
  })

  test('a later run with the same files takes the stored answer without validating again', async () => {
    const root = project()
    await registrySummary(root)
    remember(root)
    expect((await registrySummary(root)).broken[0]!.problems).toEqual(['remembered'])
  })

  test('files touched but not changed (a fresh checkout): the stamp differs, the digest does not; the answer is kept and the new stamp stored', async () => {
    const root = project()
    await registrySummary(root)
    remember(root)
    const before = registryStamp(root)
    utimesSync(join(root, 'fixtures', 'a.txt'), new Date(2_000_000_000_000), new Date(2_000_000_000_000))
    expect(registryStamp(root)).not.toBe(before)
    expect((await registrySummary(root)).broken[0]!.problems).toEqual(['remembered'])
    expect(stored(root).stamp).toBe(registryStamp(root))
  })

  test('a stored answer without a stamp (written before stamps) is checked by its digest', async () => {
    const root = project()
    await registrySummary(root)
    remember(root)
    const { stamp: _stamp, ...withoutStamp } = stored(root)
    writeFileSync(summaryFile(root), JSON.stringify(withoutStamp))
    expect((await registrySummary(root)).broken[0]!.problems).toEqual(['remembered'])
    expect(stored(root).stamp).toBe(registryStamp(root))
  })

  test.each([
    ['a fixture', 'fixtures/a.txt'],
    ['a definition or the code that checks it', 'lib/tasks/definitions/enterprise/alpha.ts'],
    ['the lockfile', 'package-lock.json'],
  ])('changing %s changes the digest, and the answer is computed again', async (_what, file) => {
    const root = project()
    await registrySummary(root)
    const before = registryDigest(root)
    writeFileSync(summaryFile(root), JSON.stringify({ ...stored(root), broken: [] }))
    writeFileSync(join(root, file), `${readFileSync(join(root, file), 'utf8')}\n`)
    expect(registryDigest(root)).not.toBe(before)
    expect((await registrySummary(root)).broken.map((b) => b.id)).toEqual(['alpha'])
    expect(stored(root).key).toBe(registryDigest(root))
    expect(stored(root).stamp).toBe(registryStamp(root))
  })

  test('a damaged stored answer is ignored and replaced', async () => {
    const root = project()
    mkdirSync(join(root, '.orgbench'))
    writeFileSync(summaryFile(root), '{"key": ')
    expect((await registrySummary(root)).broken.map((b) => b.id)).toEqual(['alpha'])
    expect(stored(root).key).toBe(registryDigest(root))
  })
})

describe('loadTasks with ORGBENCH_TASKS ids: a broken task is a known task that cannot run', () => {
  test('naming a broken task selects it, with its problems, rather than calling it unknown', async () => {
    const root = project()
    const selected = await loadTasks(['alpha'], { root })
    expect(selected.ids).toEqual(['alpha'])
    expect(selected.broken.map((b) => [b.id, b.file])).toEqual([['alpha', 'lib/tasks/definitions/enterprise/alpha.ts']])
    expect(selected.broken[0]!.problems.some((p) => p.includes('field roles'))).toBe(true)
  })

  test('the answer the last unfiltered run stored is taken while no file changed, and the task is loaded again once one has', async () => {
    const root = project()
    await registrySummary(root)
    remember(root)
    expect((await loadTasks(['alpha', 'alpha'], { root })).broken.map((b) => b.problems)).toEqual([['remembered'], ['remembered']])
    writeFileSync(join(root, 'fixtures', 'a.txt'), 'two!')
    const selected = await loadTasks(['alpha'], { root })
    expect(selected.broken[0]!.problems.some((p) => p.includes('field roles'))).toBe(true)
  })

  test('an id the stored answer does not know is looked for in the registry itself', async () => {
    const root = project()
    await registrySummary(root)
    writeFileSync(summaryFile(root), JSON.stringify({ ...stored(root), ids: [], broken: [] }))
    expect((await loadTasks(['alpha'], { root })).broken.map((b) => b.id)).toEqual(['alpha'])
  })

  test("the run's preflight then finds no unknown id, so the task's own tests say what is wrong", async () => {
    const root = project()
    const config = loadConfig({ cwd: root, env: { ORGBENCH_TASKS: 'alpha', ORGBENCH_RESULTS_DIR: join(root, 'results') } })
    const selected = await loadTasks(config.tasks, { root })
    await expect(preflight(config, selected, root)).resolves.toBeUndefined()
    await expect(preflight(config, { ids: ['beta'] }, root)).rejects.toThrow(/unknown task "alpha"/)
  })
})
