import { createHash } from 'node:crypto'
import { stableStringify } from '../stable-json.js'
import type { TaskDigest } from '../results/record.js'
import type { Task } from './registry.js'

export type { TaskDigest }

/** 16 hex digits of the SHA-256 of a value's stable JSON: plenty to tell two versions of a task apart. */
const digestOf = (value: unknown) => createHash('sha256').update(stableStringify(value) ?? '').digest('hex').slice(0, 16)

const digests = new WeakMap<Task, TaskDigest>()

/** A task's digests (computed once per loaded task). */
export function taskDigest(task: Task): TaskDigest {
  let digest = digests.get(task)
  if (!digest) {
    digest = {
      read: digestOf({
        title: task.title,
        brief: task.brief,
        hardConstraints: task.hardConstraints,
        roles: task.roles,
        categories: task.categories,
        inputs: task.resolvedInputs.map((i) => ({ id: i.id, label: i.label, format: i.format, content: i.content })),
      }),
      truth: task.truth === null ? null : digestOf(task.truth),
      scoring: digestOf({ rubric: task.rubric, checklist: task.checklist, composite: task.composite }),
    }
    digests.set(task, digest)
  }
  return digest
}

/** The parts of a task that differ between two digests of it; what agents read counts only when both know it. */
export function changedParts(then: TaskDigest, now: TaskDigest): Array<keyof TaskDigest> {
  const parts: Array<keyof TaskDigest> = []
  if (then.read !== null && now.read !== null && then.read !== now.read) parts.push('read')
  if (then.truth !== now.truth) parts.push('truth')
  if (then.scoring !== now.scoring) parts.push('scoring')
  return parts
}

/** Each task's digest in a run's cases (the first case that has one), or undefined for a task none of whose cases has one. */
export function digestsOf(cases: ReadonlyArray<{ task: string; taskDigest?: TaskDigest }>): Map<string, TaskDigest | undefined> {
  const out = new Map<string, TaskDigest | undefined>()
  for (const c of cases) if (out.get(c.task) === undefined) out.set(c.task, c.taskDigest)
  return out
}
