import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { runCli } from '../../lib/cli/program.js'
import { refusal } from '../../lib/memory/export.js'
import { defaultStoredLessons, listVersions, versionFile, writeVersion } from '../../lib/memory/store.js'
import { tempDir } from '../support/temp.js'

async function cli(...argv: string[]) {
  const out: string[] = []
  const err: string[] = []
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) })
  return { code, out: out.join('\n'), err: err.join('\n') }
}

const learned = { id: 'learned-single-abcdef12', text: 'Watch for medium items before handing in.', audience: ['single'], provenance: { runId: 'sim-run-1', topology: 'single', iteration: 2, failureMode: 'The deliverables missed 3 of 6 medium items.', evidence: '"recall_medium": 3 of 6' } }

describe('orgbench memory', () => {
  let dir: string
  beforeEach(() => {
    dir = tempDir('orgbench-memory-cli-')
    process.env.ORGBENCH_MEMORY_DIR = dir
  })
  afterEach(() => {
    delete process.env.ORGBENCH_MEMORY_DIR
  })

  test('show: each lesson with its addressees and provenance; with nothing learned, says so and lists the default lessons marked as defaults', async () => {
    expect((await cli('memory', 'show')).out).toContain('every run uses the default lessons')
    const none = await cli('memory', 'show', 'code_review_execution')
    expect(none.code).toBe(0)
    expect(none.out.split('\n')[0]).toBe('code_review_execution: no learned memory; runs use the default lessons:')
    for (const lesson of defaultStoredLessons()) expect(none.out).toContain(`  - [${lesson.id}] for ${lesson.audience.join(', ')}: ${lesson.text}\n      default lesson`)
    writeVersion(dir, 'code_review_execution', { writtenBy: 'sim-run-1', lessons: [...defaultStoredLessons(), learned], protocol: {}, dropped: [], evidence: null })
    const r = await cli('memory', 'show', 'code_review_execution')
    expect(r.code).toBe(0)
    expect(r.out).toContain('code_review_execution@v1')
    expect(r.out).toContain(`[learned-single-abcdef12] for single: ${learned.text}`)
    expect(r.out).toContain('learned by single in iteration 2 of run sim-run-1, for: The deliverables missed 3 of 6 medium items. (evidence: "recall_medium": 3 of 6)')
    expect(r.out).toContain('default lesson')
  })

  test('show under a real-model configuration shows the memory a run reads: versions learned against the simulator are named and passed over', async () => {
    const evidence = (simulated: boolean) => ({ runId: 'run-1', simulated, ...(simulated ? {} : { provider: 'custom', model: 'real-x' }), settings: { iterations: 3, trainTrials: 2, heldOutTrials: 4, budgetTokens: 400 }, arms: [], differences: [] })
    writeVersion(dir, 'code_review_execution', { writtenBy: 'sim-run-1', lessons: [...defaultStoredLessons(), learned], protocol: {}, dropped: [], evidence: evidence(true) })
    Object.assign(process.env, { ORGBENCH_BASE_URL: 'http://127.0.0.1:9/v1', ORGBENCH_MODEL: 'real-x' })
    try {
      const none = await cli('memory', 'show', 'code_review_execution')
      expect(none.out.split('\n').slice(0, 2)).toEqual(['code_review_execution@v1 was learned against the simulator: a run against real-x uses the default lessons.', 'code_review_execution: no learned memory a run against real-x reads; runs use the default lessons:'])
      expect(none.out).not.toContain(learned.text)
      writeVersion(dir, 'code_review_execution', { writtenBy: 'real-run', lessons: defaultStoredLessons(), protocol: {}, dropped: [], evidence: evidence(false) })
      writeVersion(dir, 'code_review_execution', { writtenBy: 'sim-run-3', lessons: [...defaultStoredLessons(), learned], protocol: {}, dropped: [], evidence: evidence(true) })
      const real = await cli('memory', 'show', 'code_review_execution')
      expect(real.out.split('\n')[0]).toBe('code_review_execution@v3 was learned against the simulator: a run against real-x reads code_review_execution@v2.')
      expect(real.out).not.toContain(learned.text)
      expect((await cli('memory', 'show', 'code_review_execution', '--version', '1')).out.split('\n')[0]).toBe('code_review_execution@v1 was learned against the simulator: a run against real-x never reads it.')
    } finally {
      delete process.env.ORGBENCH_BASE_URL
      delete process.env.ORGBENCH_MODEL
    }
    // Against the simulator the latest version is the one in effect, as before.
    expect((await cli('memory', 'show', 'code_review_execution')).out.split('\n')[0]).not.toContain('learned against the simulator')
  })

  test('diff: lessons added since the defaults, then between two versions', async () => {
    writeVersion(dir, 'code_review_execution', { writtenBy: 'sim-run-1', lessons: [...defaultStoredLessons(), learned], protocol: {}, dropped: [], evidence: null })
    expect((await cli('memory', 'diff', 'code_review_execution')).out).toBe(`default → code_review_execution@v1\n+ [learned-single-abcdef12] for single: ${learned.text}\n    learned by single in iteration 2 of run sim-run-1, for: ${learned.provenance.failureMode} (evidence: ${learned.provenance.evidence})`)
    writeVersion(dir, 'code_review_execution', { writtenBy: 'r2', lessons: [...defaultStoredLessons(), { ...learned, audience: ['single', 'synthesizer'] }], protocol: { hrm: { cycles: 3 } }, dropped: [], evidence: null })
    expect((await cli('memory', 'diff', 'code_review_execution', '1', 'v2')).out).toBe('code_review_execution@v1 → code_review_execution@v2\n~ [learned-single-abcdef12] for single → single, synthesizer\n~ protocol hrm: {} → {"cycles":3}')
  })

  test('reset writes a new version with the defaults and keeps the history', async () => {
    writeVersion(dir, 'code_review_execution', { writtenBy: 'sim-run-1', lessons: [...defaultStoredLessons(), learned], protocol: {}, dropped: [], evidence: null })
    expect((await cli('memory', 'reset', 'code_review_execution')).out).toBe('code_review_execution: wrote code_review_execution@v2 with the default lessons')
    expect(listVersions(dir, 'code_review_execution')).toEqual([1, 2])
    expect((await cli('memory', 'diff', 'code_review_execution')).out).toContain(`- [learned-single-abcdef12] for single`)
  })

  test('an unknown task or version is a one-line error, exit 2', async () => {
    const r = await cli('memory', 'show', 'no_such_task')
    expect(r.code).toBe(2)
    expect(r.err).toContain('task "no_such_task": no such task')
    expect((await cli('memory', 'diff', 'code_review_execution')).err).toContain('code_review_execution: no learned memory in')
  })

  test('diff names every invalid version, not only the first', async () => {
    writeVersion(dir, 'code_review_execution', { writtenBy: 'r1', lessons: defaultStoredLessons(), protocol: {}, dropped: [], evidence: null })
    const r = await cli('memory', 'diff', 'code_review_execution', 'x', 'y')
    expect(r.code).toBe(2)
    expect(r.err).toBe('orgbench memory diff: <from> "x", <to> "y": expected a version number such as 2 or v2')
    expect((await cli('memory', 'diff', 'code_review_execution', '1', 'v0')).err).toBe('orgbench memory diff: <to> "v0": expected a version number such as 2 or v2')
  })
  test('show --version without a task is refused before anything is shown: each task numbers its versions on its own', async () => {
    writeVersion(dir, 'code_review_execution', { writtenBy: 'r1', lessons: defaultStoredLessons(), protocol: {}, dropped: [], evidence: null })
    writeVersion(dir, 'code_review_execution', { writtenBy: 'r2', lessons: defaultStoredLessons(), protocol: {}, dropped: [], evidence: null })
    writeVersion(dir, 'support_triage_execution', { writtenBy: 'r1', lessons: defaultStoredLessons(), protocol: {}, dropped: [], evidence: null })
    const r = await cli('memory', 'show', '--version', '2')
    expect([r.code, r.out]).toEqual([2, ''])
    expect(r.err).toContain('--version 2: needs a task, each task\'s versions are numbered on their own (orgbench memory show <task> --version 2)')
    expect((await cli('memory', 'show', 'code_review_execution', '--version', '2')).out.split('\n')[0]).toMatch(/^code_review_execution@v2 · written /)
  })
  test('a version with a lesson for an agent the task does not have: show and diff refuse it as a run does, naming the file and the field, exit 2', async () => {
    const lessons = defaultStoredLessons()
    lessons[1] = { ...lessons[1]!, audience: ['synthesiser'] }
    const file = join(dir, 'code_review_execution', versionFile(1))
    mkdirSync(join(dir, 'code_review_execution'))
    writeFileSync(file, JSON.stringify({ task: 'code_review_execution', version: 1, parent: null, createdAt: '2026-11-30T00:00:00.000Z', writtenBy: 'reset', lessons }))
    const expected = '"synthesiser" is not a role of code_review_execution; did you mean "synthesizer"? (expected one of security_reviewer, concurrency_reviewer, efficiency_reviewer, reliability_reviewer, maintainability_reviewer, single, synthesizer, coordinator, decomposer, specialists, or "all")'
    for (const argv of [['show'], ['show', 'code_review_execution'], ['show', 'code_review_execution', '--version', '1'], ['diff', 'code_review_execution']]) {
      const r = await cli('memory', ...argv)
      expect([r.code, r.out], argv.join(' ')).toEqual([2, ''])
      expect(r.err, argv.join(' ')).toBe(`orgbench memory ${argv[0]}: ${file}: field lessons.1.audience: ${expected}`)
    }
  })
  test('export copies only memory learned against a real endpoint; simulated memory is refused and the output says commit=false', async () => {
    const evidence = (simulated: boolean, provider: string | undefined) => ({ runId: 'run-1', simulated, ...(provider ? { provider, model: 'm' } : {}), settings: { iterations: 3, trainTrials: 2, heldOutTrials: 4, budgetTokens: 400 }, arms: [], differences: [] })
    writeVersion(dir, 'code_review_execution', { writtenBy: 'run-1', lessons: [...defaultStoredLessons(), learned], protocol: {}, dropped: [], evidence: evidence(true, 'sim') })
    const out = tempDir('orgbench-memory-export-')
    const github = join(out, 'github-output')
    const refused = await cli('memory', 'export', join(out, 'memory'), '--github-output', github)
    expect(refused.out).toContain('not committed: code_review_execution@v1 was learned against the simulator (run run-1)')
    expect(readFileSync(github, 'utf8')).toBe('commit=false\n')
    expect(existsSync(join(out, 'memory'))).toBe(false)
    // A version without its provider and model (written before they were recorded) is refused too.
    expect(refusal({ task: 't', version: 2, writtenBy: 'run-2', evidence: evidence(false, undefined) })).toBe('t@v2 does not record the real provider and model it was learned against')
    writeVersion(dir, 'code_review_execution', { writtenBy: 'run-3', lessons: defaultStoredLessons(), protocol: {}, dropped: [], evidence: evidence(false, 'openrouter') })
    const copied = await cli('memory', 'export', join(out, 'memory'), '--github-output', github)
    expect(copied.out).toContain('to commit: code_review_execution/v0002.json')
    expect(readFileSync(github, 'utf8')).toBe('commit=false\ncommit=true\n')
    expect(readdirSync(join(out, 'memory', 'code_review_execution'))).toEqual(['v0002.json'])
  })
  test('a version written before memory was redacted: show and diff print it redacted, export refuses it', async () => {
    const shaped = 'sk-proj-AbCdEf1234567890XYZ'
    const evidence = { runId: 'run-1', simulated: false, provider: 'openrouter', model: 'm', settings: { iterations: 3, trainTrials: 2, heldOutTrials: 4, budgetTokens: 400 }, arms: [], differences: [] }
    const old = { task: 'code_review_execution', version: 1, parent: null, createdAt: '2026-11-30T00:00:00.000Z', writtenBy: 'run-1', lessons: [...defaultStoredLessons(), { ...learned, text: `Call the scanner with ${shaped} first.` }], protocol: {}, dropped: [], evidence }
    mkdirSync(join(dir, 'code_review_execution'))
    writeFileSync(join(dir, 'code_review_execution', versionFile(1)), JSON.stringify(old))
    for (const argv of [['show', 'code_review_execution'], ['diff', 'code_review_execution']]) {
      const r = await cli('memory', ...argv)
      expect(r.out).toContain('Call the scanner with [redacted key] first.')
      expect(r.out).not.toContain(shaped)
    }
    const out = tempDir('orgbench-memory-export-')
    const r = await cli('memory', 'export', join(out, 'memory'))
    expect(r.out).toContain('not committed: code_review_execution@v1 holds an API key or a key-shaped string (written before memory versions were redacted); remove it from v0001.json to commit the version')
    expect(r.out).not.toContain(shaped)
    expect(existsSync(join(out, 'memory'))).toBe(false)
  })
})
