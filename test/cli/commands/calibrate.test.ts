import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test, vi } from 'vitest'
import { startSimulator } from '../../../lib/sim/server.js'
import { copyRun } from '../../../lib/results/store.js'
import { runCli } from '../../../lib/cli/program.js'
import { simulatedJudgeNote } from '../../../lib/cli/commands/calibrate.js'
import { loadConfig } from '../../../lib/config.js'
import { writePointer } from '../../../lib/results/pointer.js'
import { openRun, readRunFile } from '../../../lib/results/read.js'
import { PROJECT_ROOT } from '../../../lib/tasks/registry.js'
import { makeRecord, v1File, writeRunFixture } from '../../results/fixtures.js'
import { tempDir } from '../../support/temp.js'

async function cli(...argv: string[]) {
  const out: string[] = []
  const err: string[] = []
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) })
  return { code, out: out.join('\n'), err: err.join('\n') }
}

const reference = (which: string) => readFileSync(join(PROJECT_ROOT, 'fixtures', 'calibration', 'strategic_planning', `${which}.md`), 'utf8')

/** A run (version-2 layout) with the single agent's and star's deliverables of three trials. */
async function runFile(dir: string): Promise<string> {
  const records = [1, 2, 3].flatMap((trial) =>
    ['single', 'star'].map((topology) => ({ ...makeRecord({ task: 'strategic_planning', topology, trial }), deliverable: { kind: 'markdown' as const, text: reference(topology === 'star' ? 'strong' : 'weak') } })),
  )
  const file = join(dir, 'run.json')
  await writeRunFixture(file, records)
  return file
}

describe("the SIMULATED note of calibrate follows the judge's endpoint and model, not the agents'", () => {
  test.each([
    ['the default: the embedded simulator judges', {}, 'SIMULATED judge (embedded simulator): these numbers test the machinery'],
    ['a simulated judge on its own endpoint, named there', { ORGBENCH_JUDGE_BASE_URL: 'http://127.0.0.1:42599/v1', ORGBENCH_JUDGE_MODEL: 'sim-judge' }, 'SIMULATED judge (orgbench simulator at http://127.0.0.1:42599): these numbers'],
    ['a real judge on its own endpoint, the agents simulated: not simulated', { ORGBENCH_JUDGE_BASE_URL: 'http://127.0.0.1:43120/v1', ORGBENCH_JUDGE_MODEL: 'real-judge' }, null],
    ['a simulated judge on the agents\' real endpoint', { ORGBENCH_BASE_URL: 'http://127.0.0.1:43120/v1', ORGBENCH_MODEL: 'real-x', ORGBENCH_JUDGE_MODEL: 'sim-judge' }, 'SIMULATED judge (orgbench simulator at http://127.0.0.1:43120)'],
  ])('%s', (_, env: Record<string, string>, note) => {
    const text = simulatedJudgeNote(loadConfig({ env }))
    if (note === null) expect(text).toBeNull()
    else expect(text).toContain(note)
  })
})

