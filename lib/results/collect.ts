import type { PriceTable } from '../llm/pricing.js'
import { aggregateCells, summarizeGroups } from './aggregate.js'
import { compareTopologies } from '../topologies/types.js'
import { callsCost } from './cost.js'
import { SCHEMA_VERSION, TestRecord } from './record.js'
import type { RunFile } from './schema.js'

/** What the reporter hands over for each finished test case. */
export interface FinishedTest {
  name: string
  state: 'passed' | 'failed' | 'skipped' | 'pending'
  meta: unknown
}

/**
 * Gathers finished tests into a results file. Pure: no Vitest, no I/O, so it is unit-tested directly.
 * Records that fail validation are not dropped silently: they become warnings naming the test.
 */
export class RunCollector {
  private readonly tests: FinishedTest[] = []

  add(test: FinishedTest): void {
    this.tests.push(test)
  }

  counts(): { passed: number; failed: number; skipped: number } {
    return {
      passed: this.tests.filter((t) => t.state === 'passed').length,
      failed: this.tests.filter((t) => t.state === 'failed').length,
      skipped: this.tests.filter((t) => t.state === 'skipped' || t.state === 'pending').length,
    }
  }

  build(info: { runId: string; createdAt: string; config: RunFile['config']; prices: PriceTable; commit: string | null; reason: string; maxUsd?: number | null }): RunFile {
    const warnings: string[] = []
    const records: TestRecord[] = []
    for (const t of this.tests) {
      if (t.meta === undefined || t.meta === null) continue
      const parsed = TestRecord.safeParse(t.meta)
      if (parsed.success) records.push(parsed.data)
      else warnings.push(`test "${t.name}" left an invalid record: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
    }
    records.sort((a, b) => a.task.localeCompare(b.task) || compareTopologies(a.topology, b.topology) || a.trial - b.trial)
    for (const r of records) for (const w of r.warnings) if (!warnings.includes(w)) warnings.push(w)
    const calls = records.flatMap((r) => r.calls)
    const models = [...new Set(calls.map((c) => c.model))].sort()
    return {
      schemaVersion: SCHEMA_VERSION,
      runId: info.runId,
      createdAt: info.createdAt,
      simulated: info.config.simulated || records.some((r) => r.simulated),
      config: info.config,
      prices: Object.fromEntries(models.map((m) => [m, info.prices[m] ?? null])),
      commit: info.commit,
      vitest: { reason: info.reason, ...this.counts() },
      totals: {
        records: records.length,
        errors: records.filter((r) => r.status === 'error').length,
        orgUsd: callsCost(records.flatMap((r) => r.calls.filter((c) => c.role !== 'judge'))).usd,
        judgeUsd: callsCost(records.flatMap((r) => r.calls.filter((c) => c.role === 'judge'))).usd,
        calls: calls.length,
        spend: callsCost(calls),
        budget: info.maxUsd ? { capUsd: info.maxUsd, casesNotRun: records.filter(stoppedByBudget).length } : null,
      },
      aggregates: aggregateCells(records),
      summaries: summarizeGroups(records),
      records,
      warnings: warnings.sort(),
    }
  }
}

/** A case the dollar cap stopped: one of its errors is a refused call. */
export function stoppedByBudget(r: TestRecord): boolean {
  return r.errors.some((e) => e.kind === 'budget')
}

/** Run ids sort by time; simulated runs are marked so they can be kept out of git and baselines. */
export function makeRunId(createdAt: Date, simulated: boolean, suffix: string): string {
  const stamp = createdAt.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z')
  return `${simulated ? 'sim-' : ''}${stamp}-${suffix}`
}
