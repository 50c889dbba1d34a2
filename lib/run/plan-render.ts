import { renderTable } from '../cli/table.js'
import { usd } from '../results/format.js'
import type { Plan, Range } from './plan.js'
import { thousands } from '../text.js'

const tokens = (r: Range | null) => (r ? `${thousands(r.low)}–${thousands(r.high)}` : 'unknown')
const dollars = (r: Range | null) => (r ? `${usd(r.low)}–${usd(r.high)}` : 'unknown')

function duration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`
  return `${(ms / 3_600_000).toFixed(2)} h`
}

const LIMITS = {
  concurrency: (p: Plan) => `the concurrency limit (ORGBENCH_MAX_CONCURRENCY=${p.input.limits.concurrency})`,
  rpm: (p: Plan) => `the request rate (ORGBENCH_RPM=${p.input.limits.rpm})`,
  tpm: (p: Plan) => `the token rate (ORGBENCH_TPM=${p.input.limits.tpm})`,
  dependencies: () => 'the longest chain of calls that wait for each other',
} as const

/** What the response cache changes in a plan, which counts every call as sent. */
const CACHE_NOTE = {
  replay:
    'ORGBENCH_CACHE=replay: every reply comes from the response cache, so nothing is sent or paid (a request without a recorded reply ends as a cache_miss error); the dollars above are what the replies cost when they were recorded, the wall time what sending them would take',
  'read-write': 'ORGBENCH_CACHE=read-write: replies already in the response cache are not sent again and cost nothing; the plan counts every call as sent, so the run may cost and take less',
} as const

function wallLine(p: Plan): string {
  const { limits, latencyMs } = p.input
  const from = p.input.latencyFrom ?? 'stated'
  // A rate limit bounds the wall time even when the calls wait on nothing.
  if (latencyMs === 0 && p.wall.limitedBy !== 'rpm' && p.wall.limitedBy !== 'tpm') {
    return `estimated wall time: none at 0 ms per call (${from}): the calls wait on nothing, so the run takes as long as its own work; give an endpoint's latency with --latency`
  }
  return `estimated wall time: at least ${duration(p.wall.ms)} at ${latencyMs} ms per call (${from}; set with --latency), ${limits.concurrency} calls in flight${limits.rpm ? `, ${limits.rpm} requests/min` : ''}${limits.tpm ? `, ${limits.tpm} tokens/min` : ''}; set by ${LIMITS[p.wall.limitedBy](p)}`
}

/**
 * Cases that would not fit under `left` dollars if the run cost `estimate` in all, each case costing
 * the same share of it: every case that does not fit wholly, so that a cap below the estimate
 * never reads as "0 cases".
 */
function casesOver(left: number, estimate: number, cases: number): number {
  return cases - Math.floor(Math.min(1, left / estimate) * cases)
}

/** What the dollar cap, less what the run's earlier sessions spent, means for the plan. */
function capLine(p: Plan, cap: number, estimate: Range, cache: string): string {
  const spent = p.input.spentUsd ?? 0
  const left = Math.max(0, cap - spent)
  if (spent > 0 && left === 0) {
    const drawn = cache === 'replay' ? 'ORGBENCH_CACHE=replay sends nothing, so nothing more is drawn on it' : `every one of the ${p.cases} cases would end as a budget error`
    return `dollar cap: the run's earlier sessions spent ${usd(spent)}, all of ORGBENCH_MAX_USD=${cap}, so nothing is left of it; ${drawn}`
  }
  const capText = spent > 0 ? `ORGBENCH_MAX_USD=${cap}, less the ${usd(spent)} the run's earlier sessions spent (${usd(left)} left),` : `ORGBENCH_MAX_USD=${cap}`
  if (cache === 'replay') return `dollar cap: ORGBENCH_CACHE=replay sends nothing, so nothing is drawn on ${capText}`
  if (estimate.high <= left) return `dollar cap: ${capText} covers the whole plan`
  if (estimate.mid <= left) {
    return `dollar cap: ${capText} covers the middle estimate (${usd(estimate.mid)}) but not the high one (${usd(estimate.high)}); if the run costs as much as the high estimate, about ${casesOver(left, estimate.high, p.cases)} of ${p.cases} cases would end as budget errors`
  }
  return `dollar cap: ${capText} is below the estimate (about ${usd(estimate.mid)}); about ${casesOver(left, estimate.mid, p.cases)} of ${p.cases} cases would end as budget errors`
}

/** The plan as `orgbench plan` prints it. */
export function renderPlan(p: Plan, header: string, options: { wide?: boolean } = {}): string {
  const rows = [...p.rows, p.total].map((r) => [r.topology, String(r.cases), r.cases > 0 ? (r.calls / r.cases).toFixed(1) : '–', thousands(r.calls), tokens(r.tokens), dollars(r.usd)])
  const { limits } = p.input
  const lines = [
    header,
    `${p.cases} cases (${p.tasks} task(s) × topologies × trials) · agents ${p.input.model} · judge ${p.input.judgeModel}`,
    `token counts from ${p.input.source}`,
    '',
    renderTable(['topology', 'cases', 'calls/case', 'calls', 'tokens (low–high)', 'dollars (low–high)'], rows, { wide: options.wide, splitNote: '(split to fit 120 columns; --wide prints one table)' }),
    '',
    `estimated dollars: ${p.total.usd ? `${usd(p.total.usd.low)}–${usd(p.total.usd.high)} (about ${usd(p.total.usd.mid)})` : 'unknown'}`,
    wallLine(p),
  ]
  if (p.unpriced.length > 0) lines.push(`no price for ${p.unpriced.map((m) => `"${m}"`).join(', ')}: dollars are unknown (add prices with ORGBENCH_PRICES)`)
  if (p.unobserved.length > 0) lines.push(`no observation for ${p.unobserved.join(', ')}: their tokens and dollars are unknown`)
  const cache = p.input.cache ?? 'off'
  if (cache !== 'off') lines.push(CACHE_NOTE[cache])
  const cap = p.input.maxUsd
  // As the run's start check (checkBudgetPrices): a cap needs a price for every model, so the run would not start at all.
  if (cap !== null && p.unpriced.length > 0) lines.push(`dollar cap: ORGBENCH_MAX_USD=${cap} needs a price for every model the run calls, so the run will refuse to start until ${p.unpriced.map((m) => `"${m}"`).join(', ')} has one (ORGBENCH_PRICES), or the cap is unset`)
  if (cap !== null && p.total.usd) lines.push(capLine(p, cap, p.total.usd, cache))
  lines.push('no network call was made')
  return lines.join('\n')
}
