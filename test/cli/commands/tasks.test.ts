import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { defaultStoredLessons, writeVersion } from '../../../lib/memory/store.js'
import { loadRegistry } from '../../../lib/tasks/registry.js'
import { cli } from '../../support/cli.js'
import { tempDir } from '../../support/temp.js'

const registry = await loadRegistry()

describe('orgbench tasks', () => {
  test('--json --track lists exactly the tasks of that track, as JSON', async () => {
    const r = await cli('tasks', '--json', '--track', 'finance')
    expect(r.code).toBe(0)
    const listed = (JSON.parse(r.out) as Array<{ id: string }>).map((t) => t.id).sort()
    expect(listed).toEqual(registry.byTrack('finance').map((t) => t.id).sort())
    expect(listed.length).toBeGreaterThan(0)
  })

  test("the listing says of each calibrated task whether its newest run answered the current prompt, and marks * a score that answered an earlier one", async () => {
    const listed = JSON.parse((await cli('tasks', '--json')).out) as Array<{ id: string; calibrated: { prompt: string | null } | null }>
    const calibrated = listed.filter((t) => t.calibrated !== null)
    expect(calibrated.length).toBeGreaterThan(0)
    for (const t of calibrated) expect(['same', 'changed', 'not-recorded'], t.id).toContain(t.calibrated!.prompt)
    const text = (await cli('tasks', '--wide')).out
    for (const t of calibrated) expect(text, t.id).toMatch(new RegExp(`^${t.id} .*\\d${t.calibrated!.prompt === 'changed' ? '\\*' : ''}( SAT)?$`, 'm'))
  }, 60_000)

  test('--prompt of an unknown task names it and lists the known ones, exit 2', async () => {
    const r = await cli('tasks', '--prompt', 'no_such_task')
    expect(r.code).toBe(2)
    expect(r.err).toBe(`orgbench tasks: --prompt "no_such_task": no such task; known tasks: ${registry.tasks.map((t) => t.id).join(', ')}`)
  })

  test('--prompt --out writes what the first agent receives: the brief and every input', async () => {
    const task = registry.get('code_review_protocol')
    const file = join(tempDir(), 'prompt.txt')
    const r = await cli('tasks', '--prompt', task.id, '--memory', 'off', '--out', file)
    expect(r).toEqual({ code: 0, out: `wrote 1 call(s) of single for ${task.id} to ${file}`, err: '' })
    const text = readFileSync(file, 'utf8')
    expect(text).toContain(task.brief.trim().split('\n')[0]!)
    for (const input of task.inputs) expect(text).toContain(input.id)
  })

  test('--memory takes ORGBENCH_MEMORY\'s values: persisted (and its old name on) renders the learned lessons, default the defaults, off none', async () => {
    const dir = tempDir()
    const learned = { id: 'learned-single-abcdef12', text: 'Watch for medium items before handing in.', audience: ['single'], provenance: { runId: 'sim-run-1', topology: 'single', iteration: 2, failureMode: 'missed medium items', evidence: 'recall_medium 3 of 6' } }
    writeVersion(dir, 'code_review_execution', { writtenBy: 'sim-run-1', lessons: [...defaultStoredLessons(), learned], protocol: {}, dropped: [], evidence: null })
    process.env.ORGBENCH_MEMORY_DIR = dir
    try {
      const render = async (mode: string) => (await cli('tasks', '--prompt', 'code_review_execution', '--memory', mode)).out
      const defaultLesson = defaultStoredLessons().find((l) => l.audience.includes('single'))!.text
      for (const mode of ['persisted', 'on']) expect(await render(mode)).toContain(learned.text)
      const defaults = await render('default')
      expect(defaults).not.toContain(learned.text)
      expect(defaults).toContain(defaultLesson)
      const off = await render('off')
      expect(off).not.toContain(learned.text)
      expect(off).not.toContain(defaultLesson)
    } finally {
      delete process.env.ORGBENCH_MEMORY_DIR
    }
  })

  test('--prompt --topology self_refine prints the draft call of the budget-matched baseline', async () => {
    const task = registry.get('defi_strategy_design')
    const r = await cli('tasks', '--prompt', task.id, '--topology', 'self_refine', '--memory', 'off')
    expect(r.code).toBe(0)
    expect(r.out.split('\n')[0]).toMatch(/^<!-- single · draft · max_tokens \d+ -->$/)
    expect(r.out).toContain(task.brief.trim().split('\n')[0]!)
  })

  test('--check of a definition file says it is valid; of a missing file, names the file, exit 2', async () => {
    const ok = await cli('tasks', '--check', 'lib/tasks/definitions/finance/defi_strategy_design.ts')
    expect(ok).toEqual({ code: 0, out: "lib/tasks/definitions/finance/defi_strategy_design.ts: task defi_strategy_design is valid (definition, fixtures, ground truth, leak checks, benchmark file, calibration file and a design task's reference deliverables)", err: '' })
    const missing = await cli('tasks', '--check', 'lib/tasks/definitions/finance/nope.ts')
    expect(missing.code).toBe(2)
    expect(missing.err).toBe('orgbench tasks: Task registry is invalid (1 problem):\n  - lib/tasks/definitions/finance/nope.ts: no such file')
  })

  test('--check of a definition outside lib/tasks/definitions/<track>/ says where definitions live, without loading it', async () => {
    const file = join(tempDir(), 'march_close.ts')
    writeFileSync(file, 'throw new Error("loaded")\n')
    const r = await cli('tasks', '--check', file)
    expect(r.code).toBe(2)
    expect(r.err).toBe(`orgbench tasks: Task registry is invalid (1 problem):\n  - ${file}: a task definition lives in lib/tasks/definitions/<enterprise|finance|general>/<id>.ts, in the folder of its track`)
  })
})
