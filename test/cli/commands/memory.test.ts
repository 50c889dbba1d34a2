import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { defaultStoredLessons, listVersions, readVersion, writeVersion } from '../../../lib/memory/store.js'
import { cli } from '../../support/cli.js'
import { tempDir } from '../../support/temp.js'

/*
 * The memory command's own choices: which tasks it acts on without a task named, how it reads
 * version arguments, and what it says when there is nothing to act on. The lessons it prints are
 * specified in test/cli/memory.test.ts and test/memory/render.test.ts.
 */

const defaults = { lessons: defaultStoredLessons(), protocol: {}, dropped: [], evidence: null }
let dir = ''
beforeEach(() => {
  dir = join(tempDir(), 'memory')
  vi.stubEnv('ORGBENCH_MEMORY_DIR', dir)
})
afterEach(() => {
  vi.unstubAllEnvs()
})

describe('orgbench memory', () => {
  test('a file where the memory folder must be is refused by every subcommand, naming it (it would read as nothing learned)', async () => {
    writeFileSync(dir, '')
    for (const args of [['show'], ['show', 'code_review_execution'], ['reset'], ['diff', 'code_review_execution', '1']]) {
      expect(await cli('memory', ...args)).toEqual({ code: 2, out: '', err: `orgbench memory ${args[0]}: ORGBENCH_MEMORY_DIR=${dir}: ${dir} is a file, expected a folder` })
    }
  })
})

describe('orgbench memory reset', () => {
  test('with no memory folder: says there is nothing to reset and writes nothing', async () => {
    expect(await cli('memory', 'reset')).toEqual({ code: 0, out: `no learned memory in ${dir}: nothing to reset`, err: '' })
    expect(existsSync(dir)).toBe(false)
  })

  test('without a task: a new default version for each task with memory, in task order; a folder without versions is passed over', async () => {
    writeVersion(dir, 'support_triage_execution', { writtenBy: 'r1', ...defaults })
    writeVersion(dir, 'code_review_execution', { writtenBy: 'r1', ...defaults })
    writeVersion(dir, 'code_review_execution', { writtenBy: 'r2', ...defaults })
    mkdirSync(join(dir, 'contract_review'))
    const r = await cli('memory', 'reset')
    expect(r).toEqual({ code: 0, out: 'code_review_execution: wrote code_review_execution@v3 with the default lessons\nsupport_triage_execution: wrote support_triage_execution@v2 with the default lessons', err: '' })
    expect(readVersion(dir, 'code_review_execution', 3)).toMatchObject({ writtenBy: 'reset', parent: 2, lessons: defaultStoredLessons() })
    expect(listVersions(dir, 'contract_review')).toEqual([])
  })

  test('a task the registry does not know is refused with the known tasks listed, and nothing is written', async () => {
    const r = await cli('memory', 'reset', 'code_reveiw_execution')
    expect(r.code).toBe(2)
    expect(r.err).toContain('task "code_reveiw_execution": no such task; known tasks: ')
    expect(r.err).toContain('code_review_execution')
    expect(existsSync(dir)).toBe(false)
  })
})

describe('orgbench memory diff', () => {
  test('versions are read as 2 or v2; anything else names the argument and what was expected', async () => {
    writeVersion(dir, 'code_review_execution', { writtenBy: 'r1', ...defaults })
    writeVersion(dir, 'code_review_execution', { writtenBy: 'r2', ...defaults })
    expect((await cli('memory', 'diff', 'code_review_execution', 'v1', '2')).out.split('\n')[0]).toBe('code_review_execution@v1 → code_review_execution@v2')
    expect(await cli('memory', 'diff', 'code_review_execution', 'latest')).toMatchObject({ code: 2, err: expect.stringContaining('<from> "latest": expected a version number such as 2 or v2') })
    expect(await cli('memory', 'diff', 'code_review_execution', '1', 'v0')).toMatchObject({ code: 2, err: expect.stringContaining('<to> "v0": expected a version number such as 2 or v2') })
  })

  test('with only <to>: compares the version before it, or the defaults before v1', async () => {
    for (const by of ['r1', 'r2', 'r3']) writeVersion(dir, 'code_review_execution', { writtenBy: by, ...defaults })
    expect((await cli('memory', 'diff', 'code_review_execution')).out.split('\n')[0]).toBe('code_review_execution@v2 → code_review_execution@v3')
    expect((await cli('memory', 'diff', 'code_review_execution', 'v1')).out.split('\n')[0]).toBe('code_review_execution@v1 → code_review_execution@v3')
    writeVersion(dir, 'support_triage_execution', { writtenBy: 'r1', ...defaults })
    expect((await cli('memory', 'diff', 'support_triage_execution')).out.split('\n')[0]).toBe('default → support_triage_execution@v1')
  })
})

describe('orgbench memory export', () => {
  test('with nothing to copy: says so, and writes commit=false for the workflow', async () => {
    const out = tempDir()
    const github = join(out, 'github-output')
    expect(await cli('memory', 'export', join(out, 'memory'), '--github-output', github)).toEqual({ code: 0, out: 'no memory version to commit', err: '' })
    expect(readFileSync(github, 'utf8')).toBe('commit=false\n')
  })
})
