// npm run rescore -- results/runs/<id>.json — re-runs scoring and the judge (as configured now, e.g.
// with a new ORGBENCH_JUDGE_MODEL) on the deliverables stored in a run, without generating anything.
import { join, relative } from 'node:path'
import { loadConfig } from '../lib/config.js'
import { withEndpoint } from '../lib/run/endpoint.js'
import { rescoreRecords, rescoredRun } from '../lib/run/rescore.js'
import { loadPrices } from '../lib/llm/pricing.js'
import { makeRunId } from '../lib/results/collect.js'
import { readRunFile } from '../lib/results/read.js'
import { renderRunSummary } from '../lib/results/render.js'
import { stableJson, writeAtomic } from '../lib/results/write.js'
import { loadRegistry, PROJECT_ROOT } from '../lib/tasks/registry.js'

const file = process.argv[2]
if (!file) {
  console.error('usage: npm run rescore -- results/runs/<run-id>.json')
  process.exit(2)
}
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
const generated = orgCalls(records) - orgCalls(run.records)
console.log(renderRunSummary(rescored, relative(PROJECT_ROOT, out)))
console.log(`re-scored ${records.length} records of ${run.runId} with judge ${config.judgeModel}; new generation calls: ${generated}`)
