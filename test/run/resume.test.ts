import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { hostname } from 'node:os'
import { describe, expect, test } from 'vitest'
import { loadConfig } from '../../lib/config.js'
import { JournalWriter } from '../../lib/results/journal.js'
import { journalDir } from '../../lib/results/layout.js'
import { readManifest, writeManifest } from '../../lib/results/manifest.js'
import { keptRecords } from '../../lib/run/kept-records.js'
import { runSettings } from '../../lib/results/settings.js'
import { checkSameSettings, findResumable, listJournals, removeEmptyJournals, ResumeError, spentBefore, unfinishedNotice } from '../../lib/run/resume.js'
import { endSession, startRun } from '../../lib/run/start.js'
import { makeRecord } from '../results/fixtures.js'
import type { TestRecord } from '../../lib/results/record.js'
import { callRecord } from '../support/calls.js'
import { tempDir } from '../support/temp.js'
import { capCountPath, writeCapCount } from '../../lib/gateway/cap-log.js'

const cwd = '/nonexistent-orgbench-fixture'
const configWith = (env: Record<string, string> = {}) => loadConfig({ env, cwd })

/** Starts a run in `dir` as the global setup does. */
function started(dir: string, env: Record<string, string> = {}, at = '2026-11-27T10:00:00.000Z', shard: { index: number; count: number } | null = null) {
  const logs: string[] = []
  const { run, spentUsd } = startRun({ config: configWith(env), resultsDir: dir, root: dir, shard, log: (l) => logs.push(l), now: new Date(at) })
  return { run, spentUsd, logs, manifest: readManifest(dir, run.runId)! }
}

/** Pretends the run's process died: its sessions get a pid above Linux's limit, which no process has. */
function kill(dir: string, runId: string): void {
  const m = readManifest(dir, runId)!
  writeManifest(dir, { ...m, sessions: m.sessions.map((s) => ({ ...s, pid: 2 ** 22 + 12345 })) })
}

