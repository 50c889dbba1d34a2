import { existsSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Config } from '../config.js'
import { isUserError, UserError } from '../errors.js'
import { fileInTheWay, folderSettingProblem, fsCodeText, hasErrnoCode } from '../fs-errors.js'
import { makeFolder } from '../make-folder.js'
import { checkBudgetPrices, UnpricedModelError } from '../gateway/budget.js'
import { cacheStats } from '../llm/cache-admin.js'
import { configuredPrices, PriceFileError } from '../llm/pricing.js'
import { configuredCostModel } from '../results/outcomes/cost-model.js'
import { calibrationFileProblems } from '../tasks/calibration-file.js'
import { isBroken, loadTask } from '../tasks/registry.js'
import { closestMatch } from '../text.js'
import { TOPOLOGY_IDS } from '../topologies/types.js'

/** Something that would fail the run later, found before the first model call. */
export class PreflightError extends UserError {
  constructor(readonly problems: string[]) {
    super(`orgbench cannot start:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'PreflightError'
  }
}

function unknownIds(setting: string, wanted: readonly string[] | null, known: readonly string[], what: string): string[] {
  return (wanted ?? [])
    .filter((id) => !known.includes(id))
    .map((id) => {
      const hint = closestMatch(id, known)
      return `${setting}: unknown ${what} "${id}"${hint ? `; did you mean "${hint}"?` : ''} (known: ${known.join(', ')})`
    })
}

/** Unknown ids in ORGBENCH_TASKS and ORGBENCH_TOPOLOGIES, each with a did-you-mean when one is close. */
export function filterProblems(config: Pick<Config, 'tasks' | 'topologies'>, knownTasks: readonly string[]): string[] {
  return [...unknownIds('ORGBENCH_TASKS', config.tasks, knownTasks, 'task'), ...unknownIds('ORGBENCH_TOPOLOGIES', config.topologies, TOPOLOGY_IDS, 'topology')]
}

/** The folder a setting names can be created and written to; returns a problem naming the setting otherwise. */
function checkWritable(dir: string, setting: string, what: string): string[] {
  const probe = join(dir, `.tmp-${process.pid}-preflight`)
  try {
    makeFolder(dir)
    writeFileSync(probe, '')
    rmSync(probe)
    return []
  } catch (e) {
    if (e instanceof UserError) return [`${setting}: ${e.message}`]
    if (!hasErrnoCode(e)) return [`${setting}: cannot write ${what} there (${(e as Error).message})`]
    const file = e.code === 'ENOTDIR' || e.code === 'EEXIST' ? fileInTheWay(dir) : undefined
    return [`${setting}: cannot write ${what} there: ${file === undefined ? fsCodeText(e.code) : `${file} is a file, expected a folder`}`]
  }
}

/** The results folder (ORGBENCH_RESULTS_DIR, against `root`) can be created and written to; returns the problem naming the setting otherwise. */
export function resultsDirProblems(config: Pick<Config, 'resultsDir'>, root: string): string[] {
  return checkWritable(resolve(root, config.resultsDir), `ORGBENCH_RESULTS_DIR=${config.resultsDir}`, 'results')
}

/**
 * The response cache can be written (a run records its replies even with ORGBENCH_CACHE=off: a
 * resume reuses them, and the dollar cap counts the replies in flight from them), and a replay has
 * replies to serve (with none, every case would fail on its first call).
 */
export function cacheProblems(config: Pick<Config, 'cache' | 'cacheDir'>, root: string): string[] {
  const dir = resolve(root, config.cacheDir)
  const writable = checkWritable(dir, `ORGBENCH_CACHE_DIR=${config.cacheDir}`, 'the replies a resume needs')
  if (writable.length > 0 || config.cache !== 'replay') return writable
  if (cacheStats(dir).replies > 0) return []
  return [`ORGBENCH_CACHE=replay: ORGBENCH_CACHE_DIR=${config.cacheDir} (${dir}) holds no recorded reply, so every case would fail; record them first with ORGBENCH_CACHE=read-write, or point ORGBENCH_CACHE_DIR at the cache that has them`]
}

/** ORGBENCH_COST_MODEL can be read and is valid: the report that needs it comes after the run, hours later in a weekly run. */
function costModelProblems(config: Pick<Config, 'costModelFile'>, root: string): string[] {
  try {
    configuredCostModel(config.costModelFile, root)
    return []
  } catch (e) {
    if (e instanceof UserError) return [e.message]
    throw e
  }
}

/**
 * The calibration files of the selected tasks can be read: the simulator follows them (with one it
 * cannot read, every case of the task fails), and the summary's saturation comes from them, after a
 * real run has paid for every case.
 */
function calibrationProblems(ids: readonly string[], root: string): string[] {
  return ids.flatMap((id) => calibrationFileProblems(join(root, 'fixtures'), id))
}

/**
 * The memory version each selected task's run reads (ORGBENCH_MEMORY=persisted) can be read, and
 * each of its lessons addresses an agent of the task: a version that cannot be read fails every
 * case, and a lesson for no agent would reach no prompt while the records list it.
 */
async function memoryProblems(config: Pick<Config, 'memory' | 'memoryDir' | 'simulated'>, ids: readonly string[], root: string): Promise<string[]> {
  if (config.memory !== 'persisted') return []
  const dir = resolve(root, config.memoryDir)
  // Read as "nothing learned" otherwise: a run meant to use learned memory would run the defaults without a word.
  const inTheWay = folderSettingProblem(dir, `ORGBENCH_MEMORY_DIR=${config.memoryDir}`)
  if (inTheWay) return [inTheWay]
  const stored = ids.filter((id) => existsSync(join(dir, id)))
  if (stored.length === 0) return []
  // Loaded only when a task has memory: the store brings the topologies, which the main process otherwise never loads.
  const { latestVersion } = await import('../memory/store.js')
  const problems: string[] = []
  for (const id of stored) {
    const task = await loadTask(id)
    try {
      // As OrgMemory.load reads it; a broken task's roles are unknown, and its own tests fail anyway.
      latestVersion(dir, id, { real: !config.simulated, ...(isBroken(task) ? {} : { roles: task.roles }) })
    } catch (e) {
      if (isUserError(e)) problems.push(e.message)
      else throw e
    }
  }
  return problems
}

/**
 * Checks everything that can fail a run after it has spent money, before the first call: the
 * price file, the cost model, the results folder, the response cache, the task and topology filters (unknown ids with a did-you-mean),
 * and the selected tasks' calibration files and stored memory.
 * Configuration values and the .env file are checked by loadConfig, tasks and fixtures by the registry;
 * `vitestProblems` are the Vitest settings the run cannot honour (vitest-checks.ts), reported with the rest.
 */
export async function preflight(config: Config, tasks: { ids: readonly string[] }, root: string, vitestProblems: readonly string[] = []): Promise<void> {
  const problems: string[] = [...vitestProblems]
  try {
    checkBudgetPrices(config, configuredPrices(config, root))
  } catch (e) {
    if (e instanceof UnpricedModelError || e instanceof PriceFileError) problems.push(e.message)
    else throw e
  }
  problems.push(...costModelProblems(config, root))
  problems.push(...resultsDirProblems(config, root))
  problems.push(...cacheProblems(config, root))
  problems.push(...filterProblems(config, tasks.ids))
  problems.push(...calibrationProblems(tasks.ids, root))
  problems.push(...(await memoryProblems(config, tasks.ids, root)))
  if (problems.length > 0) throw new PreflightError(problems)
}
