import { relative, resolve } from 'node:path'
import { loadConfig } from '../../config.js'
import { loadPrices } from '../../llm/pricing.js'
import { callsCost } from '../../results/cost.js'
import { makeRunId } from '../../results/layout.js'
import { openRun } from '../../results/read.js'
import type { TestRecord } from '../../results/record.js'
import { renderRunSummary } from '../../results/render.js'
import { withEndpoint } from '../../run/endpoint.js'
import { changedTasks, rescoreRecords, writeRescoredRun } from '../../run/rescore.js'
import { loadRegistry, PROJECT_ROOT } from '../../tasks/registry.js'
import type { CommandModule } from '../program.js'

/** `orgbench rescore <file>`: scoring and the judge again (as configured now) on a run's stored deliverables, no generation. */
export const rescoreCommand: CommandModule = (parent, ctx) => {
  parent
    .command('rescore')
    .description(
      're-run scoring and the judge (as configured now, e.g. a new ORGBENCH_JUDGE_MODEL) on the deliverables stored in a run, generating nothing. ' +
        'The result is a new run, <time>-rescored-<end of the old run id>.json with its records, written into ORGBENCH_RESULTS_DIR (default results/runs), not beside <file>; ' +
        'LATEST is not moved, so pass that file to report or gate. A task whose brief, inputs, ground truth or scoring changed since the run is noted',
    )
    .argument('<file>', 'a results file, e.g. results/runs/<run-id>.json (either layout)')
    .option('--wide', 'print tables in full instead of fitting them to 120 columns')
    .action(async (file: string, values: { wide?: boolean }) => {
      const handle = openRun(file)
      const { run } = handle
      const config = loadConfig()
      const registry = await loadRegistry()
      const createdAt = new Date()
      const runId = makeRunId(createdAt, run.simulated || config.simulated, `rescored-${run.runId.slice(-6)}`)
      const out = resolve(PROJECT_ROOT, config.resultsDir, `${runId}.json`)
      // Counted as cost parts count them (calls made), so that a stored case compares like with like.
      const orgCalls = (r: TestRecord) => callsCost(r.calls.filter((c) => c.role !== 'judge')).calls
      // As a run says it at its start: without an endpoint the judge is the simulator, whatever made the deliverables.
      if (config.baseURL === null) {
        const real = run.simulated ? '' : `, although ${run.runId}'s deliverables come from ${run.config.model} (a real run)`
        ctx.io.out(`[orgbench] no endpoint configured (ORGBENCH_BASE_URL): the embedded simulator judges${real}; the re-scored results are simulated`)
      }
      let count = 0
      let newCalls = 0
      const rescored = await withEndpoint(config, async (baseURL) => {
        const stored = new Map<string, number>()
        for (const c of run.cases) stored.set(`${c.task}#${c.topology}#${c.trial}`, c.cost.org.calls)
        async function* counted() {
          for await (const r of rescoreRecords(handle, { config, baseURL, registry })) {
            count++
            newCalls += orgCalls(r) - (stored.get(`${r.task}#${r.topology}#${r.trial}`) ?? 0)
            yield r
          }
        }
        return writeRescoredRun(handle, counted(), { path: out, config, runId, createdAt: createdAt.toISOString(), prices: loadPrices(config.pricesFile) })
      })
      ctx.io.out(renderRunSummary(rescored, relative(PROJECT_ROOT, out), { wide: values.wide }))
      ctx.io.out(`re-scored ${count} records of ${run.runId} with judge ${config.judgeModel}; new generation calls: ${newCalls}`)
      for (const line of changedTasks(run.cases, registry)) ctx.io.out(`note: ${line}`)
    })
}
