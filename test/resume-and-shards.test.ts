import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, onTestFinished, test } from 'vitest'
import { outcomeOf } from '../lib/results/equivalence.js'
import { journalFiles } from '../lib/results/journal.js'
import { journalDir, journalsDir } from '../lib/results/layout.js'
import { readPointer } from '../lib/results/pointer.js'
import { openRun } from '../lib/results/read.js'
import type { TestRecord } from '../lib/results/record.js'
import type { RunFile } from '../lib/results/schema.js'
import { tempDir } from './support/temp.js'
import { childEnv, fixtureSuite, runVitest, runVitestUntilKilled } from './support/vitest-child.js'

/*
 * The journal end to end, on a three-file fixture suite (7 cases) run by child Vitest processes:
 * a run killed with SIGKILL mid-way and resumed ends with the same records and scores as an
 * uninterrupted run of the same seed; and the same suite as 3 shards (blob reports) merged by the
 * results reporter gives one results file with the same records as the single run.
 */
const SUITE = fixtureSuite('shards')
const CASES = [
  'code_review_execution single #1',
  'code_review_execution star #1',
  'code_review_execution self_refine #1',
  'strategic_planning single #1',
  'strategic_planning star #1',
  'support_triage_execution single #1',
  'support_triage_execution star #1',
]

async function results(resultsDir: string): Promise<{ run: RunFile; records: TestRecord[] }> {
  const handle = openRun(readPointer(resultsDir).path)
  const records: TestRecord[] = []
  for await (const r of handle.records()) records.push(r)
  return { run: handle.run, records }
}

/** Complete lines in a run's journal, per file. */
function journalLines(resultsDir: string, runId: string): number[] {
  const dir = journalDir(resultsDir, runId)
  return journalFiles(dir).map((f) => readFileSync(join(dir, f), 'utf8').split('\n').length - 1)
}

const order = (rs: TestRecord[]) => [...rs].sort((a, b) => CASES.indexOf(`${a.task} ${a.topology} #${a.trial}`) - CASES.indexOf(`${b.task} ${b.topology} #${b.trial}`))

