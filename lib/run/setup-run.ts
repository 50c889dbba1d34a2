import { resolve } from 'node:path'
import type { TestProject } from 'vitest/node'
import { DEFAULT_RESULTS_DIR, loadConfig, shortKeyWarning } from '../config.js'
import { isUserError } from '../errors.js'
import { sameModelWarning } from '../eval/judge/same-model.js'
import { startCoordinator } from '../gateway/coordinator.js'
import { Governor } from '../gateway/governor.js'
import { limitsOf } from '../gateway/source.js'
import { configuredPrices } from '../llm/pricing.js'
import type { BrokenTask } from '../tasks/registry.js'
import { loadTasks } from '../tasks/selection.js'
import { blobReportPath, clearAttachments } from './attachments.js'
import { type BenchFile, benchFiles, tasksOutsideRun, tracksOfTasks, trackTasksLeftOut, type VitestCommandLine } from './bench-files.js'
import { vitestCommandLine } from './command-line.js'
import { announceInterrupt } from './interrupt.js'
import { preflight } from './preflight.js'
import { setRunId } from './run-id.js'
import { estimatedBudgetWarning } from './self-refine-warning.js'
import { endSession, setActiveRun, startRun } from './start.js'
import { benchProjectsRun, type VitestRunView, vitestProblems } from './vitest-checks.js'
import { runBundle, runBundleOfProcess } from './run-bundle.js'
import { capCountPath, writeCapCount } from '../gateway/cap-log.js'

/**
 * Vitest globalSetup: validates the configuration, the tasks the run selects (every task without
 * ORGBENCH_TASKS), the Vitest settings a benchmark run cannot honour (a retry, missing orgbench
 * reporters, the learning loop mixed in) and everything else that could fail later (preflight)
 * before any test runs;
 * starts (or resumes) the run and its journal; starts the run coordinator (one set of limits, one
 * dollar ledger and one 429 pause for every worker) and, when no endpoint is configured, the
 * embedded simulator. Run, coordinator and simulator addresses reach the workers through
 * provide(). Teardown is silent so that the reporter's "N passed, N failed" stays the last line of
 * the output.
 */
