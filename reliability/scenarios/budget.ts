import { runBench, type Scenario, simulator } from '../support.js'

const CAP = 1

/** The dollar cap on the simulated enterprise suite: spend stays under it, the rest are budget errors, the run fails. */
export const budget: Scenario = {
  id: 'budget',
  name: `ORGBENCH_MAX_USD=${CAP}`,
  expected: `spend ≤ $${CAP.toFixed(2)}; the rest recorded as budget errors (never scored); summary states cap, spend, cases stopped; exit ≠ 0`,
  async run({ dir, log }) {
    const sim = await simulator()
    try {
      log(`enterprise suite with ORGBENCH_MAX_USD=${CAP}…`)
      const r = await runBench(dir, sim, { ORGBENCH_MAX_USD: String(CAP) })
      if (!r.run) return { observed: `no results file (exit ${r.code})`, pass: false }
      const records = r.records
      const stopped = records.filter((x) => x.errors.some((e) => e.kind === 'budget'))
      const otherErrors = records.filter((x) => x.status === 'error' && !x.errors.some((e) => e.kind === 'budget'))
      const scoredStopped = stopped.filter((x) => x.scores.headline !== null)
      const spent = r.run.totals.spend.paidUsd
      const summary = /budget: cap \$1\.00 \(ORGBENCH_MAX_USD\), spent .*, (\d+) case\(s\) stopped by the cap/.exec(r.output)
      const pass = spent !== null && spent <= CAP && stopped.length > 0 && otherErrors.length === 0 && scoredStopped.length === 0 && r.code !== 0 && summary?.[1] === String(stopped.length)
      return {
        observed: `spent $${spent?.toFixed(4) ?? 'unknown'}; ${records.length - stopped.length} cases ran, ${stopped.length} budget errors (${scoredStopped.length} scored), ${otherErrors.length} other errors; summary ${summary ? 'states them' : 'MISSING'}; exit ${r.code}`,
        pass,
      }
    } finally {
      await sim.close()
    }
  },
}
