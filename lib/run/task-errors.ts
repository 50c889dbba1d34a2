import { describe, test } from 'vitest'
import type { MustCatchResult } from '../results/record.js'
import { locateItem, stackFrame } from '../tasks/locate.js'
import { PROJECT_ROOT, type Task, TaskRegistryError, UnknownTaskError } from '../tasks/registry.js'
import { BUNDLE_PATH_MARK } from './run-bundle.js'
import type { z } from 'zod'

/** The benchmark file's line that called benchTask, taken from the current stack (or `stack`). */
export function callerFrame(stack: string = new Error().stack ?? ''): string | null {
  const lines = stack.split('\n').slice(1)
  return lines.find((l) => !l.includes('/lib/run/') && !l.includes(BUNDLE_PATH_MARK)) ?? null
}

/**
 * `error` with the benchmark file's line that declared the case (`caller`) as its last frame.
 * Vitest shows the code of the first frame in a module it loaded: from the run's bundle, the
 * harness's own frames are not, and the benchmark file's line is shown instead of none.
 */
export function atCaller(error: Error, caller: string | null): Error {
  if (caller) error.stack = `${error.stack ?? `${error.name}: ${error.message}`}\n${caller}`
  return error
}

/** An error shown without orgbench's internals: its message, then only the given frames. */
function errorAt(name: string, message: string, frames: readonly string[]): Error {
  const error = new Error(message)
  error.name = name
  error.stack = [`${name}: ${message}`, ...frames].join('\n')
  return error
}

/**
 * When a benchmark file names a task that cannot run (unknown, or broken), it declares one failing
 * test that says so, pointing at the task's definition or at the benchmark file, instead of
 * throwing at collection with a stack trace. Other files are unaffected; the run exits non-zero.
 * Returns false for any other error, which the caller rethrows.
 */
export function declareUnrunnable(taskId: string, error: unknown, caller: string | null, brokenFile: string | null): boolean {
  if (!(error instanceof UnknownTaskError) && !(error instanceof TaskRegistryError)) return false
  const frames = brokenFile ? [stackFrame({ file: `${PROJECT_ROOT}/${brokenFile}`, line: 1, column: 1 }, 'task definition')] : caller ? [caller] : []
  const shown = errorAt(error.name, error.message, frames)
  describe(taskId, () => {
    test(`${taskId} · ${error instanceof UnknownTaskError ? 'unknown task' : 'invalid task definition'}`, () => {
      throw shown
    })
  })
  return true
}

/**
 * The failure for a case that missed must-catch items: one line per item, and a stack that points at
 * where each item is defined (the task's definition or its ground truth), not at the harness.
 */
export function missedMustCatch(task: Pick<Task, 'id' | 'file' | 'groundTruth'>, missed: ReadonlyArray<z.infer<typeof MustCatchResult>>): Error {
  const lines = missed.map((m) => `  - ${m.description} (${m.id})`)
  const frames = missed.map((m) => stackFrame(locateItem(task, m.id, PROJECT_ROOT), m.id))
  return errorAt('MissedMustCatch', `${task.id}: missed ${missed.length} must-catch item(s):\n${lines.join('\n')}`, frames)
}

/** Whether a missed must-catch item fails its test under the configured policy (see Config.mustCatch). */
export function missFailsTest(policy: 'auto' | 'fail' | 'report', tier: 'standard' | 'hard'): boolean {
  return policy === 'fail' || (policy === 'auto' && tier === 'standard')
}