describe('starting and resuming a run', () => {
  test('a new run gets an id, a manifest with its settings, and session 1', () => {
    const dir = tempDir()
    const { run, manifest } = started(dir)
    expect(run).toMatchObject({ session: 1, resumed: false, journalDir: journalDir(dir, run.runId) })
    expect(run.runId).toMatch(/^sim-20261127T100000Z-[0-9a-f]{6}$/)
    expect(manifest.settings).toEqual(runSettings(configWith()))
    expect(manifest.finished).toBeNull()
  })

  test('the next start names an unfinished run and how to resume it; ORGBENCH_RESUME continues it in session 2 and keeps its successful records', () => {
    const dir = tempDir()
    const { run } = started(dir)
    const writer = new JournalWriter(run.journalDir, 1)
    writer.append(makeRecord({ task: 'code_review_execution', topology: 'single', trial: 1 }))
    writer.append(makeRecord({ task: 'code_review_execution', topology: 'star', trial: 1, status: 'error' }))
    writer.append(makeRecord({ task: 'strategic_planning', topology: 'single', trial: 1 }))
    kill(dir, run.runId)

    const next = started(dir, {}, '2026-11-27T11:00:00.000Z')
    expect(next.logs[0]).toBe(`[orgbench] run ${run.runId} (started 2026-11-27T10:00:00.000Z) stopped before writing its results; 3 record(s) are journaled. Resume it with ORGBENCH_RESUME=${run.runId}`)
    kill(dir, next.run.runId)

    const resumed = started(dir, { ORGBENCH_RESUME: run.runId })
    expect(resumed.run).toEqual({ runId: run.runId, journalDir: run.journalDir, session: 2, sessionStartedAt: '2026-11-27T10:00:00.000Z', resumed: true })
    expect(resumed.logs[0]).toMatch(new RegExp(`^\\[orgbench\\] resuming run ${run.runId} \\(session 2\\): 3 journaled record\\(s\\)`))
    // Only the task asked for, only successful records, only from earlier sessions.
    new JournalWriter(run.journalDir, 2).append(makeRecord({ task: 'code_review_execution', topology: 'star', trial: 2 }))
    expect([...keptRecords(resumed.run, 'code_review_execution').values()].map((r) => `${r.topology} #${r.trial}`)).toEqual(['single #1'])
    expect([...keptRecords(resumed.run, 'strategic_planning').keys()]).toHaveLength(1)
    expect(keptRecords({ ...resumed.run, resumed: false }, 'code_review_execution').size).toBe(0)
  })

  test('a shard whose session ended (its blob report waits for the merge) is not called stopped by the next shard; a killed shard still is', () => {
    const dir = tempDir()
    const first = started(dir, {}, '2026-11-27T10:00:00.000Z', { index: 1, count: 3 }).run
    new JournalWriter(first.journalDir, 1).append(makeRecord())
    endSession(dir, first.runId, new Date('2026-11-27T10:30:00.000Z'))
    kill(dir, first.runId)
    expect(readManifest(dir, first.runId)!.sessions[0]!.endedAt).toBe('2026-11-27T10:30:00.000Z')
    const second = started(dir, {}, '2026-11-27T11:00:00.000Z', { index: 2, count: 3 })
    expect(second.logs).toEqual([])
    new JournalWriter(second.run.journalDir, 1).append(makeRecord())
    kill(dir, second.run.runId)
    expect(started(dir, {}, '2026-11-27T12:00:00.000Z', { index: 3, count: 3 }).logs[0]).toContain(`run ${second.run.runId} (started 2026-11-27T11:00:00.000Z) stopped before writing its results`)
  })

  test('a session whose results were written is not marked: the reporter finished the run, or removed its journal', () => {
    const dir = tempDir()
    const { run, manifest } = started(dir)
    const finished = { at: '2026-11-27T10:30:00.000Z', status: 'complete' as const, file: `${run.runId}.json` }
    writeManifest(dir, { ...manifest, finished })
    endSession(dir, run.runId)
    expect(readManifest(dir, run.runId)!.sessions[0]!.endedAt).toBeUndefined()
    endSession(dir, 'sim-20261127T100000Z-gone00')
    expect(existsSync(journalDir(dir, 'sim-20261127T100000Z-gone00'))).toBe(false)
  })

  test('a run made as one shard is not resumed as another shard or without --shard', () => {
    const dir = tempDir()
    const { run } = started(dir, {}, '2026-11-27T10:00:00.000Z', { index: 1, count: 3 })
    new JournalWriter(run.journalDir, 1).append(makeRecord())
    kill(dir, run.runId)
    expect(() => started(dir, { ORGBENCH_RESUME: run.runId }, '2026-11-27T11:00:00.000Z', { index: 2, count: 3 })).toThrow(
      `ORGBENCH_RESUME=${run.runId}: that run was shard 1/3 and this start has --shard=2/3, so the resumed run would hold the cases of both. Resume it with --shard=1/3, or start this one without ORGBENCH_RESUME.`,
    )
    expect(() => started(dir, { ORGBENCH_RESUME: run.runId })).toThrow(`that run was shard 1/3 and this start has no --shard`)
    expect(readManifest(dir, run.runId)!.sessions).toHaveLength(1)
    expect(started(dir, { ORGBENCH_RESUME: run.runId }, '2026-11-27T11:00:00.000Z', { index: 1, count: 3 }).run.session).toBe(2)
  })

  test('ORGBENCH_RESUME=latest picks the newest journal', () => {
    const dir = tempDir()
    const older = started(dir, {}, '2026-11-27T10:00:00.000Z').run
    const newer = started(dir, {}, '2026-11-27T12:00:00.000Z').run
    for (const r of [older, newer]) {
      new JournalWriter(r.journalDir, 1).append(makeRecord())
      kill(dir, r.runId)
    }
    expect(findResumable(dir, 'latest', listJournals(dir)).runId).toBe(newer.runId)
  })

  test('ORGBENCH_RESUME=latest is the newest unfinished run the start notice named, not a newer finished one kept for its errors', () => {
    const dir = tempDir()
    const stopped = started(dir, {}, '2026-11-27T10:00:00.000Z').run
    new JournalWriter(stopped.journalDir, 1).append(makeRecord())
    kill(dir, stopped.runId)
    const next = started(dir, {}, '2026-11-27T12:00:00.000Z')
    expect(next.logs).toEqual([expect.stringContaining(`Resume it with ORGBENCH_RESUME=${stopped.runId}`), '[orgbench] (ORGBENCH_RESUME=latest resumes the newest unfinished run)'])
    // The newer run ends partial (filtered): its journal stays, finished.
    new JournalWriter(next.run.journalDir, 1).append(makeRecord({ status: 'error' }))
    kill(dir, next.run.runId)
    writeManifest(dir, { ...readManifest(dir, next.run.runId)!, finished: { at: '2026-11-27T12:30:00.000Z', status: 'partial', file: `${next.run.runId}.json` } })
    expect(findResumable(dir, 'latest', listJournals(dir)).runId).toBe(stopped.runId)
    // With no unfinished run left, the newest journal.
    writeManifest(dir, { ...readManifest(dir, stopped.runId)!, finished: { at: '2026-11-27T13:00:00.000Z', status: 'partial', file: `${stopped.runId}.json` } })
    expect(findResumable(dir, 'latest', listJournals(dir)).runId).toBe(next.run.runId)
  })

  test('resuming with other settings is refused, naming each one', () => {
    const dir = tempDir()
    const { manifest } = started(dir, { ORGBENCH_TRIALS: '2' })
    expect(() => checkSameSettings(manifest, runSettings(configWith({ ORGBENCH_TRIALS: '3', ORGBENCH_SEED: '7' })))).toThrow(
      `ORGBENCH_RESUME=${manifest.runId}: the run was made with other settings, so resumed records would not be comparable:\n  - seed (ORGBENCH_SEED): the run had 1, now 7\n  - trials (ORGBENCH_TRIALS): the run had 2, now 3\nResume with the settings of the run, or start a new run.`,
    )
    expect(() => checkSameSettings(manifest, runSettings(configWith({ ORGBENCH_TRIALS: '2', ORGBENCH_TASKS: 'x' })))).not.toThrow()
  })

  test('a run made before a setting was recorded resumes under the behaviour it had, and the message names the variable to set', () => {
    const dir = tempDir()
    const { manifest } = started(dir, { ORGBENCH_HRM_MAX_SEGMENTS: '4' })
    const { contextCheck: _, reasoningModels: __, ...older } = manifest.settings
    const old = { ...manifest, settings: older }
    // The run had no context check: resuming it with the check on would fail calls it scored.
    expect(() => checkSameSettings(old, runSettings(configWith({ ORGBENCH_HRM_MAX_SEGMENTS: '4' })))).toThrow(
      '  - contextCheck (ORGBENCH_CONTEXT_CHECK): the run had "off" (made before orgbench recorded this setting), now "on"',
    )
    expect(() => checkSameSettings(old, runSettings(configWith({ ORGBENCH_HRM_MAX_SEGMENTS: '4', ORGBENCH_CONTEXT_CHECK: 'off' })))).not.toThrow()
    // A nested option names its own variable; a setting whose old behaviour is not known stays unknown.
    expect(() => checkSameSettings(old, runSettings(configWith({ ORGBENCH_HRM_MAX_SEGMENTS: '5', ORGBENCH_CONTEXT_CHECK: 'off' })))).toThrow('  - hrm.maxSegments (ORGBENCH_HRM_MAX_SEGMENTS): the run had 4, now 5')
    const { selfRefineBudget: ___, ...olderStill } = older
    expect(() => checkSameSettings({ ...manifest, settings: olderStill }, runSettings(configWith({ ORGBENCH_HRM_MAX_SEGMENTS: '4', ORGBENCH_CONTEXT_CHECK: 'off' })))).toThrow(
      '  - selfRefineBudget (ORGBENCH_SELF_REFINE_BUDGET): the run had no such setting (an older orgbench), now null',
    )
  })

  test('ORGBENCH_COMPUTE_MATCHED changes which cases the run has: a resume that changes it is refused, naming the variable', () => {
    const dir = tempDir()
    const { run, manifest } = started(dir, { ORGBENCH_COMPUTE_MATCHED: 'on' })
    new JournalWriter(run.journalDir, 1).append(makeRecord())
    kill(dir, run.runId)
    expect(manifest.settings.computeMatched).toBe('on')
    expect(() => started(dir, { ORGBENCH_RESUME: run.runId })).toThrow('  - computeMatched (ORGBENCH_COMPUTE_MATCHED): the run had "on", now "off"')
    expect(() => started(dir, { ORGBENCH_RESUME: run.runId, ORGBENCH_COMPUTE_MATCHED: 'on' })).not.toThrow()
  })

  test('a run made before ORGBENCH_COMPUTE_MATCHED was recorded had it off, unless its journal holds a compute-matched arm', () => {
    const dir = tempDir()
    const { run, manifest } = started(dir)
    const { computeMatched: _, ...older } = manifest.settings
    writeManifest(dir, { ...manifest, settings: older })
    kill(dir, run.runId)
    new JournalWriter(run.journalDir, 1).append(makeRecord({ topology: 'hrm' }))
    expect(() => started(dir, { ORGBENCH_RESUME: run.runId, ORGBENCH_COMPUTE_MATCHED: 'on' })).toThrow(
      '  - computeMatched (ORGBENCH_COMPUTE_MATCHED): the run had "off" (made before orgbench recorded this setting), now "on"',
    )
    new JournalWriter(run.journalDir, 1).append(makeRecord({ topology: 'self_refine@hrm' }))
    expect(() => started(dir, { ORGBENCH_RESUME: run.runId })).toThrow('the run had "on" (made before orgbench recorded this setting), now "off"')
    expect(() => started(dir, { ORGBENCH_RESUME: run.runId, ORGBENCH_COMPUTE_MATCHED: 'on' })).not.toThrow()
  })

  test("a resume whose prices for the run's models differ is refused (its calls would be priced at two tables); another model's price may change", () => {
    const dir = tempDir()
    const { run } = started(dir)
    new JournalWriter(run.journalDir, 1).append(makeRecord())
    kill(dir, run.runId)
    const priceFile = (models: Record<string, unknown>) => {
      const file = join(dir, `prices-${Object.keys(models).join('-')}.json`)
      writeFileSync(file, JSON.stringify({ models }))
      return file
    }
    const entry = (input: number) => ({ input, output: 1.5, cachedInput: null, verifiedAt: '2026-12-01', source: 'a test' })
    expect(() => started(dir, { ORGBENCH_RESUME: run.runId, ORGBENCH_PRICES: priceFile({ 'sim-weak': entry(9) }) })).not.toThrow()
    kill(dir, run.runId)
    // The same rates under another date and source are the same prices.
    expect(() => started(dir, { ORGBENCH_RESUME: run.runId, ORGBENCH_PRICES: priceFile({ 'sim-strong': entry(0.5) }) })).not.toThrow()
    kill(dir, run.runId)
    expect(() => started(dir, { ORGBENCH_RESUME: run.runId, ORGBENCH_PRICES: priceFile({ 'sim-strong': entry(2) }) })).toThrow(
      '  - prices.sim-strong (ORGBENCH_PRICES): the run had {"input":0.5,"output":1.5,"cachedInput":null}, now {"input":2,"output":1.5,"cachedInput":null}\nResume with the settings of the run (for prices, an ORGBENCH_PRICES file with the rates the run had',
    )
  })

  test('settings that do not change results may change: the dollar cap, and the port or host spelling of the simulator on loopback', () => {
    const dir = tempDir()
    const sim = { ORGBENCH_BASE_URL: 'http://127.0.0.1:18403/v1', ORGBENCH_MODEL: 'sim-strong', ORGBENCH_JUDGE_MODEL: 'sim-judge' }
    const { manifest } = started(dir, sim)
    for (const env of [{ ORGBENCH_MAX_USD: '100' } as Record<string, string>, { ORGBENCH_BASE_URL: 'http://127.0.0.1:18401/v1' }, { ORGBENCH_BASE_URL: 'http://localhost:9999/v1' }, { ORGBENCH_RPM: '60', ORGBENCH_TPM: '100000' }]) {
      expect(() => checkSameSettings(manifest, runSettings(configWith({ ...sim, ...env })))).not.toThrow()
    }
    // What changes results is still refused, the simulator's models included.
    expect(() => checkSameSettings(manifest, runSettings(configWith({ ...sim, ORGBENCH_MODEL: 'sim-medium' })))).toThrow('  - model (ORGBENCH_MODEL): the run had "sim-strong", now "sim-medium"')
  })

  test("a judge simulator of its own on loopback may change port too, whichever side the agents' simulator moved to; a real judge endpoint may not", () => {
    const dir = tempDir()
    const sims = { ORGBENCH_BASE_URL: 'http://127.0.0.1:18403/v1', ORGBENCH_MODEL: 'sim-strong', ORGBENCH_JUDGE_BASE_URL: 'http://127.0.0.1:18404/v1', ORGBENCH_JUDGE_MODEL: 'sim-judge' }
    const { manifest } = started(dir, sims)
    const swapped = { ...sims, ORGBENCH_BASE_URL: 'http://127.0.0.1:18404/v1', ORGBENCH_JUDGE_BASE_URL: 'http://localhost:18409/v1' }
    expect(() => checkSameSettings(manifest, runSettings(configWith(swapped)))).not.toThrow()
    // The judge's own endpoint still counts: dropping it, or a real judge model on loopback, is refused.
    expect(() => checkSameSettings(manifest, runSettings(configWith({ ORGBENCH_BASE_URL: sims.ORGBENCH_BASE_URL, ORGBENCH_MODEL: 'sim-strong', ORGBENCH_JUDGE_MODEL: 'sim-judge' })))).toThrow('  - judgeEndpoint (ORGBENCH_JUDGE_BASE_URL): the run had "http://127.0.0.1:18404", now unset')
    const real = { ...sims, ORGBENCH_JUDGE_MODEL: 'qwen3-32b' }
    const { manifest: realJudge } = started(tempDir(), real)
    expect(() => checkSameSettings(realJudge, runSettings(configWith({ ...real, ORGBENCH_BASE_URL: 'http://127.0.0.1:18405/v1' })))).not.toThrow()
    expect(() => checkSameSettings(realJudge, runSettings(configWith({ ...real, ORGBENCH_JUDGE_BASE_URL: 'http://127.0.0.1:18405/v1' })))).toThrow('  - judgeEndpoint (ORGBENCH_JUDGE_BASE_URL): the run had "http://127.0.0.1:18404", now "http://127.0.0.1:18405"')
  })

  test('another real endpoint is refused, even on loopback, and so is a real endpoint on another port', () => {
    const dir = tempDir()
    const real = { ORGBENCH_BASE_URL: 'http://127.0.0.1:8000/v1', ORGBENCH_MODEL: 'qwen3-8b', ORGBENCH_JUDGE_MODEL: 'qwen3-32b' }
    const { manifest } = started(dir, real)
    expect(() => checkSameSettings(manifest, runSettings(configWith({ ...real, ORGBENCH_BASE_URL: 'http://127.0.0.1:8001/v1' })))).toThrow('  - endpoint (ORGBENCH_BASE_URL): the run had "http://127.0.0.1:8000", now "http://127.0.0.1:8001"')
    expect(() => checkSameSettings(manifest, runSettings(configWith({ ...real, ORGBENCH_BASE_URL: 'https://api.example.com/v1' })))).toThrow(ResumeError)
    expect(() => checkSameSettings(manifest, runSettings(configWith({ ...real, ORGBENCH_MAX_USD: '20' })))).not.toThrow()
  })

  test('after a budget stop a raised cap resumes the run: it carries the earlier spend, and the results show the new cap', () => {
    const dir = tempDir()
    const { run } = started(dir, { ORGBENCH_MAX_USD: '5' })
    new JournalWriter(run.journalDir, 1).append({ ...makeRecord({ topology: 'star', status: 'error' }), calls: [callRecord({ id: 'c001', costUsd: 4.9 })] })
    kill(dir, run.runId)
    const resumed = started(dir, { ORGBENCH_RESUME: run.runId, ORGBENCH_MAX_USD: '20' })
    expect(resumed.spentUsd).toBe(4.9)
    expect(resumed.manifest.config.maxUsd).toBe(20)
  })

  test('a case whose judge calls the cap refused runs again on a resume with a raised cap, also from a journal that recorded it as ok', () => {
    const dir = tempDir()
    const { run } = started(dir, { ORGBENCH_MAX_USD: '2' })
    const cap = 'ORGBENCH_MAX_USD=2: this call could cost up to $0.00976 and $1.99151 of the cap is already spent'
    const refused = (r: TestRecord): TestRecord => ({
      ...r,
      scores: { ...r.scores, judge: { ...r.scores.judge!, pairwise: null, failures: ['pairwise#1', 'pairwise#2'].map((step) => ({ step, kind: 'budget', message: cap, raw: null })) } },
    })
    const writer = new JournalWriter(run.journalDir, 1)
    writer.append(makeRecord({ task: 'contract_review', topology: 'single', trial: 2, pairwise: null }))
    // As recorded now: a budget error. As a journal written before that recorded it: ok, with a score.
    writer.append({ ...refused(makeRecord({ task: 'contract_review', topology: 'star', trial: 2, status: 'error', pairwise: null })), errors: [{ stage: 'judge', kind: 'budget', message: cap, callId: null }] })
    writer.append(refused(makeRecord({ task: 'contract_review', topology: 'self_decompose', trial: 2, pairwise: null })))
    kill(dir, run.runId)
    const resumed = started(dir, { ORGBENCH_RESUME: run.runId, ORGBENCH_MAX_USD: '20' })
    expect([...keptRecords(resumed.run, 'contract_review').values()].map((r) => `${r.topology} #${r.trial}`)).toEqual(['single #2'])
  })

  test('calls a cut-off session had in flight count at their worst case: what its coordinator counted is more than its journal and cache hold', () => {
    const dir = tempDir()
    const { run } = started(dir, { ORGBENCH_MAX_USD: '5' })
    new JournalWriter(run.journalDir, 1).append({ ...makeRecord({ topology: 'single' }), calls: [callRecord({ id: 'c001', costUsd: 2 })] })
    // Session 1's coordinator had settled $2.40 and had $1.10 of worst cases in flight when it was killed.
    writeCapCount(capCountPath(run.journalDir, 1), { spentUsd: 2.4, reservedUsd: 1.1 })
    kill(dir, run.runId)
    expect(spentBefore(run.journalDir, 2).usd).toBe(3.5)
    // A later session's count is no earlier spend.
    writeCapCount(capCountPath(run.journalDir, 2), { spentUsd: 4.9, reservedUsd: 0 })
    expect(spentBefore(run.journalDir, 2).usd).toBe(3.5)
    expect(spentBefore(run.journalDir, 3).usd).toBe(4.9)
  })

  test('under ORGBENCH_MAX_USD a resume starts from what earlier sessions spent, and stops at once when that already reaches the cap', () => {
    const dir = tempDir()
    const capped = { ORGBENCH_MAX_USD: '5' }
    const { run } = started(dir, capped)
    const writer = new JournalWriter(run.journalDir, 1)
    writer.append({ ...makeRecord({ topology: 'single' }), calls: [callRecord({ id: 'c001', costUsd: 2 }), callRecord({ id: 'c002', promptTokens: null, completionTokens: null, costUsd: null, maxCostUsd: 1.5 })] })
    writer.append({ ...makeRecord({ topology: 'star', status: 'error' }), calls: [callRecord({ id: 'c001', costUsd: 1 })] })
    kill(dir, run.runId)
    expect(spentBefore(run.journalDir, 2)).toEqual({ usd: 4.5, atWorstCase: 1 })
    expect(spentBefore(run.journalDir, 1)).toEqual({ usd: 0, atWorstCase: 0 })

    const resumed = started(dir, { ...capped, ORGBENCH_RESUME: run.runId })
    expect(resumed.spentUsd).toBe(4.5)
    expect(resumed.logs[0]).toMatch(/; \$4\.5000 of ORGBENCH_MAX_USD=5 already spent by earlier sessions$/)
    // Session 2 re-runs star and spends another $0.50: the run has spent its cap.
    new JournalWriter(run.journalDir, 2).append({ ...makeRecord({ topology: 'star', status: 'error' }), calls: [callRecord({ id: 'c001', costUsd: 0.5 })] })
    kill(dir, run.runId)
    expect(() => started(dir, { ...capped, ORGBENCH_RESUME: run.runId })).toThrow(
      `ORGBENCH_RESUME=${run.runId}: its earlier sessions already spent $5.0000 (1 call(s) without usage counted at their worst case), and ORGBENCH_MAX_USD=5 caps the whole run, not a session, so nothing more could be sent. Raise ORGBENCH_MAX_USD above that to continue the run.`,
    )
    // Refused before a session was added.
    expect(readManifest(dir, run.runId)!.sessions).toHaveLength(2)
  })

  test('after a kill, a resume counts against the cap the replies the run\'s response cache holds of tests the killed session left unfinished', () => {
    const dir = tempDir()
    const capped = { ORGBENCH_MAX_USD: '5', ORGBENCH_CACHE_DIR: 'cache' }
    const { run } = started(dir, capped, '2026-11-27T10:00:00.000Z')
    new JournalWriter(run.journalDir, 1).append({ ...makeRecord({ topology: 'single' }), calls: [callRecord({ id: 'c001', costUsd: 2 })] })
    // The replies of single (journaled) and of star (still running when the session was killed).
    const folder = join(dir, 'cache', run.runId)
    mkdirSync(folder, { recursive: true })
    const reply = (scope: string, costUsd: number) => JSON.stringify({ key: '0'.repeat(64), v: 1, runId: run.runId, createdAt: '2026-11-27T10:30:00.000Z', endpoint: 'e', model: 'sim-strong', scope, content: 'x', finishReason: 'stop', usage: null, costUsd })
    writeFileSync(join(folder, '1-1-abcdef.jsonl'), `${reply('task_a/single/1', 2)}\n${reply('task_a/star/1', 0.75)}\n`)
    kill(dir, run.runId)
    expect(started(dir, { ...capped, ORGBENCH_RESUME: run.runId }, '2026-11-27T11:00:00.000Z').spentUsd).toBe(2.75)
  })

  test('an unknown run id lists what can be resumed; a running run is refused, by its id or as latest', () => {
    const dir = tempDir()
    expect(() => findResumable(dir, 'latest', [])).toThrow(ResumeError)
    expect(() => findResumable(dir, 'sim-nope', [])).toThrow(/ORGBENCH_RESUME=sim-nope: no journal of run sim-nope in .*journal; a run leaves a journal there/)
    const live = startRun({ config: configWith(), resultsDir: dir, root: dir, shard: null, log: () => {} }).run
    new JournalWriter(live.journalDir, 1).append(makeRecord())
    expect(() => findResumable(dir, live.runId, listJournals(dir))).toThrow(`ORGBENCH_RESUME=${live.runId}: that run is still running (process ${process.pid})`)
    // "latest" while the only journal's run is being resumed by another process says so too.
    expect(() => findResumable(dir, 'latest', listJournals(dir))).toThrow(`ORGBENCH_RESUME=latest: run ${live.runId}, the newest with a journal, is still running (process ${process.pid}); no other run can be resumed`)
  })

  test('a mistyped run id is answered with the resumable run it is closest to, however old', () => {
    const dir = tempDir()
    const { run } = startRun({ config: configWith(), resultsDir: dir, root: dir, shard: null, log: () => {} })
    new JournalWriter(run.journalDir, 1).append(makeRecord())
    kill(dir, run.runId)
    const typo = `${run.runId.slice(0, -1)}${run.runId.endsWith('x') ? 'y' : 'x'}`
    expect(() => findResumable(dir, typo, listJournals(dir))).toThrow(`ORGBENCH_RESUME=${typo}: no journal of run ${typo} in ${join(dir, 'journal')}; did you mean ${run.runId}?; runs that can be resumed: ${run.runId}`)
  })

  test('a journal brought from another machine (a CI re-run of a shard) is resumable even when its pid is alive here', () => {
    const dir = tempDir()
    const live = startRun({ config: configWith(), resultsDir: dir, root: dir, shard: { index: 2, count: 4 }, log: () => {} }).run
    new JournalWriter(live.journalDir, 1).append(makeRecord())
    const manifest = readManifest(dir, live.runId)!
    expect(manifest.sessions[0]!.host).toBe(hostname())
    writeManifest(dir, { ...manifest, sessions: [{ ...manifest.sessions[0]!, host: 'another-runner' }] })
    expect(listJournals(dir)[0]!.running).toBe(false)
    expect(findResumable(dir, 'latest', listJournals(dir)).runId).toBe(live.runId)
  })

  test("a start reads no finished run's journal files, and removes the journal of a finished run without records", () => {
    const dir = tempDir()
    const finished = started(dir).run
    new JournalWriter(finished.journalDir, 1).append(makeRecord())
    const empty = started(dir, {}, '2026-11-27T10:30:00.000Z').run
    for (const run of [finished, empty]) {
      const m = readManifest(dir, run.runId)!
      writeManifest(dir, { ...m, sessions: m.sessions.map((x) => ({ ...x, pid: 2 ** 22 + 12345, endedAt: '2026-11-27T11:00:00.000Z' })), finished: { at: '2026-11-27T11:00:00.000Z', status: 'partial', file: `${run.runId}.json` } })
    }
    // A journal file that cannot be read: a start that read it would fail.
    mkdirSync(join(finished.journalDir, '002-1796194880728-1-00000000.jsonl'))
    const next = started(dir, {}, '2026-11-27T12:00:00.000Z')
    expect(next.logs).toEqual([])
    expect(existsSync(empty.journalDir)).toBe(false)
    expect(existsSync(finished.journalDir)).toBe(true)
    expect(() => listJournals(dir).find((j) => j.manifest.runId === finished.runId)!.records).toThrow(/EISDIR/)
  })

  test('journals without any record whose process is gone are removed; notices list at most three runs', () => {
    const dir = tempDir()
    const empty = started(dir).run
    kill(dir, empty.runId)
    expect(removeEmptyJournals(dir, listJournals(dir))).toEqual([empty.runId])
    expect(existsSync(empty.journalDir)).toBe(false)
    const infos = Array.from({ length: 5 }, (_, i) => ({ manifest: { ...readManifestStub(i) }, records: 1, running: false }))
    const lines = unfinishedNotice(infos as never)
    expect(lines).toHaveLength(5)
    expect(lines[3]).toBe('[orgbench] ... and 2 older unfinished run(s) in the journal folder')
  })
})

function readManifestStub(i: number) {
  return { runId: `run-${i}`, createdAt: `2026-11-2${i}T00:00:00.000Z`, finished: null, sessions: [{ startedAt: '', pid: 1 }] }
}
