import { changedParts, digestsOf, type TaskDigest } from '../tasks/digest.js'
import type { CaseSummary } from './summary.js'

/*
 * The gate's notes on tasks: a task whose brief, inputs, ground truth or scoring differ between the
 * baseline and the gated run (their cases' task digests, lib/tasks/digest.ts), so that a difference
 * in its scores that the change of the task explains is not read as a regression.
 */

const PART: Record<keyof TaskDigest, string> = { read: 'brief or inputs', truth: 'ground truth', scoring: 'rubric, checklist or composite weights' }

type Cases = ReadonlyArray<Pick<CaseSummary, 'task' | 'taskDigest' | 'memoryVersion'>>

/** One note per task both runs have whose digest differs, and one when only one side records digests (then it cannot be told). */
export function taskNotes(baseline: Cases, current: Cases): string[] {
  const base = digestsOf(baseline)
  const cur = digestsOf(current)
  const notes: string[] = []
  const unknownOn = new Set<string>()
  for (const [task, now] of cur) {
    if (!base.has(task)) continue
    const then = base.get(task)
    if (then === undefined || now === undefined) {
      if (then === undefined) unknownOn.add('the baseline')
      if (now === undefined) unknownOn.add('this run')
      continue
    }
    const parts = changedParts(then, now)
    if (parts.length > 0) notes.push(`task ${task}: its ${parts.map((p) => PART[p]).join(', ')} changed between the baseline and this run: its scores may differ for that reason alone`)
  }
  // Two files from before digests were kept: nothing to say that was not so before.
  if (![...base.values(), ...cur.values()].some((d) => d !== undefined)) return notes
  for (const side of unknownOn) notes.push(`${side} records no task digests (a file from an older orgbench): whether its tasks changed is not known`)
  return notes
}

/** The memory versions a side's cases of each task read ("default", "off", "<task>@v<n>"), sorted; tasks whose cases record none are left out. */
function memoryVersionsByTask(cases: Cases): Map<string, string[]> {
  const byTask = new Map<string, Set<string>>()
  for (const c of cases) if (c.memoryVersion !== undefined) byTask.set(c.task, (byTask.get(c.task) ?? new Set()).add(c.memoryVersion))
  return new Map([...byTask].map(([task, versions]) => [task, [...versions].sort()]))
}

/**
 * One note per task both runs have whose agents read different org memory (ORGBENCH_MEMORY, or a
 * version the learning loop wrote in between): lessons change what agents do, so a difference in
 * its scores may come from the memory alone.
 */
export function memoryNotes(baseline: Cases, current: Cases): string[] {
  const base = memoryVersionsByTask(baseline)
  const notes: string[] = []
  for (const [task, now] of memoryVersionsByTask(current)) {
    const then = base.get(task)
    if (then === undefined || then.join() === now.join()) continue
    notes.push(`task ${task}: its agents read org memory ${then.join(', ')} in the baseline and ${now.join(', ')} in this run: its scores may differ for that reason alone`)
  }
  return notes
}
