import { describe, expect, test } from 'vitest'
import { vitestCommandLine } from '../../lib/run/command-line.js'

describe('vitestCommandLine', () => {
  test('reads file filters, --project patterns and --shard from a Vitest command line', () => {
    expect(vitestCommandLine(['node', 'vitest', 'run', 'benchmarks/enterprise', '--project', 'hard', '--shard=2/3'])).toEqual({ filter: ['benchmarks/enterprise'], project: ['hard'], shard: '2/3' })
    expect(vitestCommandLine(['node', 'vitest', 'run'])).toEqual({ filter: [], project: [] })
  })
  test('arguments Vitest cannot read give no filters (Vitest says why itself)', () => {
    expect(vitestCommandLine(['node', 'vitest', 'run', '--no-such-option-at-all=1', '--shard'])).toEqual({ filter: [], project: [] })
  })
  test('a command line is read once; another one is read on its own', () => {
    const first = vitestCommandLine(['node', 'vitest', 'run', 'benchmarks/finance', '--project', 'finance'])
    expect(vitestCommandLine(['/usr/bin/node', 'vitest.mjs', 'run', 'benchmarks/finance', '--project', 'finance'])).toBe(first)
    expect(vitestCommandLine(['node', 'vitest', 'run', 'benchmarks/general'])).toEqual({ filter: ['benchmarks/general'], project: [] })
    expect(Object.isFrozen(first)).toBe(true)
  })
})
