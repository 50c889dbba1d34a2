import { join } from 'node:path'
import { SATURATED_AT, summarizeCalibration } from '../tasks/calibration.js'
import { readCalibration } from '../tasks/calibration-file.js'
import { PROJECT_ROOT } from '../tasks/registry.js'

/*
 * Which tasks of a run are saturated: a strong real model, as the single agent, scores SATURATED_AT
 * or more on them (their calibration, lib/tasks/calibration.ts), so a difference between topologies
 * there cannot be interpreted. Read from the fixtures at the edge (the reporter, report and rescore
 * commands); the summaries and reports only render it.
 */

export interface Saturation {
  /** The saturated tasks with their calibrated single-agent score, by task id. */
  tasks: Array<{ task: string; score: number }>
  /** Tasks whose calibration file cannot be read, with why: unknown, never taken as unsaturated. */
  unreadable: Array<{ task: string; reason: string }>
}

/** The saturation of `tasks` by their calibrations under `fixturesDir` (the project's fixtures by default). */
export function saturationOf(tasks: Iterable<string>, fixturesDir = join(PROJECT_ROOT, 'fixtures')): Saturation {
  const out: Saturation = { tasks: [], unreadable: [] }
  for (const task of [...new Set(tasks)].sort()) {
    try {
      const summary = summarizeCalibration(readCalibration(fixturesDir, task))
      if (summary?.saturated) out.tasks.push({ task, score: summary.score! })
    } catch (e) {
      out.unreadable.push({ task, reason: (e as Error).message.split('\n')[0]! })
    }
  }
  return out
}

/** What a comparison of topologies over the tasks `shown` says about saturation: nothing when none of them is saturated. */
export function saturationLines(saturation: Saturation | undefined, shown: Iterable<string>): string[] {
  if (!saturation) return []
  const here = new Set(shown)
  const saturated = saturation.tasks.filter((s) => here.has(s.task))
  const unreadable = saturation.unreadable.filter((u) => here.has(u.task))
  return [
    ...(saturated.length === 0
      ? []
      : [
          `Saturated (SAT): ${saturated.map((s) => `${s.task} ${s.score.toFixed(1)}`).join(', ')}: a strong real model as the single agent scores ≥ ${SATURATED_AT} there (fixtures/calibration), so differences between topologies on ${saturated.length === 1 ? 'this task' : 'these tasks'} cannot be interpreted; figures over several tasks include them`,
        ]),
    ...unreadable.map((u) => `Saturation of ${u.task} unknown: ${u.reason}`),
  ]
}
