import { EventEmitter } from 'node:events'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, test } from 'vitest'
import { loadConfig, publicConfig } from '../../lib/config.js'
import { SCHEMA_VERSION } from '../../lib/results/record.js'
import { announceInterrupt } from '../../lib/run/interrupt.js'
import { tempDir } from '../support/temp.js'

/** A run whose journal holds `records` complete lines and a line cut off by a kill. */
function journaled(records: number, resultsDirSetting: string | null = null) {
  const resultsDir = tempDir('orgbench-interrupt-')
  const journalDir = join(resultsDir, 'journal', 'sim-20261201T070432Z-f652d8')
  mkdirSync(journalDir, { recursive: true })
  // Named as a worker's journal file is (session, start time, pid, random part).
  writeFileSync(join(journalDir, '001-1796104222446-1234-0a1b2c3d.jsonl'), `${'{"record":1}\n'.repeat(records)}{"cut off`)
  return { runId: 'sim-20261201T070432Z-f652d8', resultsDir, journalDir, resultsDirSetting }
}

/** A manifest as the global setup writes it (only `finished` matters here). */
const MANIFEST = {
  schemaVersion: SCHEMA_VERSION,
  createdAt: '2026-12-01T07:04:32.000Z',
  simulated: true,
  config: publicConfig(loadConfig({ env: {}, cwd: '/nonexistent-orgbench-fixture' })),
  settings: {},
  prices: {},
  commit: null,
  filters: { tasks: null, topologies: null, tier: null, names: null },
  shard: null,
  sessions: [{ startedAt: '2026-12-01T07:04:32.000Z', pid: 1 }],
}

describe('announceInterrupt', () => {
  test('on Ctrl-C or SIGTERM, says how many records the journal holds and how to resume, once', () => {
    for (const signal of ['SIGINT', 'SIGTERM']) {
      const signals = new EventEmitter()
      const lines: string[] = []
      announceInterrupt(journaled(3), signals, (l) => lines.push(l))
      signals.emit(signal)
      signals.emit(signal)
      expect(lines).toEqual([`\n[orgbench] ${signal}: run sim-20261201T070432Z-f652d8 stopped before writing its results; 3 record(s) are journaled. Resume it with ORGBENCH_RESUME=sim-20261201T070432Z-f652d8\n`])
    }
  })

  test('a journal that cannot be read still gets the notice, without a count', () => {
    const signals = new EventEmitter()
    const lines: string[] = []
    const resultsDir = tempDir('orgbench-interrupt-')
    const journalDir = join(resultsDir, 'journal', 'sim-x')
    mkdirSync(join(journalDir, '001-1796104222446-1234-0a1b2c3d.jsonl'), { recursive: true })
    announceInterrupt({ runId: 'sim-x', resultsDir, journalDir, resultsDirSetting: null }, signals, (l) => lines.push(l))
    signals.emit('SIGINT')
    expect(lines[0]).toContain('run sim-x stopped before writing its results; its journal is in the results folder. Resume it with ORGBENCH_RESUME=sim-x')
  })

  test('a run given another results folder (npm run ui sets one) is resumed with it: the command names it', () => {
    const signals = new EventEmitter()
    const lines: string[] = []
    announceInterrupt(journaled(2, '.vitest/ui-results'), signals, (l) => lines.push(l))
    signals.emit('SIGINT')
    expect(lines[0]).toContain('Resume it with ORGBENCH_RESULTS_DIR=.vitest/ui-results ORGBENCH_RESUME=sim-20261201T070432Z-f652d8\n')
  })

  test('a session whose results are already written (a watch or UI session between its test runs) says where they are, not to resume', () => {
    const signals = new EventEmitter()
    const lines: string[] = []
    const run = journaled(106)
    const finished = { at: '2026-12-01T07:10:00.000Z', status: 'complete' as const, file: `${run.runId}.json` }
    writeFileSync(join(run.journalDir, 'run.json'), JSON.stringify({ ...MANIFEST, runId: run.runId, finished }))
    announceInterrupt(run, signals, (l) => lines.push(l))
    signals.emit('SIGINT')
    expect(lines).toEqual([`\n[orgbench] SIGINT: run ${run.runId} stopped; nothing to resume: its results, written when its last test run ended, are in ${relative(process.cwd(), join(run.resultsDir, `${run.runId}.json`))}\n`])
  })

  test('a run that ended stops listening: a later signal says nothing', () => {
    const signals = new EventEmitter()
    const lines: string[] = []
    const quiet = announceInterrupt(journaled(1), signals, (l) => lines.push(l))
    expect(quiet()).toBe(false)
    signals.emit('SIGINT')
    signals.emit('SIGTERM')
    expect(lines).toEqual([])
    expect(signals.listenerCount('SIGINT') + signals.listenerCount('SIGTERM')).toBe(0)
  })

  test('stopping to listen after a signal tells that the run was stopped by it', () => {
    const signals = new EventEmitter()
    const quiet = announceInterrupt(journaled(1), signals, () => {})
    signals.emit('SIGTERM')
    expect(quiet()).toBe(true)
  })
})
