import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { UserError } from '../errors.js'
import { compareOutcomes } from '../results/equivalence.js'
import { journalsDir } from '../results/layout.js'
import { readPointer } from '../results/pointer.js'
import { openRun } from '../results/read.js'
import type { TestRecord } from '../results/record.js'
import { PROJECT_ROOT } from '../tasks/registry.js'
import { childEnv, runVitest } from './vitest-process.js'

export interface ShardsCheckOptions {
  /** Vitest file filter, e.g. "benchmarks/enterprise/". */
  filter: string
  shards: number
  /** Extra settings for every run, e.g. { ORGBENCH_TRIALS: '1' }. */
  env: Record<string, string>
  log: (line: string) => void
}

async function recordsOf(resultsDir: string): Promise<{ records: TestRecord[]; status: string; runId: string }> {
  const handle = openRun(readPointer(resultsDir).path)
  const records: TestRecord[] = []
  for await (const r of handle.records()) records.push(r)
  return { records, status: handle.run.status, runId: handle.run.runId }
}

/**
 * Runs a suite once as a whole and once as N blob shards (in parallel, each with its own results
 * folder, as separate machines would) merged by the results reporter after copying the shards'
 * journals together, and compares the two runs' records case by case. True when they agree.
 */
export async function shardsCheck(o: ShardsCheckOptions): Promise<boolean> {
  const work = mkdtempSync(join(tmpdir(), 'orgbench-shards-check-'))
  try {
    const env = (resultsDir: string) => childEnv({ ...o.env, ORGBENCH_RESULTS_DIR: resultsDir })
    const step = async (what: string, args: string[], resultsDir: string) => {
      const t0 = performance.now()
      const r = await runVitest(PROJECT_ROOT, args, env(resultsDir))
      o.log(`${what}: exit ${r.code} in ${((performance.now() - t0) / 1000).toFixed(0)} s`)
      if (r.code !== 0 && !/^\d+ passed, \d+ failed$/m.test(r.output)) throw new UserError(`${what} failed:\n${r.output.slice(-4000)}`)
    }
    const single = join(work, 'single')
    await step('one run', ['run', o.filter], single)
    const blobs = join(work, 'blobs')
    const merged = join(work, 'merged')
    // Every shard ends before a failure is reported: the work folder is removed after the last of them.
    const ended = await Promise.allSettled(
      Array.from({ length: o.shards }, (_, k) => k + 1).map(async (i) => {
        const shard = join(work, `shard-${i}`)
        await step(`shard ${i}/${o.shards}`, ['run', o.filter, `--shard=${i}/${o.shards}`, '--reporter=blob', `--outputFile=${join(blobs, `blob-${i}.json`)}`], shard)
        if (existsSync(journalsDir(shard))) cpSync(journalsDir(shard), journalsDir(merged), { recursive: true })
      }),
    )
    const failed = ended.find((e) => e.status === 'rejected')
    if (failed) throw failed.reason
    await step('merge', [`--merge-reports=${blobs}`, '--reporter=./reporters/results.ts'], merged)
    const [a, b] = [await recordsOf(single), await recordsOf(merged)]
    const diff = compareOutcomes(a.records, b.records)
    o.log(`one run ${a.runId} (${a.status}, ${a.records.length} records) vs merged ${b.runId} (${b.status}, ${b.records.length} records):`)
    o.log(`  same ${diff.same.length} · different ${diff.differ.length} · only in the one run ${diff.onlyA.length} · only in the merge ${diff.onlyB.length}`)
    for (const c of [...diff.differ, ...diff.onlyA, ...diff.onlyB].slice(0, 20)) o.log(`  ${c}`)
    return diff.differ.length === 0 && diff.onlyA.length === 0 && diff.onlyB.length === 0 && b.status === 'complete' && a.status === 'complete'
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}
