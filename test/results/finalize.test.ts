import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { describe, expect, test } from 'vitest'
import { loadConfig, publicConfig } from '../../lib/config.js'
import { loadPrices } from '../../lib/llm/pricing.js'
import { type FinalizeRequest, finalizeRun, followJournal, MissingJournalsError } from '../../lib/results/finalize.js'
import { MixedShardSettingsError } from '../../lib/results/shard-settings.js'
import { JournalWriter, recordLine } from '../../lib/results/journal.js'
import { journalDir } from '../../lib/results/layout.js'
import { type RunManifest, readManifest, writeManifest } from '../../lib/results/manifest.js'
import { readPointer } from '../../lib/results/pointer.js'
import { openRun } from '../../lib/results/read.js'
import { SCHEMA_VERSION, type TestRecord } from '../../lib/results/record.js'
import type { CallRecord } from '../../lib/llm/ledger.js'
import { callRecord } from '../support/calls.js'
import { tempDir } from '../support/temp.js'
import { makeRecord, type RecordSpec } from './fixtures.js'

const config = publicConfig(loadConfig({ env: {}, cwd: '/nonexistent-orgbench-fixture' }))

function manifest(runId: string, over: Partial<RunManifest> = {}): RunManifest {
  return {
    schemaVersion: SCHEMA_VERSION,
    runId,
    createdAt: '2026-11-27T10:00:00.000Z',
    simulated: true,
    config,
    settings: { seed: 1 },
    prices: loadPrices(),
    commit: 'abc',
    filters: { tasks: null, topologies: null, tier: null, names: null },
    shard: null,
    sessions: [{ startedAt: '2026-11-27T10:00:00.000Z', pid: 1 }],
    finished: null,
    ...over,
  }
}

const id = (topology: string, trial: number) => ({ task: 'task_a', topology, trial })
const spec = (topology: string, trial: number, extra: RecordSpec = {}): RecordSpec => ({ task: 'task_a', topology, trial, ...extra })

/** A run journal with the given sessions of records, as workers would leave it. */
function journal(dir: string, runId: string, sessions: RecordSpec[][], over: Partial<RunManifest> = {}): void {
  writeManifest(dir, manifest(runId, over))
  sessions.forEach((records, i) => {
    const writer = new JournalWriter(journalDir(dir, runId), i + 1)
    // The line is in the file when append returns; the flush to disk does not matter here.
    for (const r of records) void writer.append(makeRecord(r))
  })
}

const request = (dir: string, runIds: string[], over: Partial<FinalizeRequest> = {}): FinalizeRequest => ({
  resultsDir: dir,
  runIds,
  vitest: { reason: 'passed', passed: 2, failed: 0, skipped: 0 },
  ran: [],
  skipped: [],
  runErrors: 0,
  warnings: [],
  keepJournal: false,
  fallback: { config, prices: loadPrices(), commit: null },
  ...over,
})

async function recordsOf(path: string): Promise<TestRecord[]> {
  const out: TestRecord[] = []
  for await (const r of openRun(path).records()) out.push(r)
  return out
}

