import { mean } from '../eval/stats.js'
import { usd } from './format.js'
import type { FloorCheck, GateOptions, GateRun } from './gate.js'
import type { CaseSummary } from './summary.js'
import { errorPercentOf, finite, groupBy, judgeFailedOf, orgUsdOf, stoppedByBudget, unknownCosts } from './values.js'

/*
 * The gate's hard floors: absolute limits on the current run (and its cost relative to the
 * baseline) that apply whatever the statistics say.
 */

const keyOf = (r: CaseSummary) => `${r.task}\u0000${r.topology}`

/** Mean org cost per trial, errored trials that made calls included (values.ts countsForCost); null when none is priced. */
function meanCost(records: readonly CaseSummary[]): number | null {
  return mean(records.map(orgUsdOf).filter((v): v is number => v !== null))
}

/** Each run's trials by task × topology. */
export interface RunCells {
  base: ReadonlyMap<string, readonly CaseSummary[]>
  current: ReadonlyMap<string, readonly CaseSummary[]>
}

/**
 * Every floor check of the current run; `breached` marks the ones that FAIL the gate. `cells`: the
 * runs' trials by cell, when the caller has grouped them already. Cases the dollar cap stopped are
 * not compared: they count in no rate (values.ts errorPercentOf).
 */
export function floorChecks(baseline: GateRun, current: GateRun, options: GateOptions, cells: RunCells = { base: groupBy(baseline.cases, keyOf), current: groupBy(current.cases, keyOf) }): FloorCheck[] {
  const checks: FloorCheck[] = []
  const { floors } = options
  const { current: currentCells, base: baseCells } = cells
  for (const rs of currentCells.values()) {
    const scope = `${rs[0]!.task} × ${rs[0]!.topology}`
    const ok = rs.filter((r) => r.status === 'ok')
    const total = ok.reduce((s, r) => s + r.mustCatch.total, 0)
    if (total > 0) {
      const recall = (100 * ok.reduce((s, r) => s + r.mustCatch.caught, 0)) / total
      checks.push({ name: 'must-catch recall', scope, value: recall, limit: floors.mustCatchRecall, breached: recall < floors.mustCatchRecall, message: `caught ${recall.toFixed(1)} % of must-catch items (floor ${floors.mustCatchRecall} %)` })
    }
    const cost = floors.costPerCaseUsd === null ? null : meanCost(rs)
    if (cost !== null && floors.costPerCaseUsd !== null) {
      const unknown = unknownCosts(rs)
      const left = unknown > 0 ? `; ${unknown} trial(s) of unknown cost left out` : ''
      checks.push({ name: 'cost per case', scope, value: cost, limit: floors.costPerCaseUsd, breached: cost > floors.costPerCaseUsd, message: `costs ${usd(cost)} per case (ceiling ${usd(floors.costPerCaseUsd)}${left})` })
    }
  }
  // The relative cost ceiling applies per topology over its tasks: one cell's mean of 3 trials
  // swings too much for topologies whose spend adapts (hrm halts early or late).
  for (const [topology, keys] of groupBy([...currentCells.keys()].filter((k) => baseCells.has(k)), (k) => k.split('\u0000')[1]!)) {
    const ratios = keys.flatMap((k) => {
      const cur = meanCost(currentCells.get(k)!)
      const base = meanCost(baseCells.get(k)!)
      return cur !== null && base !== null && base > 0 ? [cur / base] : []
    })
    const ratio = mean(ratios)
    if (ratio === null) continue
    const unknown = keys.reduce((sum, k) => sum + unknownCosts(currentCells.get(k)!) + unknownCosts(baseCells.get(k)!), 0)
    const left = unknown > 0 ? `; ${unknown} trial(s) of unknown cost left out of the means` : ''
    checks.push({ name: 'cost ratio', scope: `${topology} (${ratios.length} tasks)`, value: ratio, limit: floors.costRatio, breached: ratio > floors.costRatio, message: `costs ${ratio.toFixed(2)}× the baseline per case on average over its tasks (ceiling ${floors.costRatio}×${left})` })
  }
  const errorPercents = finite(current.cases.map(errorPercentOf))
  const errorRate = mean(errorPercents)
  if (errorRate !== null) {
    const stopped = current.cases.length - errorPercents.length
    const which = stopped > 0 ? `the ${errorPercents.length} trials the dollar cap did not stop` : 'trials'
    const capped = stopped > 0 ? `; the ${stopped} it stopped are not compared` : ''
    checks.push({ name: 'error rate', scope: 'run', value: errorRate, limit: floors.errorRate, breached: errorRate > floors.errorRate, message: `${errorRate.toFixed(1)} % of ${which} errored (ceiling ${floors.errorRate} %${capped})` })
  }
  const judged = current.cases.filter((r) => !stoppedByBudget(r) && (r.scores.judge !== null || r.errors.some((e) => e.stage === 'judge')))
  if (judged.length > 0) {
    const rate = (100 * judged.filter(judgeFailedOf).length) / judged.length
    checks.push({ name: 'judge error rate', scope: 'run', value: rate, limit: floors.judgeErrorRate, breached: rate > floors.judgeErrorRate, message: `${rate.toFixed(1)} % of judged trials had a failed judgement (ceiling ${floors.judgeErrorRate} %)` })
  }
  return checks
}

