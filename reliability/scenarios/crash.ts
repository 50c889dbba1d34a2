import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { outcomeOf } from '../../lib/results/equivalence.js'
import { journalFiles } from '../../lib/results/journal.js'
import { journalDir, journalsDir } from '../../lib/results/layout.js'
import { stableStringify as stringify } from '../../lib/stable-json.js'
import { caseOf, runBench, type Scenario, simulator } from '../support.js'

/** Where the kill falls: after this share of the cases is journaled (about half; not at the end of a benchmark file, where nothing is in flight). */
const KILL_AT = 0.53
const LATENCY_MS = 50
/** Calls made again on resume, as a share of the calls made before the kill, at most. */
const REMADE_MAX = 0.05

/** Complete journal lines of the one run journaled under `resultsDir`, 0 while there is none. */
function journaled(resultsDir: string): number {
  const root = journalsDir(resultsDir)
  if (!existsSync(root)) return 0
  const [runId] = readdirSync(root)
  if (runId === undefined) return 0
  const dir = journalDir(resultsDir, runId)
  return journalFiles(dir).reduce((n, f) => n + readFileSync(join(dir, f), 'utf8').split('\n').length - 1, 0)
}

/**
 * kill -9 of the main job about half-way, then ORGBENCH_RESUME: the resumed run ends complete, keeps every
 * record finished before the kill, makes again at most 5 % of the calls made before it, and its
 * outcomes equal an uninterrupted run's of the same seed. Every call of the uninterrupted run is
 * made once in the killed session or in the resumed one; whatever the two make beyond that is made again.
 */
export const crash: Scenario = {
  id: 'crash',
  name: `kill -9 at ${KILL_AT * 100} % of the suite, then ORGBENCH_RESUME`,
  expected: `a complete results file; every outcome equal to an uninterrupted run; calls made again ≤ ${REMADE_MAX * 100} % of those made before the kill (${LATENCY_MS} ms latency)`,
  async run({ dir, log }) {
    const sim = await simulator({ latency: { fixedMs: LATENCY_MS, jitterMs: 0 } })
    try {
      log('uninterrupted reference run…')
      const reference = await runBench(join(dir, 'reference'), sim, {})
      const fullRequests = sim.stats.requests
      if (!reference.run) return { observed: `the reference run wrote no results (exit ${reference.code})`, pass: false }
      const total = reference.records.length
      const crashDir = join(dir, 'crash')
      const resultsDir = join(crashDir, 'results')
      log(`run killed with SIGKILL once ${Math.ceil(total * KILL_AT)} of ${total} cases are journaled…`)
      const killed = await runBench(crashDir, sim, {}, undefined, [], () => journaled(resultsDir) >= Math.ceil(total * KILL_AT))
      const [runId] = existsSync(journalsDir(resultsDir)) ? readdirSync(journalsDir(resultsDir)) : []
      if (killed.run || runId === undefined) return { observed: `the kill did not land mid-run (exit ${killed.code}, results ${killed.run ? 'written' : 'absent'})`, pass: false }
      const before = journaled(resultsDir)
      const requestsBefore = sim.stats.requests
      const madeBeforeKill = requestsBefore - fullRequests
      log(`resume of ${runId} (${before} journaled)…`)
      const resumed = await runBench(crashDir, sim, { ORGBENCH_RESUME: runId })
      const resumeRequests = sim.stats.requests - requestsBefore
      if (!resumed.run) return { observed: `the resumed run wrote no results (exit ${resumed.code})`, pass: false }
      const refByCase = new Map(reference.records.map((r) => [caseOf(r), stringify(outcomeOf(r))]))
      const differ = resumed.records.filter((r) => refByCase.get(caseOf(r)) !== stringify(outcomeOf(r))).map(caseOf)
      const same = resumed.records.length - differ.length
      const replayed = resumed.records.reduce((n, r) => n + r.cost.org.cachedCalls + r.cost.judge.cachedCalls, 0)
      const remade = madeBeforeKill + resumeRequests - fullRequests
      const pass =
        resumed.code === 0 && resumed.run.status === 'complete' && resumed.run.runId === runId && resumed.records.length === total && same === total && remade <= REMADE_MAX * madeBeforeKill && before < total
      return {
        observed: `killed at ${before}/${total} journaled; resumed: ${resumed.run.status}, ${resumed.records.length} records, ${same}/${total} outcomes equal to the uninterrupted run${differ.length > 0 ? ` (differ: ${differ.slice(0, 4).join(', ')}${differ.length > 4 ? ', …' : ''})` : ''}; ${madeBeforeKill} calls before the kill, ${resumeRequests} on resume, ${fullRequests} in a full run: ${remade} made again (${((100 * remade) / Math.max(1, madeBeforeKill)).toFixed(1)} %); ${replayed} calls of cases in flight at the kill replayed from the run's cache; exit ${resumed.code}`,
        pass,
      }
    } finally {
      await sim.close()
    }
  },
}
