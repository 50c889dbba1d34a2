import type { RunFile } from './schema.js'
import { UserError } from '../errors.js'

/** A run that must not become the baseline (a simulated run without --force, a failed run). */
export class BaselineError extends UserError {
  override name = 'BaselineError'
}

/**
 * Checks that `run` may become the baseline and returns it. A simulated run may not replace a
 * baseline for real models, nor start one, unless forced: the gate would then hold real models to
 * the simulator's numbers. A failed run (no case succeeded), or one without a single scored case,
 * never may: every later gate would compare against errors.
 */
export function promoteToBaseline(run: RunFile, options: { force: boolean; existing: RunFile | null }): RunFile {
  if (run.simulated && !options.force) {
    const what = options.existing && !options.existing.simulated ? `would replace the real baseline ${options.existing.runId}` : 'would hold real models to the simulator\'s numbers'
    throw new BaselineError(`${run.runId} is a simulated run and ${what}; pass --force to make it the baseline anyway (only for a simulator-only pipeline)`)
  }
  if (run.cases.length === 0) throw new BaselineError(`${run.runId} has no records: nothing to compare against`)
  if (run.status === 'failed') throw new BaselineError(`${run.runId} has status failed: ${run.statusReasons.join('; ')}. A baseline needs successful cases to compare against`)
  // Whatever its status says (a run re-scored before a re-scoring could fail kept its old "complete").
  if (!run.cases.some((c) => c.scores.headline !== null)) {
    const errored = run.cases.find((c) => c.errors.length > 0)
    const first = errored ? `; the first error: ${errored.task} × ${errored.topology} #${errored.trial}: ${errored.errors[0]!.stage}: ${errored.errors[0]!.kind}: ${errored.errors[0]!.message}` : ''
    throw new BaselineError(`${run.runId} has no scored case (${run.totals.errors} of ${run.cases.length} errored${first}). A baseline needs scored cases to compare against`)
  }
  return run
}

/** What to say when `run` becomes the baseline: a partial run is accepted, with its reasons and what they mean. */
export function baselineCaveats(run: RunFile): string[] {
  if (run.status !== 'partial') return []
  return [`note: ${run.runId} is partial (${run.statusReasons.join('; ')}): cells it lacks are not compared until a complete run becomes the baseline`]
}
