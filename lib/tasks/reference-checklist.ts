import { join } from 'node:path'
import { scoreTaskText } from '../eval/checklist.js'
import { readFixture } from './fixture-file.js'
import type { TaskDefinition } from './schema.js'

/**
 * Checklist items whose patterns find nothing in a design task's strong reference
 * (fixtures/calibration/<id>/strong.md), its excellent answer: patterns that miss it would miss
 * every agent's answer too, and a must-pass item would fail every organisation's test as if the
 * agents had missed it. None when the task has no readable strong reference (readiness.ts names that).
 */
export function unmetByStrongReference(task: Pick<TaskDefinition, 'id' | 'deliverable' | 'checklist' | 'brief' | 'hardConstraints' | 'roles'>, fixturesDir: string, where: string, shown: (path: string) => string): string[] {
  if (task.deliverable !== 'markdown' || task.checklist.length === 0) return []
  const path = join(fixturesDir, 'calibration', task.id, 'strong.md')
  const strong = readFixture(path)
  if ('problem' in strong) return []
  const met = new Set(scoreTaskText(task, strong.text).covered)
  return task.checklist.flatMap((item, i) =>
    met.has(item.id) ? [] : [`${where}: field checklist.${i}.patterns: ${item.mustPass ? 'must-pass ' : ''}item "${item.id}" is not met by ${shown(path)}, the task's excellent answer; expected a pattern that matches how it meets the item (or a reference that meets it)`],
  )
}
