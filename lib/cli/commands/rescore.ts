import { join, relative } from 'node:path'
import { loadConfig } from '../../config.js'
import { loadPrices } from '../../llm/pricing.js'
import { makeRunId } from '../../results/collect.js'
import { readRunFile } from '../../results/read.js'
import { renderRunSummary } from '../../results/render.js'
import { stableJson, writeAtomic } from '../../results/write.js'
import { withEndpoint } from '../../run/endpoint.js'
import { rescoreRecords, rescoredRun } from '../../run/rescore.js'
import { loadRegistry, PROJECT_ROOT } from '../../tasks/registry.js'
import type { CommandModule } from '../program.js'

/** `orgbench rescore <file>`: scoring and the judge again (as configured now) on a run's stored deliverables, no generation. */
export const rescoreCommand: CommandModule = (parent, ctx) => {
  parent
    .command('rescore')
    .description('re-run scoring and the judge (as configured now, e.g. a new ORGBENCH_JUDGE_MODEL) on the deliverables stored in a run, generating nothing')
    .argument('<file>', 'a results file, e.g. results/runs/<run-id>.json')
    .action(async (file: string) => {
      const run = readRunFile(file)
      const config = loadConfig()
      const registry = await loadRegistry()
      const records = await withEndpoint(config, (baseURL) => rescoreRecords(run, { config, baseURL, registry }))
      const createdAt = new Date()
      const runId = makeRunId(createdAt, run.simulated || config.simulated, `rescored-${run.runId.slice(-6)}`)
      const rescored = rescoredRun(run, records, { config, runId, createdAt: createdAt.toISOString(), prices: loadPrices(config.pricesFile) })
      const out = join(PROJECT_ROOT, config.resultsDir, `${runId}.json`)
      writeAtomic(out, stableJson(rescored))
      const orgCalls = (rs: typeof records) => rs.flatMap((r) => r.calls).filter((c) => c.role !== 'judge').length
      ctx.io.out(renderRunSummary(rescored, relative(PROJECT_ROOT, out)))
      ctx.io.out(`re-scored ${records.length} records of ${run.runId} with judge ${config.judgeModel}; new generation calls: ${orgCalls(records) - orgCalls(run.records)}`)
    })
}
