import { describe, expect, test } from 'vitest'
import { runFileFilters, runsOnce, vitestCommandLine } from '../../lib/run/command-line.js'

describe('vitestCommandLine', () => {
  test('reads file filters, --project patterns and --shard from a Vitest command line', () => {
    expect(vitestCommandLine(['node', 'vitest', 'run', 'benchmarks/enterprise', '--project', 'hard', '--shard=2/3'])).toEqual({ filter: ['benchmarks/enterprise'], project: ['hard'], shard: '2/3' })
    expect(vitestCommandLine(['node', 'vitest', 'run'])).toEqual({ filter: [], project: [] })
  })
  test('reads --maxWorkers, a count or a share of the cores, when given', () => {
    expect(vitestCommandLine(['node', 'vitest', 'run', '--maxWorkers', '3'])).toEqual({ filter: [], project: [], maxWorkers: 3 })
    expect(vitestCommandLine(['node', 'vitest', 'run', '--max-workers=50%', 'benchmarks'])).toEqual({ filter: ['benchmarks'], project: [], maxWorkers: '50%' })
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

describe('runsOnce', () => {
  test('a run that ends by itself: vitest run, --run, --merge-reports', () => {
    expect(runsOnce(['node', 'vitest', 'run', 'benchmarks/enterprise'])).toBe(true)
    expect(runsOnce(['node', 'vitest', '--run', '--project', 'hard'])).toBe(true)
    expect(runsOnce(['node', 'vitest', '--merge-reports', '--reporter=./reporters/results.ts'])).toBe(true)
  })
  test('not a session that watches (Vitest UI too), nor one whose mode Vitest picks from the terminal', () => {
    expect(runsOnce(['node', 'vitest', '--ui', '--watch', '--standalone', '--project', 'enterprise'])).toBe(false)
    expect(runsOnce(['node', 'vitest', 'watch'])).toBe(false)
    expect(runsOnce(['node', 'vitest', 'run', '--watch'])).toBe(false)
    expect(runsOnce(['node', 'vitest', 'benchmarks'])).toBe(false)
  })
})

describe('runFileFilters', () => {
  test('the file filters of vitest run <filters>', () => {
    expect(runFileFilters(['node', 'vitest', 'run', 'benchmarks/enterprise'])).toEqual(['benchmarks/enterprise'])
    expect(runFileFilters(['node', 'vitest', 'run', 'test/run/', 'benchmarks/finance/defi', '--project', 'unit'])).toEqual(['test/run/', 'benchmarks/finance/defi'])
  })
  test('none without filters, in a session that watches, or when something else chooses the files', () => {
    for (const args of [
      ['run'],
      ['run', '-t', 'code_review'],
      ['benchmarks/enterprise'],
      ['watch', 'benchmarks/enterprise'],
      ['run', '--watch', 'benchmarks/enterprise'],
      ['--run', 'benchmarks/enterprise'],
      ['related', 'lib/config.ts', '--run'],
      ['list', 'benchmarks/enterprise'],
      ['run', '--dir', 'test', 'run/'],
      ['run', '--root', 'sub', 'benchmarks'],
      ['run', '--changed', 'HEAD~1'],
      ['run', '--merge-reports', 'benchmarks'],
      ['bench', '--run', 'benchmarks'],
    ]) {
      expect(runFileFilters(['node', 'vitest', ...args]), args.join(' ')).toBeNull()
    }
  })
})
