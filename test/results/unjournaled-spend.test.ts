import { appendFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { runFolder } from '../../lib/llm/cache.js'
import { scopeOf } from '../../lib/llm/cache.js'
import { sessionScope, unjournaledSpend } from '../../lib/results/unjournaled-spend.js'
import { tempDir } from '../support/temp.js'

const SESSIONS = ['2026-11-27T10:00:00.000Z', '2026-11-27T11:00:00.000Z', '2026-11-27T12:00:00.000Z']

/** Appends replies to one log of a run's cache folder, as ResponseCache.put writes them. */
function cacheReplies(dir: string, runId: string, replies: Array<{ scope: string; at: string; costUsd: number | null }>, tail = ''): void {
  const folder = join(dir, runFolder(runId))
  mkdirSync(folder, { recursive: true })
  const lines = replies.map((r, i) => JSON.stringify({ key: String(i).padStart(64, '0'), v: 1, runId, createdAt: r.at, endpoint: 'e', model: 'sim-strong', scope: r.scope, content: 'x', finishReason: 'stop', usage: null, costUsd: r.costUsd }))
  appendFileSync(join(folder, '1-1-abcdef.jsonl'), `${lines.join('\n')}\n${tail}`)
}

describe('unjournaledSpend: replies paid by tests a killed session left unfinished', () => {
  test('counts the replies of earlier sessions whose test left no record in that session; not the journaled ones, nor later sessions', () => {
    const dir = tempDir()
    cacheReplies(dir, 'run-1', [
      { scope: 'task_a/single/1', at: '2026-11-27T10:01:00.000Z', costUsd: 0.5 },
      { scope: 'task_a/star/1', at: '2026-11-27T10:02:00.000Z', costUsd: 0.25 },
      { scope: 'task_a/star/1', at: '2026-11-27T10:03:00.000Z', costUsd: 0.125 },
      // Session 2 ran task_a/single/1 again and was killed before it journaled.
      { scope: 'task_a/single/1', at: '2026-11-27T11:05:00.000Z', costUsd: 2 },
      { scope: 'task_a/hrm/2', at: '2026-11-27T12:05:00.000Z', costUsd: 8 },
      { scope: 'task_a/hrm/retrospective-1', at: '2026-11-27T10:04:00.000Z', costUsd: 16 },
      { scope: 'task_a/pipeline/1', at: '2026-11-27T10:04:00.000Z', costUsd: null },
    ], '{"key":"cut by the kill')
    const journaled = new Set([sessionScope(1, scopeOf({ task: 'task_a', topology: 'single', trial: 1 }))])
    expect(unjournaledSpend(dir, 'run-1', SESSIONS, 3, journaled)).toEqual({ usd: 2.375, atWorstCase: 0 })
    expect(unjournaledSpend(dir, 'run-1', SESSIONS, 2, journaled)).toEqual({ usd: 0.375, atWorstCase: 0 })
    expect(unjournaledSpend(dir, 'run-1', SESSIONS, 1, new Set())).toEqual({ usd: 0, atWorstCase: 0 })
  })

  test('a run without a cache folder counts nothing', () => {
    expect(unjournaledSpend(tempDir(), 'run-1', SESSIONS, 3, new Set())).toEqual({ usd: 0, atWorstCase: 0 })
  })
})
