import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/*
 * What the dollar cap has counted in a session, kept on disk as the coordinator counts it: what
 * settled, plus the worst case of every call in flight, written before the call's permit is
 * answered. A session cut off by Ctrl-C or kill -9 leaves the calls it had in flight in neither the
 * journal nor the response cache; a resume reads this file and counts them at their worst case,
 * so the cap holds over every session (ORGBENCH_MAX_USD caps the run, not a session).
 */

/** One session's count: cumulative over the run's sessions (the coordinator starts from what earlier ones spent). */
export interface CapCount {
  spentUsd: number
  reservedUsd: number
}

const FILE = /^cap-count-(\d+)\.json$/

/** The file of session `session` in a run's journal folder. */
export const capCountPath = (journalDir: string, session: number) => join(journalDir, `cap-count-${session}.json`)

/**
 * Replaces the session's file whole: a reader sees the last count or the one before, never half of
 * one. Not writeAtomic (lib/results/write.ts), whose fsync would cost each call of a capped run a
 * disk flush: the file needs to survive the process, not the machine.
 */
export function writeCapCount(path: string, count: CapCount): void {
  const tmp = `${path}.${process.pid}.tmp`
  writeFileSync(tmp, JSON.stringify(count))
  renameSync(tmp, path)
}

/**
 * The most any session before `beforeSession` (every session, without it) counted, spent plus in
 * flight; 0 without such a file. An unreadable file counts nothing: the journal's count stands.
 */
export function countedBySessions(journalDir: string, beforeSession = Infinity): number {
  let names: string[]
  try {
    names = readdirSync(journalDir)
  } catch {
    return 0
  }
  let most = 0
  for (const name of names) {
    const m = FILE.exec(name)
    if (!m || Number(m[1]) >= beforeSession) continue
    try {
      const c = JSON.parse(readFileSync(join(journalDir, name), 'utf8')) as Partial<CapCount>
      if (typeof c.spentUsd === 'number' && typeof c.reservedUsd === 'number') most = Math.max(most, c.spentUsd + c.reservedUsd)
    } catch {
      // Not written by writeCapCount (a kill leaves only its temporary name, which FILE does not match): skip.
    }
  }
  return most
}
