// orgbench reliability (npm run reliability): runs real-run safety scenarios on the simulator and
// prints one table (scenario, expected, observed, pass). Exit status 1 when a scenario fails.
// Takes several minutes, so it is not part of npm test; the unit tests cover each mechanism.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { UserError } from '../lib/errors.js'
import { SCENARIOS } from './scenarios/index.js'
import type { Outcome, Scenario } from './support.js'

/** How `orgbench reliability` was asked to run. */
export interface ReliabilityOptions {
  /** Ids of the scenarios to run (replay, crash, budget, rpm, faults, canary, plan); all when empty. */
  only: string[]
  /** Keep the work folders (results, caches, reports) for inspection. */
  keep: boolean
}

/** One row of the reliability table. */
export interface ReliabilityRow {
  scenario: string
  expected: string
  observed: string
  pass: boolean
}

/** The table of outcomes, one row per scenario. */
export function renderTable(rows: readonly ReliabilityRow[]): string {
  const headers = ['scenario', 'expected', 'observed', 'pass']
  const cells = rows.map((r) => [r.scenario, r.expected, r.observed, r.pass ? 'yes' : 'NO'])
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)))
  const line = (c: string[]) => c.map((x, i) => x.padEnd(widths[i]!)).join(' | ').trimEnd()
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('-|-'), ...cells.map(line)].join('\n')
}

/** Runs the chosen scenarios one after another and prints the table; returns the exit status. */
export async function main(options: ReliabilityOptions, log: (text: string) => void = console.log): Promise<number> {
  const unknown = options.only.filter((o) => !SCENARIOS.some((s) => s.id === o))
  if (unknown.length > 0) throw new UserError(`--only: unknown scenario ${unknown.map((u) => `"${u}"`).join(', ')}; expected some of ${SCENARIOS.map((s) => s.id).join(', ')}`)
  const chosen: Scenario[] = options.only.length === 0 ? [...SCENARIOS] : SCENARIOS.filter((s) => options.only.includes(s.id))
  const root = mkdtempSync(join(tmpdir(), 'orgbench-reliability-'))
  const rows: ReliabilityRow[] = []
  try {
    for (const [i, scenario] of chosen.entries()) {
      const dir = join(root, String(i + 1))
      mkdirSync(dir, { recursive: true })
      log(`[${i + 1}/${chosen.length}] ${scenario.name}`)
      const started = performance.now()
      let outcome: Outcome
      try {
        outcome = await scenario.run({ dir, log: (t) => log(`    ${t}`) })
      } catch (e) {
        outcome = { observed: `the scenario failed to run: ${(e as Error).message}`, pass: false }
      }
      log(`    ${outcome.pass ? 'pass' : 'FAIL'}: ${outcome.observed} (${((performance.now() - started) / 1000).toFixed(0)} s)`)
      rows.push({ scenario: scenario.name, expected: scenario.expected, observed: outcome.observed, pass: outcome.pass })
    }
  } finally {
    if (options.keep) log(`work folders kept in ${root}`)
    else rmSync(root, { recursive: true, force: true })
  }
  log('')
  log('orgbench reliability (simulated endpoint: this tests the machinery, not the topologies)')
  log('')
  log(renderTable(rows))
  const failed = rows.filter((r) => !r.pass).length
  log(`\n${rows.length - failed} passed, ${failed} failed`)
  return failed === 0 ? 0 : 1
}
