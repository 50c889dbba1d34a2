import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { beforeEach, describe, expect, test, vi } from 'vitest'
import { journalsDir, recordsFileName, runFilePath } from '../../lib/results/layout.js'
import { writePointer } from '../../lib/results/pointer.js'
import { recordLine } from '../../lib/results/journal.js'
import type { TestRecord } from '../../lib/results/record.js'
import type { RunStatus } from '../../lib/results/schema.js'
import { UserError } from '../../lib/errors.js'
import { shardsCheck } from '../../lib/run/shards-check.js'
import { PROJECT_ROOT } from '../../lib/tasks/registry.js'
import { makeRecord, writeRunFixture } from '../results/fixtures.js'

/*
 * The check's child Vitest runs are replaced by a stand-in suite: "one run" writes its results
 * folder, each shard journals its share of the records in its own folder, and the merge builds its
 * results from the journals it finds in the merged folder (so it sees only what the check copied
 * there). What each step is asked to do is recorded.
 */
interface Step {
  cwd: string
  args: string[]
  env: NodeJS.ProcessEnv
}
const steps: Step[] = []
let answer: (step: Step) => Promise<{ code: number; output: string }>
vi.mock('../../lib/run/vitest-process.js', async (original) => ({
  ...(await original<typeof import('../../lib/run/vitest-process.js')>()),
  runVitest: async (cwd: string, args: string[], env: NodeJS.ProcessEnv) => {
    const step = { cwd, args, env }
    steps.push(step)
    return answer(step)
  },
}))

const RECORDS = ['single', 'star'].flatMap((topology) => [1, 2].map((trial) => makeRecord({ topology, trial })))
const PASSED = { code: 0, output: '4 passed, 0 failed' }

async function writeResults(dir: string, runId: string, records: TestRecord[], status: RunStatus = 'complete') {
  mkdirSync(dir, { recursive: true })
  await writeRunFixture(runFilePath(dir, runId), records, { runId, status })
  writePointer(dir, { runId, file: `${runId}.json`, records: recordsFileName(`${runId}.json`), status, simulated: true })
}

