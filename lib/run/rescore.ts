import type { Config } from '../config.js'
import { Ledger, withLedger } from '../llm/ledger.js'
import type { PriceTable } from '../llm/pricing.js'
import { RunCollector } from '../results/collect.js'
import type { TestRecord } from '../results/record.js'
import type { RunFile } from '../results/schema.js'
import { sharedClient } from '../llm/clients.js'
import { currentRunId } from './run-id.js'
import { buildRecord, toRunError } from './runner.js'
import type { Registry } from '../tasks/registry.js'
import { judgeDeliverable } from '../eval/judge/judge.js'
import { scoreGroundTruth, scoreTaskChecklist } from '../eval/score.js'

/**
 * Re-scores a stored run without regenerating anything: ground truth and checklist are recomputed
 * from the stored deliverables, and the judge (as configured now, e.g. a new judge model) is run
 * again on them, with each record's own seed and the same trial's single-agent baseline.
 * The organisation's calls and costs are kept as they were.
 */
export async function rescoreRecords(run: RunFile, opts: { config: Config; baseURL: string; registry: Registry }): Promise<TestRecord[]> {
  // The run's own identity stays: provider, agent model, seed and memory mode are the original ones.
  const config: Config = {
    ...opts.config,
    provider: run.config.provider as Config['provider'],
    model: run.config.model,
    seed: run.config.seed,
    memory: run.config.memory as Config['memory'],
    simulated: run.simulated || opts.config.simulated,
  }
  const llm = sharedClient(config, { baseURL: opts.baseURL, gateway: null, runId: currentRunId(config.simulated), resumable: false })
  return Promise.all(
    run.records.map(async (record) => {
      const orgFailed = record.errors.some((e) => e.stage === 'organisation' || e.stage === 'test')
      if (!record.deliverable || orgFailed) return record
      const task = opts.registry.get(record.task)
      const ledger = Ledger.resume(record.calls.filter((c) => c.role !== 'judge'))
      ledger.scope = `${record.task}/${record.topology}/${record.trial}`
      const errors = record.errors.filter((e) => e.stage !== 'judge' && e.stage !== 'scoring')
      let groundTruth = null
      let checklist = null
      try {
        groundTruth = scoreGroundTruth(task, record.deliverable)
        checklist = scoreTaskChecklist(task, record.deliverable)
      } catch (e) {
        errors.push(toRunError('scoring', e))
      }
      let judge = null
      if (config.judge === 'on') {
        const single = run.records.find((r) => r.task === record.task && r.topology === 'single' && r.trial === record.trial)
        try {
          judge = await withLedger(ledger, () =>
            judgeDeliverable({
              llm,
              model: config.judgeModel,
              agentModel: config.model,
              task,
              deliverable: record.deliverable!,
              baseline: record.topology !== 'single' && single?.deliverable ? { label: 'single', deliverable: single.deliverable } : null,
              repeats: config.judgeRepeats,
              seed: record.seed,
              maxTokens: config.maxOutputTokens,
            }),
          )
          if (judge.score === null) errors.push({ stage: 'judge', kind: judge.failures[0]?.kind ?? 'judge', message: `every rubric judgement failed: ${judge.failures[0]?.message ?? 'unknown cause'}`, callId: null })
        } catch (e) {
          errors.push(toRunError('judge', e))
        }
      }
      const rebuilt = buildRecord({
        spec: { config, task, topology: record.topology, trial: record.trial },
        ledger,
        events: record.events,
        errors,
        deliverable: record.deliverable,
        groundTruth,
        checklist,
        judge,
        wallMs: record.timing.wallMs,
      })
      return { ...rebuilt, memory: record.memory, timing: record.timing, warnings: [...new Set([...record.warnings, ...rebuilt.warnings])].sort() }
    }),
  )
}

/** A new run file from re-scored records: same run identity, the current judge, fresh aggregates. */
export function rescoredRun(run: RunFile, records: TestRecord[], opts: { config: Config; runId: string; createdAt: string; prices: PriceTable }): RunFile {
  const collector = new RunCollector()
  for (const r of records) collector.add({ name: `${r.task} × ${r.topology} #${r.trial}`, state: r.status === 'ok' && r.mustCatch.missed.length === 0 ? 'passed' : 'failed', meta: r })
  const built = collector.build({
    runId: opts.runId,
    createdAt: opts.createdAt,
    config: { ...run.config, judgeModel: opts.config.judgeModel, judgeRepeats: opts.config.judgeRepeats, judge: opts.config.judge },
    prices: { ...opts.prices },
    commit: run.commit,
    reason: run.vitest.reason,
  })
  return { ...built, rescoredFrom: run.runId }
}
