import { randomBytes } from 'node:crypto'
import { makeRunId } from '../results/layout.js'

/*
 * The id of the run this process works for. The globalSetup creates it and hands it to the
 * workers (provide/inject); scripts outside Vitest get their own. The response cache tags what it
 * stores with it, so that a resumed run (same id) reuses its own calls even with ORGBENCH_CACHE=off.
 * A run journal that resumes runs sets the resumed run's id here, before any call.
 */

let current: string | null = null

/** A fresh run id: time-sortable, marked "sim-" for simulated runs. */
export function newRunId(simulated: boolean, now = new Date()): string {
  return makeRunId(now, simulated, randomBytes(3).toString('hex'))
}

/** Sets the run id of this process (the globalSetup's, or a resumed run's). */
export function setRunId(id: string): void {
  current = id
}

/** The run id of this process; a script that set none gets a fresh one on first use. */
export function currentRunId(simulated: boolean): string {
  current ??= newRunId(simulated)
  return current
}