describe('finalizeRun', () => {
  test('builds the run from the journal: sorted records, the same bytes as the journal lines, a pointer; a clean complete run leaves no journal', async () => {
    const dir = tempDir()
    journal(dir, 'sim-r1', [[spec('star', 1), spec('single', 2), spec('single', 1)]])
    const done = await finalizeRun(request(dir, ['sim-r1'], { ran: [id('star', 1), id('single', 2), id('single', 1)] }))
    expect(done!.run.status).toBe('complete')
    expect(done!.run.cases.map((c) => `${c.topology} #${c.trial}`)).toEqual(['single #1', 'single #2', 'star #1'])
    const lines = gunzipSync(readFileSync(join(dir, 'sim-r1.records.jsonl.gz'))).toString()
    expect(lines).toBe([spec('single', 1), spec('single', 2), spec('star', 1)].map((s) => recordLine(makeRecord(s))).join(''))
    expect((await recordsOf(done!.path)).map((r) => r.trial)).toEqual([1, 2, 1])
    expect(readPointer(dir).pointer).toMatchObject({ runId: 'sim-r1', file: 'sim-r1.json', status: 'complete' })
    expect(readdirSync(dir).sort()).toEqual(['LATEST', 'sim-r1.json', 'sim-r1.records.jsonl.gz'])
    expect(done!.run.commit).toBe('abc')
  })

  test('the fallback commit is read only when no manifest names one', async () => {
    const dir = tempDir()
    journal(dir, 'sim-r1', [[spec('single', 1)]])
    let asked = 0
    const fallback = {
      config,
      prices: loadPrices(),
      get commit() {
        asked++
        return 'from-git'
      },
    }
    const done = await finalizeRun(request(dir, ['sim-r1'], { ran: [id('single', 1)], fallback }))
    expect(done!.run.commit).toBe('abc')
    expect(asked).toBe(0)
  })

  test('with the journal followed as tests ended, the same run file and records, byte for byte', async () => {
    const write = (dir: string, follow: boolean) => {
      journal(dir, 'sim-rf', [[spec('star', 1), spec('single', 1, { status: 'error' })]], { createdAt: '2026-11-27T10:00:00.000Z' })
      const followed = followJournal(journalDir(dir, 'sim-rf'))
      if (follow) followed.poll()
      const late = new JournalWriter(journalDir(dir, 'sim-rf'), 2)
      void late.append(makeRecord(spec('single', 1, { headline: 75 })))
      appendFileSync(join(journalDir(dir, 'sim-rf'), late.file!), recordLine(makeRecord(spec('star', 2))).slice(0, 30))
      return finalizeRun(request(dir, ['sim-rf'], { ran: [id('star', 1), id('single', 1)], ...(follow ? { followed } : {}) }))
    }
    const [plainDir, followedDir] = [tempDir(), tempDir()]
    const plain = await write(plainDir, false)
    const followed = await write(followedDir, true)
    expect(followed!.run.cases.map((c) => `${c.topology} #${c.trial} ${c.scores.headline}`)).toEqual(['single #1 75', 'star #1 80'])
    expect(followed!.run.warnings.some((w) => w.includes('line 2 is incomplete (30 bytes'))).toBe(true)
    expect(readFileSync(join(followedDir, 'sim-rf.records.jsonl.gz'))).toEqual(readFileSync(join(plainDir, 'sim-rf.records.jsonl.gz')))
    // The two journals' file names (time, pid, random) differ, and warnings name them.
    const runText = (dir: string) => readFileSync(join(dir, 'sim-rf.json'), 'utf8').replace(/\d{3}-\d{13}-\d+-[0-9a-f]{8}\.jsonl/g, 'FILE')
    expect(runText(followedDir)).toBe(runText(plainDir))
  })

  test('a follower of another folder than the run\'s journal is not used: the journal is read whole', async () => {
    const dir = tempDir()
    journal(dir, 'sim-rg', [[spec('single', 1)]])
    const elsewhere = followJournal(join(tempDir(), 'other'))
    const done = await finalizeRun(request(dir, ['sim-rg'], { ran: [id('single', 1)], followed: elsewhere }))
    expect(done!.run.cases).toHaveLength(1)
  })

  test('a resumed run: later sessions replace earlier records of a case; sessions are counted; a torn line is a warning', async () => {
    const dir = tempDir()
    journal(dir, 'sim-r2', [[spec('single', 1, { status: 'error' }), spec('star', 1, { headline: 60 })], [spec('single', 1, { headline: 90 })]], {
      sessions: [
        { startedAt: '2026-11-27T10:00:00.000Z', pid: 1 },
        { startedAt: '2026-11-27T11:00:00.000Z', pid: 2 },
      ],
    })
    const done = await finalizeRun(request(dir, ['sim-r2']))
    expect(done!.run.cases.map((c) => `${c.topology} ${c.status} ${c.scores.headline}`)).toEqual(['single ok 90', 'star ok 60'])
    expect(done!.run.sessions).toBe(2)
    expect(done!.run.totals.errors).toBe(0)
  })

  test('under a dollar cap, the budget counts what every journaled record sent, also records a later session replaced', async () => {
    const dir = tempDir()
    writeManifest(dir, manifest('sim-r5', { config: { ...config, maxUsd: 5 }, sessions: [{ startedAt: '2026-11-27T10:00:00.000Z', pid: 1 }, { startedAt: '2026-11-27T11:00:00.000Z', pid: 2 }] }))
    const withCalls = (s: RecordSpec, calls: CallRecord[]) => ({ ...makeRecord(s), calls })
    const first = new JournalWriter(journalDir(dir, 'sim-r5'), 1)
    void first.append(withCalls(spec('single', 1, { status: 'error' }), [callRecord({ id: 'c001', costUsd: 1 })]))
    void first.append(withCalls(spec('star', 1), [callRecord({ id: 'c001', costUsd: 0.5 }), callRecord({ id: 'c002', promptTokens: null, completionTokens: null, costUsd: null, maxCostUsd: 0.25 })]))
    // The re-run reuses the reply paid in session 1 from the cache: counted once.
    void new JournalWriter(journalDir(dir, 'sim-r5'), 2).append(withCalls(spec('single', 1), [callRecord({ id: 'c001', costUsd: 1, cached: 'this-run' }), callRecord({ id: 'c002', costUsd: 0.75 })]))
    const done = await finalizeRun(request(dir, ['sim-r5']))
    expect(done!.run.totals.budget).toEqual({ capUsd: 5, casesNotRun: 0, countedUsd: 2.5, atWorstCase: 1 })
  })

  test('a resume whose filters leave out cases an earlier session journaled: the status names them by task, and the budget line says a resume must include them', async () => {
    const dir = tempDir()
    const other = (topology: string, trial: number, extra: RecordSpec = {}): RecordSpec => ({ task: 'task_b', topology, trial, ...extra })
    const refused = (s: RecordSpec) => ({ ...makeRecord({ ...s, status: 'error' }), errors: [{ stage: 'organisation' as const, kind: 'budget', message: 'refused by the cap', callId: 'c001' }] })
    writeManifest(dir, manifest('sim-r6', {
      config: { ...config, maxUsd: 20 },
      filters: { tasks: ['task_a'], topologies: null, tier: null, names: null },
      sessions: [
        { startedAt: '2026-11-27T10:00:00.000Z', pid: 1 },
        { startedAt: '2026-11-27T11:00:00.000Z', pid: 2 },
      ],
    }))
    const first = new JournalWriter(journalDir(dir, 'sim-r6'), 1)
    for (const r of [makeRecord(other('single', 1)), refused(other('star', 1)), refused(spec('single', 1))]) void first.append(r)
    void new JournalWriter(journalDir(dir, 'sim-r6'), 2).append(makeRecord(spec('single', 1)))
    const done = await finalizeRun(request(dir, ['sim-r6'], { ran: [id('single', 1)] }))
    expect(done!.run.statusReasons).toEqual([
      'filtered by ORGBENCH_TASKS=task_a',
      '1 case(s) stopped by the dollar cap (ORGBENCH_MAX_USD), not run or not finished',
      '2 case(s) kept from an earlier session that this one did not run (task_b: 2); a resume runs their errored cases again only with filters that include them',
    ])
    expect(done!.run.totals.budget).toMatchObject({ casesNotRun: 1, notRunBySession: 1 })
    // The session that ran every case it journaled adds no such reason.
    const again = await finalizeRun(request(dir, ['sim-r6'], { ran: [id('single', 1), { task: 'task_b', topology: 'single', trial: 1 }, { task: 'task_b', topology: 'star', trial: 1 }] }))
    expect(again!.run.statusReasons).toEqual(['filtered by ORGBENCH_TASKS=task_a', '1 case(s) stopped by the dollar cap (ORGBENCH_MAX_USD), not run or not finished'])
    expect(again!.run.totals.budget).not.toHaveProperty('notRunBySession')
  })

  test('under a dollar cap, the budget also counts replies in the run\'s response cache that a killed session paid for tests it never journaled', async () => {
    const dir = tempDir()
    const sessions = [{ startedAt: '2026-11-27T10:00:00.000Z', pid: 1 }, { startedAt: '2026-11-27T11:00:00.000Z', pid: 2 }]
    writeManifest(dir, manifest('sim-r7', { config: { ...config, maxUsd: 5 }, sessions }))
    void new JournalWriter(journalDir(dir, 'sim-r7'), 1).append({ ...makeRecord(spec('single', 1)), calls: [callRecord({ id: 'c001', costUsd: 1 })] })
    // Session 2 ran star from the reply session 1 paid before it was killed: cached, so counted once, from the cache.
    void new JournalWriter(journalDir(dir, 'sim-r7'), 2).append({ ...makeRecord(spec('star', 1)), calls: [callRecord({ id: 'c001', costUsd: 0.5, cached: 'this-run' })] })
    const cacheDir = join(dir, 'cache')
    mkdirSync(join(cacheDir, 'sim-r7'), { recursive: true })
    const reply = (scope: string, costUsd: number) => JSON.stringify({ key: '0'.repeat(64), v: 1, runId: 'sim-r7', createdAt: '2026-11-27T10:30:00.000Z', endpoint: 'e', model: 'sim-strong', scope, content: 'x', finishReason: 'stop', usage: null, costUsd })
    writeFileSync(join(cacheDir, 'sim-r7', '1-1-abcdef.jsonl'), `${reply('task_a/single/1', 1)}\n${reply('task_a/star/1', 0.5)}\n`)
    expect((await finalizeRun(request(dir, ['sim-r7'], { cacheDir })))!.run.totals.budget).toMatchObject({ countedUsd: 1.5 })
    expect((await finalizeRun(request(dir, ['sim-r7'])))!.run.totals.budget).toMatchObject({ countedUsd: 1 })
  })

  test('cases that ran without a record, skipped cases and filters make the run partial; its journal stays, marked finished', async () => {
    const dir = tempDir()
    journal(dir, 'sim-r3', [[spec('single', 1)]], { filters: { tasks: ['task_a'], topologies: null, tier: null, names: null } })
    const done = await finalizeRun(request(dir, ['sim-r3'], { ran: [id('single', 1), id('star', 1)], skipped: [id('single', 2), id('star', 2)] }))
    expect(done!.run.status).toBe('partial')
    expect(done!.run.statusReasons).toEqual(['filtered by ORGBENCH_TASKS=task_a', '2 case(s) skipped', '1 case(s) ran without leaving a record'])
    expect(readManifest(dir, 'sim-r3')!.finished).toMatchObject({ status: 'partial', file: 'sim-r3.json' })
  })

  test('a re-run of one test (watch mode, Vitest UI): the cases it skipped keep their earlier records, so they are not counted as skipped', async () => {
    const dir = tempDir()
    journal(dir, 'sim-r6', [[spec('single', 1), spec('star', 1), spec('star', 1)]])
    const done = await finalizeRun(request(dir, ['sim-r6'], { ran: [id('star', 1)], skipped: [id('single', 1), id('hrm', 1)], keepJournal: true }))
    expect(done!.run.cases.map((c) => c.topology)).toEqual(['single', 'star'])
    expect(done!.run.statusReasons).toEqual(['1 case(s) skipped'])
  })

  test('ORGBENCH_TIER and -t are named among the filters of a partial run', async () => {
    const dir = tempDir()
    journal(dir, 'sim-r5', [[spec('single', 1)]], { filters: { tasks: null, topologies: null, tier: 'standard', names: 'single' } })
    const done = await finalizeRun(request(dir, ['sim-r5'], { ran: [id('single', 1)], skipped: [id('star', 1), id('hrm', 1), id('pipeline', 1)] }))
    expect(done!.run.status).toBe('partial')
    expect(done!.run.statusReasons).toEqual(['filtered by ORGBENCH_TIER=standard', 'filtered by -t "single"', '3 case(s) skipped'])
  })

  test('every case errored: failed, and the journal is kept for a resume', async () => {
    const dir = tempDir()
    journal(dir, 'sim-r4', [[spec('single', 1, { status: 'error' })]])
    const done = await finalizeRun(request(dir, ['sim-r4']))
    expect(done!.run.status).toBe('failed')
    expect(existsSync(journalDir(dir, 'sim-r4'))).toBe(true)
  })

  test('merging shards: one run from every shard journal, with a deterministic id; a missing shard makes it partial', async () => {
    const dir = tempDir()
    journal(dir, 'sim-s1', [[spec('single', 1)]], { shard: { index: 1, count: 3 } })
    journal(dir, 'sim-s2', [[spec('star', 1)]], { shard: { index: 2, count: 3 }, createdAt: '2026-11-27T09:00:00.000Z' })
    const done = await finalizeRun(request(dir, ['sim-s2', 'sim-s1']))
    expect(done!.run.mergedFrom).toEqual(['sim-s1', 'sim-s2'])
    expect(done!.run.runId).toMatch(/^sim-20261127T090000Z-m[0-9a-f]{6}$/)
    expect(done!.run.cases.map((c) => c.topology)).toEqual(['single', 'star'])
    expect(done!.run.statusReasons).toEqual(['shard 3/3 was not merged'])
    const again = await finalizeRun(request(dir, ['sim-s1', 'sim-s2']))
    expect(again!.run.runId).toBe(done!.run.runId)
  })

  test('merging shards run with other settings is refused, naming each shard and setting; nothing is written and the journals stay', async () => {
    const dir = tempDir()
    const settings = { model: 'sim-strong', judgeModel: 'sim-judge', seed: 1, trials: 3, maxUsd: null }
    journal(dir, 'sim-s1', [[spec('single', 1)]], { shard: { index: 1, count: 3 }, settings })
    journal(dir, 'sim-s2', [[spec('star', 1)]], { shard: { index: 2, count: 3 }, settings: { ...settings, seed: 2, trials: 1 } })
    journal(dir, 'sim-s3', [[spec('chain', 1)]], { shard: { index: 3, count: 3 }, settings: { ...settings, model: 'sim-medium' } })
    const merge = finalizeRun(request(dir, ['sim-s3', 'sim-s2', 'sim-s1'], { ran: [id('single', 1), id('star', 1), id('chain', 1)] }))
    await expect(merge).rejects.toThrow(MixedShardSettingsError)
    await expect(merge).rejects.toThrow(
      [
        "the shards were run with other settings, so their records would not be comparable in one run; nothing was written, LATEST is unchanged and the shards' journals are kept:",
        '  - shard 2/3 (run sim-s2):',
        '      seed (ORGBENCH_SEED): 2, where shard 1/3 (run sim-s1) had 1',
        '      trials (ORGBENCH_TRIALS): 1, where shard 1/3 (run sim-s1) had 3',
        '  - shard 3/3 (run sim-s3):',
        '      model (ORGBENCH_MODEL): "sim-medium", where shard 1/3 (run sim-s1) had "sim-strong"',
        'Run the differing shard(s) again with the settings of shard 1/3 (run sim-s1) (the new blob report replaces the old one), then merge again.',
      ].join('\n'),
    )
    expect(readdirSync(dir)).toEqual(['journal'])
    expect(readdirSync(join(dir, 'journal')).sort()).toEqual(['sim-s1', 'sim-s2', 'sim-s3'])
    expect(readManifest(dir, 'sim-s2')!.finished).toBeNull()
  })

  test('shards that differ only in a result-neutral setting (their dollar caps) merge without a warning', async () => {
    const dir = tempDir()
    journal(dir, 'sim-s1', [[spec('single', 1)]], { shard: { index: 1, count: 2 }, settings: { seed: 1, maxUsd: 2 } })
    journal(dir, 'sim-s2', [[spec('star', 1)]], { shard: { index: 2, count: 2 }, settings: { seed: 1, maxUsd: null } })
    const done = await finalizeRun(request(dir, ['sim-s1', 'sim-s2'], { ran: [id('single', 1), id('star', 1)] }))
    expect(done!.run.status).toBe('complete')
    expect(done!.run.warnings).toEqual([])
  })

  test('merging capped shards: the budget has each shard\'s cap and the cases it stopped, its cap their sum, and the run\'s cap is theirs', async () => {
    const dir = tempDir()
    const stopped = (s: RecordSpec) => ({ ...makeRecord({ ...s, status: 'error' }), errors: [{ stage: 'organisation' as const, kind: 'budget', message: 'refused by the cap', callId: 'c001' }] })
    const shards: Array<[string, TestRecord[]]> = [['sim-s1', [makeRecord(spec('single', 1))]], ['sim-s2', [stopped(spec('star', 1)), stopped(spec('chain', 1))]]]
    shards.forEach(([runId, records], i) => {
      writeManifest(dir, manifest(runId, { shard: { index: i + 1, count: 2 }, config: { ...config, maxUsd: 2 } }))
      const writer = new JournalWriter(journalDir(dir, runId), 1)
      for (const r of records) void writer.append(r)
    })
    const done = await finalizeRun(request(dir, ['sim-s1', 'sim-s2'], { ran: [id('single', 1), id('star', 1), id('chain', 1)] }))
    expect(done!.run.config.maxUsd).toBe(4)
    expect(done!.run.totals.budget).toMatchObject({
      capUsd: 4,
      casesNotRun: 2,
      shards: [
        { runId: 'sim-s1', shard: '1/2', capUsd: 2, casesNotRun: 0 },
        { runId: 'sim-s2', shard: '2/2', capUsd: 2, casesNotRun: 2 },
      ],
    })
  })

  test('merging shards of which only one had a cap: the budget still tells it, and the run has no single cap', async () => {
    const dir = tempDir()
    journal(dir, 'sim-s1', [[spec('single', 1)]], { shard: { index: 1, count: 2 } })
    journal(dir, 'sim-s2', [[spec('star', 1)]], { shard: { index: 2, count: 2 }, config: { ...config, maxUsd: 1 } })
    const done = await finalizeRun(request(dir, ['sim-s1', 'sim-s2'], { ran: [id('single', 1), id('star', 1)] }))
    expect(done!.run.config.maxUsd).toBeNull()
    expect(done!.run.totals.budget).toMatchObject({ capUsd: 1, shards: [{ capUsd: null }, { capUsd: 1 }] })
  })

  test("a journal that is not there is a warning saying where shards go; with none there, nothing is written and LATEST stays; with nothing run, nothing is written", async () => {
    const dir = tempDir()
    journal(dir, 'sim-s1', [[spec('single', 1)]], { shard: { index: 1, count: 2 } })
    const done = await finalizeRun(request(dir, ['sim-s1', 'sim-gone'], { ran: [id('single', 1), id('star', 1)] }))
    expect(done!.run.warnings.some((w) => w.startsWith('no journal for run sim-gone') && w.includes("put each shard's journal/ folder there"))).toBe(true)
    const before = { pointer: readPointer(dir), files: readdirSync(dir) }
    const none = finalizeRun(request(dir, ['sim-gone', 'sim-lost'], { ran: [id('single', 1)] }))
    await expect(none).rejects.toThrow(MissingJournalsError)
    await expect(none).rejects.toThrow(/^no journal of run\(s\) sim-gone, sim-lost in .*journal: the results are built from the runs' journals, so none were written and LATEST is unchanged \(for a merge of shards, copy each shard's results\/runs\/journal\/ folder there first\)$/)
    expect({ pointer: readPointer(dir), files: readdirSync(dir) }).toEqual(before)
    const empty = tempDir()
    writeManifest(empty, manifest('sim-none'))
    expect(await finalizeRun(request(empty, ['sim-none']))).toBeNull()
    expect(readdirSync(empty)).toEqual([])
  })

  test('watch mode keeps the journal of a complete run (the next re-run appends to it)', async () => {
    const dir = tempDir()
    journal(dir, 'sim-r5', [[spec('single', 1)]])
    await finalizeRun(request(dir, ['sim-r5'], { keepJournal: true }))
    expect(existsSync(journalDir(dir, 'sim-r5'))).toBe(true)
  })
})
