import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { loadRegistry, PROJECT_ROOT } from '../lib/tasks/registry.js'
import { Track } from '../lib/tasks/schema.js'

const registry = await loadRegistry()

/** Every benchmark file: its folder (a track, or "hard" for the hard tier), its name and the task ids it passes to benchTask. */
const folders = [...Track.options, 'hard'] as const
const files = folders.flatMap((track) =>
  (existsSync(join(PROJECT_ROOT, 'benchmarks', track)) ? readdirSync(join(PROJECT_ROOT, 'benchmarks', track)) : [])
    .filter((f) => f.endsWith('.test.ts'))
    .map((name) => {
      const text = readFileSync(join(PROJECT_ROOT, 'benchmarks', track, name), 'utf8')
      return { track, name, text, taskIds: [...text.matchAll(/benchTask\(\s*'([^']+)'/g)].map((m) => m[1]!) }
    }),
)

describe('benchmark files', () => {
  test.each(registry.tasks.map((t) => [t.id, t.tier === 'hard' ? 'hard' : t.track] as const))('task %s has exactly one benchmark file, in benchmarks/%s/', (id, track) => {
    const declaring = files.filter((f) => f.taskIds.includes(id))
    expect(declaring.map((f) => `${f.track}/${f.name}`)).toEqual([`${track}/${id.replaceAll('_', '-')}.test.ts`])
  })

  test('every benchmark file declares exactly one registered task with benchTask', () => {
    const known = new Set(registry.tasks.map((t) => t.id))
    for (const f of files) {
      expect(f.taskIds, `${f.track}/${f.name}`).toHaveLength(1)
      expect(known.has(f.taskIds[0]!), `${f.track}/${f.name} names "${f.taskIds[0]}"`).toBe(true)
      expect(f.text).toContain("import { benchTask } from '../../lib/run/bench.js'")
      expect(f.text).toMatch(/^await benchTask\(/m)
    }
    expect(files).toHaveLength(registry.tasks.length)
  })
})
