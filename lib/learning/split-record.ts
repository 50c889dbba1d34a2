import type { Config } from '../config.js'
import type { LearningSplit } from '../results/learning-settings.js'
import type { Task } from '../tasks/registry.js'
import { idsHash, splitInputs } from '../tasks/split.js'
import { splits } from './loop.js'

/** What the results file and the memory version record of a task's train/held-out split: unit ids with a hash per side, and the seeds. */
export function splitEntry(task: Task, config: Pick<Config, 'learn'>): LearningSplit {
  const s = splitInputs(task)
  const seeds = splits(config)
  const base = { task: task.id, trainSeeds: seeds.train, heldOutSeeds: seeds.heldOut }
  if (s.mode === 'seeds') return { ...base, mode: 'seeds', unit: null, fraction: null, reason: s.reason, train: null, heldOut: null }
  return { ...base, mode: 'inputs', unit: s.unit, fraction: s.fraction, reason: null, train: { ids: s.trainIds, sha256: idsHash(s.trainIds) }, heldOut: { ids: s.heldOutIds, sha256: idsHash(s.heldOutIds) } }
}
