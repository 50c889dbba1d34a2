import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { CacheEntry, runFolder } from '../llm/cache.js'
import { type CapSpend, round8 } from './cost.js'

/*
 * What a killed session paid for the tests it left unfinished. Their records never reached the
 * journal, so the dollar cap, counting journaled records, would not know of them; but the response
 * cache is written in every mode, a line per successful reply with its cost, in a folder per run,
 * as each call returns. A reply of the run's cache whose test has no journaled record of the same
 * session was paid by a test that was cut off. (Attempts that failed are not in the cache: those
 * of a test cut off stay uncounted.)
 */

/** A session's journaled test, as a key of `journaled`. */
export const sessionScope = (session: number, scope: string) => `${session}\u0000${scope}`

/** A benchmark case's scope; other callers of the cache (a learning run's retrospectives) journal their cost otherwise. */
const CASE_SCOPE = /^[^/]+\/[^/]+\/\d+$/

/** The session (1-based) a reply written at `at` belongs to: the last one started by then. */
function sessionAt(startedAt: readonly string[], at: string): number {
  let session = 1
  for (let i = 0; i < startedAt.length; i++) if (startedAt[i]! <= at) session = i + 1
  return session
}

/**
 * The cost of the replies in the run's cache folder from sessions before `beforeSession` whose test
 * has no record of the same session in `journaled` (keys made by sessionScope). Replies of unknown
 * cost are left out; an unreadable folder or line counts nothing.
 */
export function unjournaledSpend(cacheDir: string, runId: string, sessionsStartedAt: readonly string[], beforeSession: number, journaled: ReadonlySet<string>): CapSpend {
  const spent: CapSpend = { usd: 0, atWorstCase: 0 }
  // A run's first session has no earlier one that could have been killed.
  if (beforeSession <= 1) return spent
  const folder = join(cacheDir, runFolder(runId))
  let logs: string[]
  try {
    logs = readdirSync(folder).filter((n) => n.endsWith('.jsonl'))
  } catch {
    return spent
  }
  for (const log of logs) {
    let text: string
    try {
      text = readFileSync(join(folder, log), 'utf8')
    } catch {
      continue
    }
    // The last piece has no newline: a line still being written, or cut by the kill.
    for (const line of text.split('\n').slice(0, -1)) {
      let entry: CacheEntry
      try {
        const parsed = CacheEntry.safeParse(JSON.parse(line))
        if (!parsed.success) continue
        entry = parsed.data
      } catch {
        continue
      }
      if (entry.runId !== runId || entry.costUsd === null || !CASE_SCOPE.test(entry.scope)) continue
      const session = sessionAt(sessionsStartedAt, entry.createdAt)
      if (session < beforeSession && !journaled.has(sessionScope(session, entry.scope))) spent.usd += entry.costUsd
    }
  }
  spent.usd = round8(spent.usd)
  return spent
}
