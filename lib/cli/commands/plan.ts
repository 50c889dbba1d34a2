import { TRACKS } from '../../ci/plan.js'
import { loadConfig } from '../../config.js'
import { UserError } from '../../errors.js'
import { configuredPrices } from '../../llm/pricing.js'
import { estimatePlan } from '../../run/plan.js'
import { resumeBasis, withoutKept } from '../../run/plan-resume.js'
import { usd } from '../../results/format.js'
import { renderPlan } from '../../run/plan-render.js'
import { fromDryPass, fromNewestResults, powerReferenceRun, plannedCells } from '../../run/plan-source.js'
import { describeScope, planScope, scopeWords } from '../../run/plan-scope.js'
import { benchFiles, tasksElsewhere } from '../../run/bench-files.js'
import { filterProblems } from '../../run/preflight.js'
import { filterDescriptions, runFilters } from '../../results/manifest.js'
import { powerPlan, renderPowerPlan } from '../../results/power.js'
import { loadRegistry, PROJECT_ROOT } from '../../tasks/registry.js'
import { InvalidArgumentError } from 'commander'
import { type CommandModule, intOption, numberOption } from '../program.js'

/** The per-call latency a plan assumes when none is stated: the simulator's configured one, or 2 s for a real endpoint. */
export function defaultLatencyMs(config: { simulated: boolean; baseURL: string | null; simLatency: { fixedMs: number; jitterMs: number } }): number {
  return config.baseURL === null ? config.simLatency.fixedMs + config.simLatency.jitterMs / 2 : 2_000
}

/** A target MDE in points: a number above 0 and at most 100. */
function positiveNumber(value: string): number {
  const x = numberOption(value)
  if (!(x > 0 && x <= 100)) throw new InvalidArgumentError('expected points above 0 and at most 100')
  return x
}

const repeated = (value: string, previous: string[]) => [...previous, value]

/** `orgbench plan`: what a run with the current settings will cost and take, before any call is made. */
export const planCommand: CommandModule = (parent, ctx) => {
  parent
    .command('plan')
    .description(
      'estimate a run before spending: cases, calls per topology, tokens and dollars (low–high) and wall time, with the same filters and settings as a run (the same as "orgbench run [filters...]": every benchmark project unless --project or file filters choose); makes no network call',
    )
    .argument('[filters...]', 'Vitest file filters, as for a run, e.g. benchmarks/enterprise (the main job)')
    .option('--project <name>', `plan only this benchmark project, as vitest --project (repeatable: ${TRACKS.join(', ')})`, repeated, [])
    .option('--latency <ms>', 'per-call latency to estimate the wall time at (default: the simulator\'s configured latency, or 2000 for a real endpoint)', intOption(0, 600_000))
    .option('--wide', 'print tables in full instead of fitting them to 120 columns')
    .option('--dry-pass', 'always estimate from a dry pass on the embedded simulator, even when a comparable results file exists')
    .option('--power <pts>', "also size trials by power: trials per cell for the gate to see a headline drop of <pts> at each level of the planned run (its tasks and topologies), from the spread on those cells of the newest comparable run that has them all (else of the one with the most)", positiveNumber)
    .action(async (filters: string[], values: { project: string[]; latency?: number; dryPass?: boolean; power?: number; wide?: boolean }) => {
      const config = loadConfig()
      const registry = await loadRegistry()
      // As a run's preflight does: a typo must not plan silently without its task.
      const problems = filterProblems(config, [...registry.tasks, ...registry.broken].map((t) => t.id))
      if (problems.length > 0) throw new UserError(`the filters name what does not exist:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
      const files = benchFiles(PROJECT_ROOT).filter((f) => (TRACKS as readonly string[]).includes(f.project))
      const scope = planScope(files, { projects: values.project, filters, root: PROJECT_ROOT, cwd: process.cwd() })
      const inScope = new Set(scope.files.map((f) => f.task))
      const cells = plannedCells(config, registry.tasks.filter((t) => inScope.has(t.id)))
      const elsewhere = tasksElsewhere(config.tasks, files, (f) => scope.files.includes(f), `the files planned (${scopeWords(scope, filters)})`)
      const narrowed = filterDescriptions(runFilters(config, null))
      if (cells.length === 0) {
        const why = narrowed.length > 0 ? `the filters (${narrowed.join(', ')}) leave no task of ${scopeWords(scope, filters)}` : `no task of ${scopeWords(scope, filters)} can run (see npx orgbench tasks)`
        throw new UserError([`no case to plan: ${why}`, ...elsewhere].join('\n'))
      }
      const prices = configuredPrices(config)
      // A resume is checked as the run would check it, before any dry pass.
      const resume = resumeBasis(config, cells, process.cwd())
      const found = (!values.dryPass && (await fromNewestResults(config, cells))) || (await fromDryPass(config, registry, cells))
      const plan = estimatePlan({
        cells: resume ? withoutKept(found.cells, resume) : found.cells,
        model: config.model,
        judgeModel: config.judge === 'on' ? config.judgeModel : config.model,
        prices,
        limits: { concurrency: config.maxConcurrency, rpm: config.rpm, tpm: config.tpm },
        latencyMs: values.latency ?? defaultLatencyMs(config),
        latencyFrom: values.latency !== undefined ? 'given with --latency' : config.baseURL === null ? "the simulator's configured latency" : 'assumed for a real endpoint',
        maxUsd: config.maxUsd,
        spentUsd: resume?.spentUsd ?? 0,
        cache: config.cache,
        source: found.source,
      })
      const where = config.baseURL === null ? 'the embedded simulator (SIMULATED)' : `${new URL(config.baseURL).origin} (${config.provider})`
      const header = [
        `orgbench plan — a run against ${where}`,
        describeScope(scope, new Set(cells.map((c) => c.task)), [...filters.map((x) => `"${x}"`), ...narrowed]),
        ...elsewhere.map((l) => `not planned: ${l}`),
        ...(resume ? [`a resume of run ${resume.runId} (ORGBENCH_RESUME=${config.resume}): ${resume.kept} case(s) keep their successful record and are not planned; its sessions spent ${usd(resume.spentUsd)}`] : []),
      ]
      ctx.io.out(renderPlan(plan, header.join('\n'), { wide: values.wide }))
      if (values.power !== undefined) {
        // The gate's rows are the planned run's (its tasks, tracks and topologies); the reference gives the spread.
        const reference = powerReferenceRun(config, cells)
        const trackOf = new Map(registry.tasks.map((t) => [t.id, t.track]))
        const shape = cells.map((c) => ({ task: c.task, topology: c.topology, track: trackOf.get(c.task)! }))
        const lines = reference
          ? renderPowerPlan(powerPlan(reference.run.cases, shape, { trials: config.trials, target: values.power }), reference.source)
          : [`power: no comparable results file in ${config.resultsDir} (same models and settings) to size from; run once, then plan --power`]
        ctx.io.out(['', ...lines].join('\n'))
      }
    })
}
