import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { choosesFiles, vitestArgs } from '../../../lib/cli/commands/run.js'
import { PROJECT_ROOT } from '../../../lib/tasks/registry.js'
import { cli } from '../../support/cli.js'

const defaults = ['--project', 'enterprise', '--project', 'finance', '--project', 'general', '--project', 'hard']

describe('orgbench run: the projects Vitest runs', () => {
  test('without arguments, every benchmark project (never the unit tests or the learning loop)', async () => {
    expect(await vitestArgs([])).toEqual(['run', ...defaults])
  })

  test('a test name filter or other flags narrow the default projects, they do not replace them', async () => {
    expect(await vitestArgs(['-t', 'single makes one call'])).toEqual(['run', ...defaults, '-t', 'single makes one call'])
    expect(await vitestArgs(['--testNamePattern=star', '--shard', '1/3', '--reporter', 'dot'])).toEqual(['run', ...defaults, '--testNamePattern=star', '--shard', '1/3', '--reporter', 'dot'])
  })

  test('a --project or a file filter chooses instead, whatever else is given', async () => {
    expect(await vitestArgs(['--project', 'finance', '-t', 'single'])).toEqual(['run', '--project', 'finance', '-t', 'single'])
    expect(await vitestArgs(['-t', 'single', 'benchmarks/enterprise'])).toEqual(['run', '-t', 'single', 'benchmarks/enterprise'])
    expect(await choosesFiles(['--project=learning'])).toBe(true)
    expect(await choosesFiles(['benchmarks/hard/code-review-hard.test.ts:12'])).toBe(true)
    expect(await choosesFiles(['-t', 'benchmarks/enterprise'])).toBe(false)
  })
})

describe('orgbench run: a usage error is one line and exit 2, never a stack trace', () => {
  test('a --project that names no project is refused before Vitest starts, with the projects and a did-you-mean', async () => {
    expect(await cli('run', '--project', 'nonexistent')).toEqual({ code: 2, out: '', err: 'orgbench run: unknown project "nonexistent" (projects: unit, unit-isolated, enterprise, finance, general, hard, learning)' })
    expect((await cli('run', '--project=financ', '-t', 'single')).err).toBe('orgbench run: unknown project "financ"; did you mean "finance"? (projects: unit, unit-isolated, enterprise, finance, general, hard, learning)')
  })

  test('patterns and exclusions Vitest accepts pass', async () => {
    expect(await choosesFiles(['--project', 'fin*', '--project', '!hard'])).toBe(true)
  })

  test('a flag Vitest does not know is named as typed, not as Vitest\'s parser spells it (--bogusFlag)', async () => {
    const run = (...args: string[]) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) =>
        execFile(process.execPath, [join(PROJECT_ROOT, 'bin', 'orgbench.js'), 'run', ...args], { cwd: PROJECT_ROOT }, (error, _stdout, stderr) => resolve({ code: error ? (error.code as number) : 0, stderr })),
      )
    expect(await run('--projcet', 'finance')).toEqual({ code: 2, stderr: "orgbench run: unknown option --projcet (Vitest's flags: npx vitest --help)\n" })
    expect(await run('--bogus-flag', '-t', 'single')).toEqual({ code: 2, stderr: "orgbench run: unknown option --bogus-flag (Vitest's flags: npx vitest --help)\n" })
  })
})
