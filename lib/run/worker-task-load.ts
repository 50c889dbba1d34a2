import type { Config } from '../config.js'
import type { RegistryOptions } from '../tasks/registry.js'

/**
 * How a benchmark worker loads the task of its file. The global setup has judged every task the run
 * selects (all of them, or those ORGBENCH_TASKS names) with every check, and hands the broken ones
 * to the workers; while that answer holds (`checked`: a run that ends by itself), a worker does not
 * repeat the checks that only decide whether a task may run (neutrality, the ground truth against
 * the fixtures), most of loading a task. A task the run does not select was
 * not judged, and is loaded with every check as before.
 */
export function workerLoadOptions(config: Pick<Config, 'tasks'>, taskId: string, checked: boolean): RegistryOptions {
  const judged = config.tasks === null || config.tasks.includes(taskId)
  return checked && judged ? { verify: false } : {}
}
