import { relative, resolve } from 'node:path'
import { loadConfig } from '../../config.js'
import { UserError } from '../../errors.js'
import { configuredPrices } from '../../llm/pricing.js'
import { callsCost } from '../../results/cost.js'
import { makeRunId } from '../../results/layout.js'
import { resultsFileArgument } from '../../results/pointer.js'
import { openRun } from '../../results/read.js'
import type { TestRecord } from '../../results/record.js'
import { renderRunSummary } from '../../results/render.js'
import { saturationOf } from '../../results/saturation.js'
import { withEndpoint } from '../../run/endpoint.js'
import { resultsDirProblems } from '../../run/preflight.js'
import { carriedFrom, changedTasks, errorCauses, rescoreRecords, writeRescoredRun } from '../../run/rescore.js'
import { loadRegistry, PROJECT_ROOT } from '../../tasks/registry.js'
import type { CommandModule } from '../program.js'

/** `orgbench rescore <file>`: scoring and the judge again (as configured now) on a run's stored deliverables, no generation. */
export const rescoreCommand: CommandModule = (parent, ctx) => {
  parent
    .command('rescore')
    .description(
      're-run scoring and the judge (as configured now, e.g. a new ORGBENCH_JUDGE_MODEL, or one on its own endpoint with ORGBENCH_JUDGE_BASE_URL) on the deliverables stored in a run, generating nothing. ' +
        'The result is a new run, <time>-rescored-<end of the old run id>.json with its records, written into ORGBENCH_RESULTS_DIR (default results/runs), not beside <file>; ' +
        'LATEST is not moved, so pass that file to report or gate. A task whose brief, inputs, ground truth or scoring changed since the run is noted. ' +
        'Cases the re-scoring made error are named by cause and exit 1 (those whose generation failed in the run are kept as they were, in a note); a re-scoring in which no case succeeded is written as failed',
    )
    .argument('<file>', 'a results file, e.g. results/runs/<run-id>.json (either layout)')
    .option('--wide', 'print tables in full instead of fitting them to 120 columns')
    .action(async (given: string, values: { wide?: boolean }) => {
      const config = loadConfig()
      const file = resultsFileArgument(given, config.resultsDir)
      const handle = openRun(file)
      const { run } = handle
      // Before any judge call: a bad ORGBENCH_PRICES stops the re-scoring before it spends.
      const prices = configuredPrices(config)
      // Nor may it spend on the judge only to find that the new run cannot be written.
      const unwritable = resultsDirProblems(config, PROJECT_ROOT)
      if (unwritable.length > 0) throw new UserError(unwritable.join('\n'))
      const registry = await loadRegistry()
      const createdAt = new Date()
      const runId = makeRunId(createdAt, run.simulated || config.simulated, `rescored-${run.runId.slice(-6)}`)
      const out = resolve(PROJECT_ROOT, config.resultsDir, `${runId}.json`)
      // Counted as cost parts count them (calls made), so that a stored case compares like with like.
      const orgCalls = (r: TestRecord) => callsCost(r.calls.filter((c) => c.role !== 'judge')).calls
      // As a run says it at its start: without an endpoint the judge is the simulator, whatever made the deliverables.
      if (config.baseURL === null && config.judgeEndpoint === null) {
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
        return writeRescoredRun(handle, counted(), { path: out, config, runId, createdAt: createdAt.toISOString(), prices })
      })
      ctx.io.out(renderRunSummary(rescored, relative(PROJECT_ROOT, out), { wide: values.wide, saturation: saturationOf(rescored.aggregates.map((c) => c.task)) }))
      ctx.io.out(`re-scored ${count} records of ${run.runId} with judge ${config.judgeModel}; new generation calls: ${newCalls}`)
      for (const line of changedTasks(run.cases, registry)) ctx.io.out(`note: ${line}`)
      // Cases the re-scoring made error fail it as they fail a benchmark run: with their causes, and exit 1.
      // Those that errored in the run already (generation, dollar cap) are kept as they were: a note.
      const carried = carriedFrom(run.cases)
      const kept = rescored.cases.filter(carried)
      if (kept.length > 0) {
        ctx.io.err(`note: ${kept.length} case(s) errored in ${run.runId} already and were kept as they were; the first of each cause:`)
        for (const line of errorCauses(kept)) ctx.io.err(`  ${line}`)
      }
      const fresh = rescored.cases.filter((c) => !carried(c))
      const causes = errorCauses(fresh)
      if (causes.length > 0) {
        ctx.io.err(`${ctx.running}: ${fresh.filter((c) => c.status === 'error').length} of ${rescored.cases.length} re-scored case(s) errored in the re-scoring; the first of each cause:`)
        for (const line of causes) ctx.io.err(`  ${line}`)
        ctx.exitCode = 1
      }
    })
}