describe('the run journal end to end', () => {
  test('kill -9 mid-way, then ORGBENCH_RESUME: the same records and scores as an uninterrupted run; 3 shards merged: the same again', { timeout: 300_000 }, async () => {
    const dir = tempDir('orgbench-journal-e2e-')
    const resultsDir = join(dir, 'results')
    const env = (extra: Record<string, string> = {}) => childEnv(join(dir, 'cache'), { ORGBENCH_RESULTS_DIR: resultsDir, ORGBENCH_TRIALS: '1', ...extra })
    const journaled = () => {
      try {
        const [runId] = readdirSync(journalsDir(resultsDir))
        return runId ? journalLines(resultsDir, runId).reduce((a, b) => a + b, 0) : 0
      } catch {
        return 0
      }
    }

    // 1. A slow run, killed with SIGKILL as soon as two records are on disk.
    const killed = await runVitestUntilKilled(SUITE, ['run'], env({ ORGBENCH_SIM_LATENCY_MS: '150' }), () => journaled() >= 2)
    expect(killed.killed, killed.output).toBe(true)
    const [killedId] = readdirSync(journalsDir(resultsDir))
    expect(killedId).toMatch(/^sim-/)
    const before = journalLines(resultsDir, killedId!).reduce((a, b) => a + b, 0)
    expect(before).toBeGreaterThanOrEqual(2)
    expect(before).toBeLessThan(CASES.length)
    expect(existsSync(join(resultsDir, 'LATEST'))).toBe(false)
    const finishedBeforeKill = journalFiles(journalDir(resultsDir, killedId!)).flatMap((f) =>
      readFileSync(join(journalDir(resultsDir, killedId!), f), 'utf8').split('\n').slice(0, -1).map((l) => JSON.parse(l) as TestRecord),
    )

    // 4 starts now (it shares nothing with 2 and 3) and is checked after them.
    const blobs = join(dir, 'blobs')
    const merged = join(dir, 'merged')
    const shards = Promise.all(
      [1, 2, 3].map(async (i) => {
        const shardResults = join(dir, `shard-${i}`)
        const shard = await runVitest(SUITE, ['run', `--shard=${i}/3`, '--reporter=blob', `--outputFile=${join(blobs, `blob-${i}.json`)}`], childEnv(join(dir, `cache-${i}`), { ORGBENCH_RESULTS_DIR: shardResults, ORGBENCH_TRIALS: '1' }))
        return { ...shard, shardResults }
      }),
    )
    // Should step 2 or 3 fail, the shards still finish before the test's folders are removed, and a spawn error is not left unhandled.
    onTestFinished(async () => void (await Promise.allSettled([shards])))

    // 2. An uninterrupted run of the same seed: the reference. Its start says how to resume the killed one.
    const reference = await runVitest(SUITE, ['run'], env())
    expect(reference.code, reference.output).toBe(0)
    expect(reference.output).toContain(`[orgbench] run ${killedId} (started `)
    expect(reference.output).toContain(`Resume it with ORGBENCH_RESUME=${killedId}`)
    const ref = await results(resultsDir)
    expect(ref.run.status).toBe('complete')
    expect(ref.records.map((r) => `${r.task} ${r.topology} #${r.trial}`).sort()).toEqual([...CASES].sort())

    // 3. Resume the killed run: finished records are kept, the rest run again, and the results match the reference.
    const resumed = await runVitest(SUITE, ['run'], env({ ORGBENCH_RESUME: killedId! }))
    expect(resumed.code, resumed.output).toBe(0)
    expect(resumed.output).toContain(`[orgbench] resuming run ${killedId} (session 2)`)
    const res = await results(resultsDir)
    expect(res.run.runId).toBe(killedId)
    expect(res.run.sessions).toBe(2)
    expect(res.run.status).toBe('complete')
    expect(order(res.records).map(outcomeOf)).toEqual(order(ref.records).map(outcomeOf))
    // Nothing finished before the kill ran again: those records are the very ones journaled then (same timings).
    expect(res.run.vitest).toMatchObject({ passed: CASES.length, failed: 0 })
    for (const early of finishedBeforeKill) {
      const kept = res.records.find((r) => r.task === early.task && r.topology === early.topology && r.trial === early.trial)!
      expect(kept.timing).toEqual(early.timing)
      expect(kept.calls).toEqual(early.calls)
    }
    expect(existsSync(journalDir(resultsDir, killedId!))).toBe(false)

    // 4. The same suite as three shards on three "machines", merged by the results reporter.
    for (const shard of await shards) {
      expect(shard.code, shard.output).toBe(0)
      // The workflow downloads each shard's journal folder next to the others.
      cpSync(journalsDir(shard.shardResults), journalsDir(merged), { recursive: true })
    }
    const merge = await runVitest(SUITE, [`--merge-reports=${blobs}`, `--reporter=${join(SUITE, '..', '..', '..', '..', 'reporters', 'results.ts')}`], childEnv(join(dir, 'cache'), { ORGBENCH_RESULTS_DIR: merged, ORGBENCH_TRIALS: '1' }))
    expect(merge.code, merge.output).toBe(0)
    expect(merge.output).toMatch(/^7 passed, 0 failed$/m)
    const m = await results(merged)
    expect(m.run.status).toBe('complete')
    expect(m.run.mergedFrom).toHaveLength(3)
    expect(order(m.records).map(outcomeOf)).toEqual(order(ref.records).map(outcomeOf))
    expect(m.run.aggregates.map((a) => [a.task, a.topology, a.headline.mean])).toEqual(ref.run.aggregates.map((a) => [a.task, a.topology, a.headline.mean]))
  })
})
