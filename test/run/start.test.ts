import { describe, expect, test } from 'vitest'
import { loadConfig } from '../../lib/config.js'
import { readManifest, writeManifest } from '../../lib/results/manifest.js'
import { activeRun, endSession, setActiveRun, startRun } from '../../lib/run/start.js'
import { tempDir } from '../support/temp.js'

/*
 * Starting and resuming runs (startRun's checks against earlier sessions) are specified in
 * test/run/resume.test.ts; these are the session's end and the run shared with the reporter.
 */

const config = loadConfig({ env: {}, cwd: '/nonexistent-orgbench-fixture' })
const start = (dir: string, at: string) => startRun({ config, resultsDir: dir, root: dir, shard: null, log: () => {}, now: new Date(at) }).run

describe('endSession', () => {
  test("records when the last session's Vitest ended, and leaves earlier sessions as they were", () => {
    const dir = tempDir()
    const run = start(dir, '2026-11-27T10:00:00.000Z')
    const m = readManifest(dir, run.runId)!
    writeManifest(dir, { ...m, sessions: [{ ...m.sessions[0]!, endedAt: '2026-11-27T10:30:00.000Z' }, { ...m.sessions[0]!, startedAt: '2026-11-27T11:00:00.000Z' }] })
    endSession(dir, run.runId, new Date('2026-11-27T11:45:00.000Z'))
    expect(readManifest(dir, run.runId)!.sessions.map((s) => [s.startedAt, s.endedAt])).toEqual([
      ['2026-11-27T10:00:00.000Z', '2026-11-27T10:30:00.000Z'],
      ['2026-11-27T11:00:00.000Z', '2026-11-27T11:45:00.000Z'],
    ])
  })

  test('changes nothing in a run the reporter already finished, and does not fail for a run whose journal is gone', () => {
    const dir = tempDir()
    const run = start(dir, '2026-11-27T10:00:00.000Z')
    const finished = { ...readManifest(dir, run.runId)!, finished: { at: '2026-11-27T10:20:00.000Z', status: 'complete' as const, file: 'run.json' } }
    writeManifest(dir, finished)
    endSession(dir, run.runId, new Date('2026-11-27T10:21:00.000Z'))
    expect(readManifest(dir, run.runId)).toEqual(finished)
    expect(() => endSession(dir, 'sim-20261127T100000Z-000000')).not.toThrow()
    expect(readManifest(dir, 'sim-20261127T100000Z-000000')).toBeNull()
  })
})

describe('the active run', () => {
  test('is none until the global setup sets it, then the one it set, and none again when cleared', () => {
    setActiveRun(null)
    expect(activeRun()).toBeNull()
    const run = { runId: 'sim-20261127T100000Z-abcdef', journalDir: '/r/journal', session: 1, sessionStartedAt: '2026-11-27T10:00:00.000Z', resumed: false }
    setActiveRun(run)
    expect(activeRun()).toBe(run)
    // Shared through the process, not the module instance: the reporter loads its own copy of this module.
    expect((globalThis as Record<symbol, unknown>)[Symbol.for('orgbench.activeRun')]).toBe(run)
    setActiveRun(null)
    expect(activeRun()).toBeNull()
  })
})
