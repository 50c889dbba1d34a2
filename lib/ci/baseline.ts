import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { readRunFile } from '../results/read.js'
import { modelSlug } from './plan.js'

/*
 * One baseline per agent model, so that each model of a weekly run is gated against itself:
 * `results/baselines/<model slug>.json.br` (compacted, like committed runs). The single
 * `results/baseline.json` of earlier versions still serves the model it was made from.
 */

/** Where the workflow keeps (and writes) the baseline of a model, relative to the results folder's parent. */
export const baselineFile = (resultsRoot: string, model: string) => join(resultsRoot, 'baselines', `${modelSlug(model)}.json.br`)

/** The baseline to gate a model's run against, or null (with why) when there is none yet. */
export function findBaseline(resultsRoot: string, model: string): { path: string | null; note: string } {
  const own = baselineFile(resultsRoot, model)
  if (existsSync(own)) return { path: own, note: `baseline ${own}` }
  const legacy = join(resultsRoot, 'baseline.json')
  if (existsSync(legacy)) {
    const run = readRunFile(legacy)
    if (run.config.model === model) return { path: legacy, note: `baseline ${legacy}` }
    return { path: null, note: `no baseline for ${model} yet (${legacy} is of ${run.config.model}); run the workflow by hand with update_baseline once a real run of ${model} has been reviewed` }
  }
  return { path: null, note: `no baseline for ${model} yet (${own}); run the workflow by hand with update_baseline once a real run has been reviewed` }
}
