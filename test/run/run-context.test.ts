import { existsSync, readFileSync } from 'node:fs'
import { basename, dirname, isAbsolute, join } from 'node:path'
import { describe, expect, test, vi } from 'vitest'
import { currentRun } from '../../lib/run/run-context.js'

// What the global setup provided to this worker, or nothing (as in a Vitest without orgbench's global setup).
const provided = vi.hoisted(() => ({ run: true }))
vi.mock('vitest', async (original) => {
  const vitest = await original<typeof import('vitest')>()
  return { ...vitest, inject: ((key: 'orgbenchRun') => (key === 'orgbenchRun' && !provided.run ? undefined : vitest.inject(key))) as typeof vitest.inject }
})

describe('currentRun', () => {
  test("in a Vitest run with orgbench's global setup, is the run it started: its journal folder is journal/<run id>, with the run's manifest", () => {
    provided.run = true
    const run = currentRun()
    expect(isAbsolute(run.journalDir)).toBe(true)
    expect([basename(dirname(run.journalDir)), basename(run.journalDir)]).toEqual(['journal', run.runId])
    const manifest = JSON.parse(readFileSync(join(run.journalDir, 'run.json'), 'utf8')) as { runId: string; sessions: unknown[] }
    expect(manifest.runId).toBe(run.runId)
    expect(run.session).toBe(manifest.sessions.length)
    expect(run.resumed).toBe(run.session > 1)
  })

  test('without that global setup, throws saying what to add: records would otherwise be lost', () => {
    provided.run = false
    expect(() => currentRun()).toThrow(new Error('no orgbench run: add lib/run/global-setup.ts to the Vitest globalSetup so that records are journaled'))
    provided.run = true
    expect(existsSync(currentRun().journalDir)).toBe(true)
  })
})
