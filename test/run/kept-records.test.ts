import { describe, expect, test } from 'vitest'
import { JournalWriter } from '../../lib/results/journal.js'
import { keptRecords } from '../../lib/run/kept-records.js'
import { makeRecord } from '../results/fixtures.js'
import { tempDir } from '../support/temp.js'

describe('keptRecords: what a resumed run keeps of one task', () => {
  const journal = async () => {
    const journalDir = tempDir()
    const first = new JournalWriter(journalDir, 1)
    await first.append(makeRecord({ task: 'code_review_execution', topology: 'single', trial: 1 }))
    await first.append(makeRecord({ task: 'code_review_execution', topology: 'star', trial: 1, status: 'error' }))
    await first.append(makeRecord({ task: 'strategic_planning', topology: 'single', trial: 1 }))
    await first.append(makeRecord({ task: 'code_review_execution', topology: 'pipeline', trial: 1 }))
    // A later record of the same case wins: this one failed, so the case runs again.
    await first.append(makeRecord({ task: 'code_review_execution', topology: 'pipeline', trial: 1, status: 'error' }))
    // Written by the session that is running now: not an earlier session's, not kept.
    await new JournalWriter(journalDir, 2).append(makeRecord({ task: 'code_review_execution', topology: 'star', trial: 2 }))
    return { runId: 'sim-20261130T000000Z-abcdef', journalDir, session: 2, sessionStartedAt: '2026-11-30T00:00:00.000Z', resumed: true }
  }

  test("the latest successful record of each of the task's cases from earlier sessions", async () => {
    const run = await journal()
    expect([...keptRecords(run, 'code_review_execution').values()].map((r) => `${r.topology} #${r.trial}`)).toEqual(['single #1'])
    expect([...keptRecords(run, 'strategic_planning').values()].map((r) => r.task)).toEqual(['strategic_planning'])
  })

  test('a run that does not resume keeps nothing', async () => {
    const run = await journal()
    expect(keptRecords({ ...run, resumed: false }, 'code_review_execution').size).toBe(0)
  })
})