describe('orgbench calibrate --provenance', () => {
  test('asks the judge about every balanced pair, prints the result and adds it to the results file', async () => {
    const file = await runFile(tempDir())
    const before = openRun(file)
    const r = await cli('calibrate', '--provenance', file)
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    expect(r.out).toContain(`provenance check on ${file}: 3 balanced pairs, 6 calls to the judge sim-judge`)
    expect(r.out).toContain('SIMULATED judge (embedded simulator): these numbers test the machinery')
    expect(r.out).toMatch(/guessed which deliverable an organisation wrote \d+ %/)
    expect(r.out).toMatch(/judge spend: \$\d/)
    const stored = readRunFile(file).provenance!
    expect(stored).toMatchObject({ judgeModel: 'sim-judge', pairs: 3, chance: 0.5 })
    expect(stored.answers).toBe(6)
    expect(stored.cost.calls).toBe(6)
    // Only the run file changes: its records file and every other field stay as they were.
    const after = openRun(file)
    const { provenance: _, ...rest } = after.run
    expect(rest).toEqual(before.run)
    let records = 0
    for await (const _record of after.records()) records++
    expect(records).toBe(6)
  })

  test('without a file it checks the run the LATEST pointer of ORGBENCH_RESULTS_DIR names', async () => {
    const dir = tempDir()
    const file = await runFile(dir)
    const run = readRunFile(file)
    writePointer(dir, { runId: run.runId, file: 'run.json', records: run.records.file, status: run.status, simulated: run.simulated })
    vi.stubEnv('ORGBENCH_RESULTS_DIR', dir)
    try {
      const r = await cli('calibrate', '--provenance', '--pairs', '1')
      expect(r.err).toBe('')
      expect(r.out).toContain(`provenance check on ${file}: 1 balanced pairs`)
      expect(readRunFile(file).provenance!.pairs).toBe(1)
      // One pair gives no interval: the check is kept, and says it could not conclude rather than PASS.
      expect(r.out.trimEnd().endsWith('INCONCLUSIVE (too few answered pairs for an interval)')).toBe(true)
    } finally {
      vi.unstubAllEnvs()
    }
  })

  test('a version-1 file is refused with the way to upgrade it', async () => {
    const file = join(tempDir(), 'old.json')
    writeFileSync(file, v1File([makeRecord({ task: 'strategic_planning', topology: 'single' }), makeRecord({ task: 'strategic_planning', topology: 'star' })]))
    const r = await cli('calibrate', '--provenance', file)
    expect(r.code).toBe(2)
    expect(r.err).toContain(`${file}: a version-1 results file; re-score it first (orgbench rescore ${file})`)
  })

  test('a version-2 file is refused too: its records would stay version 2 under a version-3 run file', async () => {
    const file = await runFile(tempDir())
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), schemaVersion: 2 }))
    const before = readFileSync(file)
    const r = await cli('calibrate', '--provenance', file)
    expect(r.code).toBe(2)
    expect(r.err).toContain(`${file}: a version-2 results file; re-score it first (orgbench rescore ${file}) to get a version-3 run`)
    expect(readFileSync(file)).toEqual(before)
  })

  test('a compacted run (.json.br) stays compacted: every reader still opens it, check included', async () => {
    const dir = tempDir()
    const file = join(dir, 'run.json.br')
    await copyRun(openRun(await runFile(dir)), file)
    const r = await cli('calibrate', '--provenance', file)
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    const after = openRun(file)
    expect(after.run.provenance).toMatchObject({ pairs: 3, answers: 6 })
    let records = 0
    for await (const _record of after.records()) records++
    expect(records).toBe(6)
  })

  test('a check whose every judge answer failed is an ERROR (exit 2), never a PASS, and leaves the file as it was', async () => {
    const file = await runFile(tempDir())
    const before = readFileSync(file)
    const sim = await startSimulator({ port: 0, faults: [{ kind: 'malformed_json' }] })
    vi.stubEnv('ORGBENCH_JUDGE_BASE_URL', sim.url)
    vi.stubEnv('ORGBENCH_JUDGE_MODEL', 'sim-judge')
    vi.stubEnv('ORGBENCH_RETRIES', '0')
    try {
      const r = await cli('calibrate', '--provenance', file, '--pairs', '2')
      expect(r.code).toBe(2)
      expect(r.out).toContain('no usable answers (4 failed)')
      expect(r.out).toContain(`nothing was added to ${file}`)
      expect(r.out.trimEnd().endsWith('ERROR')).toBe(true)
      expect(r.out).not.toMatch(/PASS|WARN/)
      expect(readFileSync(file)).toEqual(before)
    } finally {
      vi.unstubAllEnvs()
      await sim.close()
    }
  })

  test('--pairs caps the number of pairs', async () => {
    const file = await runFile(tempDir())
    const r = await cli('calibrate', '--provenance', file, '--pairs', '2')
    expect(r.out).toContain('2 balanced pairs, 4 calls')
    expect(readRunFile(file).provenance!.pairs).toBe(2)
  })

  test('a file without both kinds of deliverable, and --pairs alone, are user errors', async () => {
    const dir = tempDir()
    const file = join(dir, 'only-single.json')
    await writeRunFixture(file, [makeRecord({ task: 'strategic_planning', topology: 'single' })])
    const r = await cli('calibrate', '--provenance', file)
    expect(r.code).toBe(2)
    expect(r.err).toContain(`${file}: no task and trial with both a single-agent (single or self_refine) and an organisation deliverable`)
    const alone = await cli('calibrate', '--pairs', '3')
    expect(alone.code).toBe(2)
    expect(alone.err).toContain('--pairs: only meaningful with --provenance')
  })
})