/** The stand-in suite; `shard` may change what shard i journals, `merged` the status of the merge. */
function suite(o: { shard?: (i: number, records: TestRecord[]) => TestRecord[]; merged?: RunStatus } = {}) {
  answer = async ({ args, env }) => {
    const dir = env.ORGBENCH_RESULTS_DIR!
    const shard = /^--shard=(\d+)\/(\d+)$/.exec(args.find((a) => a.startsWith('--shard=')) ?? '')
    if (args.some((a) => a.startsWith('--merge-reports='))) {
      const journaled = readdirSync(journalsDir(dir)).flatMap((run) =>
        readdirSync(join(journalsDir(dir), run)).flatMap((f) => readFileSync(join(journalsDir(dir), run, f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as TestRecord)),
      )
      await writeResults(dir, 'sim-merged', journaled, o.merged)
    } else if (shard) {
      const [i, n] = [Number(shard[1]), Number(shard[2])]
      const mine = (o.shard ?? ((_, rs) => rs))(i, RECORDS.filter((_, k) => k % n === i - 1))
      mkdirSync(join(journalsDir(dir), 'sim-merged'), { recursive: true })
      writeFileSync(join(journalsDir(dir), 'sim-merged', `shard-${i}.jsonl`), mine.map(recordLine).join(''))
    } else {
      await writeResults(dir, 'sim-single', RECORDS)
    }
    return PASSED
  }
}

const check = async (shards = 2) => {
  const log: string[] = []
  const ok = await shardsCheck({ filter: 'benchmarks/enterprise/', shards, env: { ORGBENCH_TRIALS: '1' }, log: (l) => log.push(l) })
  return { ok, log }
}

beforeEach(() => {
  steps.length = 0
})

describe('shardsCheck', () => {
  test('runs the suite once, then as N blob shards each with its own results folder, merges their blobs with the results reporter, and agrees', async () => {
    suite()
    const { ok, log } = await check(3)
    expect(ok).toBe(true)
    const work = dirname(steps[0]!.env.ORGBENCH_RESULTS_DIR!)
    expect(steps.map((s) => [s.args, s.env.ORGBENCH_RESULTS_DIR])).toEqual([
      [['run', 'benchmarks/enterprise/'], join(work, 'single')],
      ...[1, 2, 3].map((i) => [['run', 'benchmarks/enterprise/', `--shard=${i}/3`, '--reporter=blob', `--outputFile=${join(work, 'blobs', `blob-${i}.json`)}`], join(work, `shard-${i}`)]),
      [[`--merge-reports=${join(work, 'blobs')}`, '--reporter=./reporters/results.ts'], join(work, 'merged')],
    ])
    for (const s of steps) expect([s.cwd, s.env.ORGBENCH_TRIALS, s.env.NO_COLOR]).toEqual([PROJECT_ROOT, '1', '1'])
    expect(log.filter((l) => !/^(one run|shard \d\/3|merge): exit 0 in \d+ s$/.test(l))).toEqual([
      'one run sim-single (complete, 4 records) vs merged sim-merged (complete, 4 records):',
      '  same 4 · different 0 · only in the one run 0 · only in the merge 0',
    ])
    expect(log.filter((l) => l.includes(': exit 0 in '))).toHaveLength(5)
    expect(existsSync(work)).toBe(false)
  })

  test('a case the merge lost, changed or gained fails the check and is named', async () => {
    suite({ shard: (i, rs) => (i === 1 ? [{ ...rs[0]!, scores: { ...rs[0]!.scores, headline: 10 } }, ...rs.slice(1)] : [...rs.slice(1), makeRecord({ topology: 'star', trial: 3 })]) })
    const { ok, log } = await check()
    expect(ok).toBe(false)
    // Shard 1 journals single #1 with another score; shard 2 loses single #2 and adds star #3.
    expect(log.slice(-5)).toEqual([
      'one run sim-single (complete, 4 records) vs merged sim-merged (complete, 4 records):',
      '  same 2 · different 1 · only in the one run 1 · only in the merge 1',
      '  task_a × single #1',
      '  task_a × single #2',
      '  task_a × star #3',
    ])
  })

  test('failed tests are results, not a broken step: an exit 1 with the reporter\'s "N passed, M failed" line is compared like any run', async () => {
    suite()
    const pass = answer
    answer = async (step) => ({ ...(await pass(step)), code: 1, output: 'FAIL benchmarks/enterprise/x.test.ts\n3 passed, 1 failed\n' })
    const { ok, log } = await check()
    expect(ok).toBe(true)
    expect(log.filter((l) => l.includes(': exit 1 in '))).toHaveLength(4)
  })

  test('a step that breaks stops the check with the last 4,000 characters of its output (a user error, no stack), and the work folder is removed after every shard ended', async () => {
    suite()
    const pass = answer
    let shardOneEnded = false
    answer = async (step) => {
      if (step.args.includes('--shard=2/2')) return { code: 1, output: `${'x'.repeat(5_000)}\nError: cannot start` }
      if (!step.args.includes('--shard=1/2')) return pass(step)
      // Shard 1 is still running when shard 2 fails; its journal lands in the work folder afterwards.
      await new Promise((done) => setTimeout(done, 50))
      const result = await pass(step)
      shardOneEnded = true
      return result
    }
    const failure = await check().catch((e: Error) => e)
    expect(failure).toBeInstanceOf(UserError)
    expect(shardOneEnded).toBe(true)
    expect((failure as Error).message).toBe(`shard 2/2 failed:\n${`${'x'.repeat(5_000)}\nError: cannot start`.slice(-4_000)}`)
    expect(existsSync(dirname(steps[0]!.env.ORGBENCH_RESULTS_DIR!))).toBe(false)
  })

  test('a merged run that is not complete fails the check, even with the same records', async () => {
    suite({ merged: 'partial' })
    const { ok, log } = await check()
    expect(ok).toBe(false)
    expect(log).toContain('one run sim-single (complete, 4 records) vs merged sim-merged (partial, 4 records):')
  })
})