export default async function setup(project: TestProject, cli: VitestCommandLine = vitestCommandLine()): Promise<() => Promise<void>> {
  const root = project.config.root
  let config
  let run
  let spentUsd: number
  let broken: BrokenTask[]
  const view = runView(project)
  const benchProjects = benchProjectsRun(view)
  // The one vitest.config.ts set (null: it could not be built), else built (or found) while the rest
  // of the setup runs. A watch session's workers load the modules one by one instead, so that
  // Vitest re-runs tests when lib/ changes.
  const set = runBundleOfProcess()
  const bundling = !project.vitest.config.watch && benchProjects.length > 0 ? (set !== undefined ? set : runBundle(root)) : null
  try {
    config = loadConfig({ cwd: root })
    const selected = await loadTasks(config.tasks)
    await preflight(config, selected, root, vitestProblems(view))
    const shard = project.vitest.config.shard
    ;({ run, spentUsd } = startRun({
      config,
      resultsDir: resolve(root, config.resultsDir),
      root,
      shard: shard ? { index: shard.index, count: shard.count } : null,
      namePattern: project.vitest.config.testNamePattern?.source ?? null,
      log: (l) => console.log(l),
    }))
    broken = selected.broken
    // Vitest loads only the files of the projects run that its file filters keep: a task filed elsewhere would be left out without a word.
    const projects = project.vitest.projects.map((p) => p.name)
    const outside = tasksOutsideRun(root, config.tasks, { projects, filters: cli.filter, cwd: process.cwd() })
    for (const line of outside) console.warn(`\n[orgbench] ${line}`)
    // A track's project does not hold its hard-tier tasks: say which of them this run leaves out.
    const { tasks: tasksFilter, tier } = config
    const keeps = (f: BenchFile) => (tasksFilter === null || tasksFilter.includes(f.task)) && !(tier === 'standard' && f.project === 'hard')
    for (const line of trackTasksLeftOut(benchFiles(root), tracksOfTasks(root), projects, keeps)) console.warn(`\n[orgbench] ${line}`)
    // A broken task fails its own tests (lib/run/task-errors.ts); the rest of the suite runs.
    if (broken.length > 0) {
      console.warn(`\n[orgbench] ${broken.length} task(s) cannot run; their tests will fail, the others run:\n${broken.map((b) => `  ${b.id} (${b.file}):\n${b.problems.map((p) => `    - ${p}`).join('\n')}`).join('\n')}\n`)
    }
  } catch (e) {
    // Bad input is the user's to fix, not a crash: say what is wrong, without a stack trace, and stop.
    if (isUserError(e)) {
      console.error(`\n${e.message}\n`)
      process.exit(2)
    }
    throw e
  }
  if (config.judge === 'on' && config.judgeModel === config.model) console.warn(`[orgbench] warning: ${sameModelWarning(config.model)}`)
  const keyWarning = shortKeyWarning(config)
  if (keyWarning) console.warn(`[orgbench] warning: ${keyWarning}`)
  // Loaded only when needed: the memory store brings the topologies, which the main process otherwise never loads.
  const skipped = config.memory === 'persisted' && !config.simulated ? (await import('../memory/skipped.js')).skippedVersionsWarning(resolve(root, config.memoryDir), config.tasks, config.model) : null
  if (skipped) console.warn(`[orgbench] warning: ${skipped}`)
  const budgetWarning = estimatedBudgetWarning(config)
  if (budgetWarning && benchProjects.length > 0) console.warn(`[orgbench] warning: ${budgetWarning}`)

  const bundle = bundling ? await bundling : null
  if (bundle) for (const p of project.vitest.projects) if (benchProjects.includes(p.name)) p.provide('orgbenchRunBundle', bundle)
  project.provide('orgbenchRun', run)
  project.provide('orgbenchBrokenTasks', broken)
  project.provide('orgbenchTasksChecked', !project.vitest.config.watch)
  const viewer = viewerRun(project)
  project.provide('orgbenchViewer', viewer)
  // A blob report is merged and viewed later (the weekly workflow's shards): it keeps the attachments too.
  const attachments = viewer || usesReporter(project, 'blob')
  project.provide('orgbenchAttachments', attachments)
  if (attachments) clearAttachments(project.vitest.config.attachmentsDir, blobReport(project))
  setActiveRun(run)
  // The response cache tags its entries with the run id, so a resumed run reuses its own calls.
  setRunId(run.runId)
  const resultsDir = resolve(root, config.resultsDir)
  const quiet = announceInterrupt({ ...run, resultsDir, resultsDirSetting: config.resultsDir === DEFAULT_RESULTS_DIR ? null : config.resultsDir })
  // A blob report's run gets its results from a later merge: when its session ends without a signal,
  // it is marked as waiting for that merge, so that the next shard does not call it stopped.
  const waitsForMerge = usesReporter(project, 'blob')
  const end = () => {
    if (!quiet() && waitsForMerge) endSession(resultsDir, run.runId)
  }
  const prices = configuredPrices(config, root)
  const governor = new Governor(limitsOf(config), prices)
  // ORGBENCH_MAX_USD caps the run: a resumed session starts from what the earlier ones spent.
  governor.countEarlierSpend(spentUsd)
  // What the cap counts, on disk before each call can be sent: a session cut off mid-call leaves it for a resume (lib/gateway/cap-log.ts).
  const countFile = capCountPath(run.journalDir, run.session)
  governor.onCount((spentUsd, reservedUsd) => writeCapCount(countFile, { spentUsd, reservedUsd }))
  const coordinator = await startCoordinator(governor)
  project.provide('orgbenchGateway', coordinator.address)

  if (config.baseURL !== null) {
    project.provide('orgbenchSimulatorURL', null)
    return async () => {
      end()
      await coordinator.close()
    }
  }
  // Said at once: without it, a benchmark run's scores and dollars would look real until its summary.
  if (benchProjects.length > 0) console.log('[orgbench] no endpoint configured (ORGBENCH_BASE_URL): the embedded simulator answers; results are simulated')
  // Loaded only when needed: a run against a real endpoint never pays for the simulator's modules.
  const { startSimulator } = await import('../sim/server.js')
  const simulator = await startSimulator({ latency: config.simLatency })
  project.provide('orgbenchSimulatorURL', simulator.url)
  // A watch session (or Vitest UI) re-runs tests after a task or fixture edit: the simulator must know the task as it is now.
  project.onTestsRerun(() => simulator.reload())
  return async () => {
    end()
    await coordinator.close()
    await simulator.close()
  }
}

/** What the Vitest checks read of the run: its files, its projects' retry and its reporters. */
function runView(project: TestProject): VitestRunView {
  const { vitest } = project
  return {
    root: project.config.root,
    files: vitest.state.getPaths(),
    projects: vitest.projects.map((p) => ({ name: p.name, retry: p.config.retry })),
    reporters: vitest.config.reporters,
  }
}

/** Whether the run is watched in Vitest UI or written by the HTML reporter. */
function viewerRun(project: TestProject): boolean {
  return project.vitest.config.ui === true || usesReporter(project, 'html')
}

/** The blob report this run writes, or null without the blob reporter. */
function blobReport(project: TestProject): string | null {
  const { config } = project.vitest
  const entry = config.reporters.find((r) => Array.isArray(r) && r[0] === 'blob')
  if (!entry) return null
  const options = (Array.isArray(entry) ? entry[1] : undefined) as { outputFile?: string } | undefined
  return blobReportPath({ root: project.config.root, outputFile: config.outputFile, options, shard: config.shard })
}

/** Whether one of the run's reporters is Vitest's built-in `name` reporter. */
function usesReporter(project: TestProject, name: string): boolean {
  return project.vitest.config.reporters.some((r) => Array.isArray(r) && r[0] === name)
}
