import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import type { TestSpecification, Vitest } from 'vitest/node'
import { longFirstSequencer } from '../../lib/run/long-first.js'

const ROOT = '/project'

interface Project {
  name: string
  groupOrder: number
}

const spec = (project: Project, file: string) => ({ moduleId: join(ROOT, file), project: { name: project.name, config: { sequence: { groupOrder: project.groupOrder }, isolate: false } } }) as unknown as TestSpecification

/** What Vitest's sequencer reads: the root, and the sizes and durations it kept (none: a fresh clone). */
function vitest(sizes: Record<string, number>, durations: Record<string, number> = {}, sequence: { shuffle: boolean; seed?: number } = { shuffle: false }): Vitest {
  const file = (key: string) => key.slice(key.indexOf(':') + 1)
  return {
    config: { root: ROOT, shard: undefined, sequence },
    cache: {
      getFileTestResults: (key: string) => (file(key) in durations ? { duration: durations[file(key)], failed: false } : undefined),
      getFileStats: (key: string) => (file(key) in sizes ? { size: sizes[file(key)] } : undefined),
    },
  } as unknown as Vitest
}

const order = (specs: TestSpecification[]) => specs.map((s) => `${s.project.name}:${s.moduleId.slice(ROOT.length + 1)}`)

describe('the long-first sequencer', () => {
  const unit = { name: 'unit', groupOrder: 0 }
  const bench = { name: 'enterprise', groupOrder: 1 }
  const sizes = { 'test/big.test.ts': 9000, 'test/small.test.ts': 100, 'test/sim.test.ts': 500, 'test/child.test.ts': 300, 'benchmarks/a.test.ts': 50 }

  test('with no durations kept, the long files start first in their listed order, the others by Vitest\'s (largest first)', async () => {
    const Sequencer = longFirstSequencer(['test/sim.test.ts', 'test/child.test.ts'])
    const files = [spec(unit, 'test/small.test.ts'), spec(unit, 'test/child.test.ts'), spec(unit, 'test/big.test.ts'), spec(unit, 'test/sim.test.ts')]
    expect(order(await new Sequencer(vitest(sizes)).sort(files))).toEqual(['unit:test/sim.test.ts', 'unit:test/child.test.ts', 'unit:test/big.test.ts', 'unit:test/small.test.ts'])
  })

  test('a long file stays within its group and project: the benchmark group still runs after the unit tests', async () => {
    const Sequencer = longFirstSequencer(['benchmarks/a.test.ts', 'test/sim.test.ts'])
    const files = [spec(bench, 'benchmarks/a.test.ts'), spec(unit, 'test/big.test.ts'), spec(unit, 'test/sim.test.ts')]
    expect(order(await new Sequencer(vitest(sizes)).sort(files))).toEqual(['unit:test/sim.test.ts', 'unit:test/big.test.ts', 'enterprise:benchmarks/a.test.ts'])
  })

  test('with durations kept, the files it does not list keep Vitest\'s order (longest first)', async () => {
    const Sequencer = longFirstSequencer(['test/sim.test.ts'])
    const files = [spec(unit, 'test/small.test.ts'), spec(unit, 'test/big.test.ts'), spec(unit, 'test/sim.test.ts'), spec(unit, 'test/child.test.ts')]
    const durations = { 'test/small.test.ts': 5000, 'test/big.test.ts': 10, 'test/sim.test.ts': 60_000, 'test/child.test.ts': 300 }
    expect(order(await new Sequencer(vitest(sizes, durations)).sort(files))).toEqual(['unit:test/sim.test.ts', 'unit:test/small.test.ts', 'unit:test/child.test.ts', 'unit:test/big.test.ts'])
  })

  test('--sequence.shuffle: every file, in an order drawn from the seed (the same for the same seed), long ones included', async () => {
    const Sequencer = longFirstSequencer(['test/sim.test.ts'])
    const files = Object.keys(sizes).filter((f) => f.startsWith('test/')).map((f) => spec(unit, f))
    const shuffled = async (seed: number) => order(await new Sequencer(vitest(sizes, {}, { shuffle: true, seed })).sort(files))
    const orders = await Promise.all([1, 2, 3, 4, 5, 6].map(shuffled))
    for (const o of orders) expect([...o].sort()).toEqual(order(files).sort())
    expect(await shuffled(3)).toEqual(orders[2])
    expect(new Set(orders.map((o) => o.join())).size).toBeGreaterThan(1)
    expect(orders.some((o) => o[0] !== 'unit:test/sim.test.ts')).toBe(true)
  })

  test('no list: Vitest\'s own order', async () => {
    const Sequencer = longFirstSequencer([])
    const files = [spec(unit, 'test/small.test.ts'), spec(unit, 'test/big.test.ts')]
    expect(order(await new Sequencer(vitest(sizes)).sort(files))).toEqual(['unit:test/big.test.ts', 'unit:test/small.test.ts'])
  })
})
