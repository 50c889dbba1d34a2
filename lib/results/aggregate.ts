import type { TestRecord } from './record.js'
import type { CellAggregate, MetricSummary } from './schema.js'

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits

/** Mean and sample SD of the values that exist; missing values (errors, unknown costs) are left out. */
export function summarize(values: Array<number | null | undefined>): MetricSummary {
  const xs = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v))
  if (xs.length === 0) return { n: 0, mean: null, sd: null }
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length
  const sd = xs.length < 2 ? null : Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1))
  return { n: xs.length, mean: round(mean), sd: sd === null ? null : round(sd) }
}

/** Per task × topology aggregates over trials. Only successful trials enter the means. */
export function aggregateCells(records: readonly TestRecord[]): CellAggregate[] {
  const cells = new Map<string, TestRecord[]>()
  for (const r of records) {
    const key = `${r.task}\u0000${r.topology}`
    cells.set(key, [...(cells.get(key) ?? []), r])
  }
  return [...cells.values()]
    .map((rs) => {
      const ok = rs.filter((r) => r.status === 'ok')
      const metricNames = [...new Set(ok.flatMap((r) => Object.keys(r.scores.groundTruth?.metrics ?? {})))].sort()
      const first = rs[0]!
      return {
        task: first.task,
        track: first.track,
        costCenter: first.costCenter,
        topology: first.topology,
        trials: rs.length,
        errors: rs.length - ok.length,
        mustCatchMissed: ok.reduce((s, r) => s + r.mustCatch.missed.length, 0),
        headline: summarize(ok.map((r) => r.scores.headline)),
        metrics: Object.fromEntries(metricNames.map((m) => [m, summarize(ok.map((r) => r.scores.groundTruth?.metrics[m]))])),
        orgUsd: summarize(ok.map((r) => r.cost.org.usd)),
        tokens: summarize(ok.map((r) => r.cost.org.tokens.prompt + r.cost.org.tokens.completion)),
        calls: summarize(ok.map((r) => r.cost.org.calls)),
        qualityPerDollar: summarize(ok.map((r) => r.cost.qualityPerDollar)),
      }
    })
    .sort((a, b) => a.task.localeCompare(b.task) || a.topology.localeCompare(b.topology))
}
