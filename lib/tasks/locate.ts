import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/** A place in a file, 1-based, as stack traces and editors give it. */
export interface Location {
  file: string
  line: number
  column: number
}

function find(file: string, needles: readonly string[]): Location | null {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    return null
  }
  for (const needle of needles) {
    const at = text.indexOf(needle)
    if (at < 0) continue
    const before = text.slice(0, at)
    const line = before.split('\n').length
    return { file, line, column: at - before.lastIndexOf('\n') }
  }
  return null
}

/**
 * Where a must-catch item is defined, so that a failure points at the task rather than at the
 * harness: a checklist item in the task's definition file, a ground-truth item (a planted issue,
 * a risk, a ticket, a diff that must not be approved) in its ground-truth file. Falls back to the
 * definition's groundTruth field, then to its first line.
 */
export function locateItem(task: { file: string; groundTruth?: string }, itemId: string, root: string): Location {
  const definition = join(root, task.file)
  const fromChecklist = find(definition, [`id: '${itemId}'`, `id: "${itemId}"`])
  if (fromChecklist) return fromChecklist
  if (task.groundTruth) {
    const truthFile = join(root, 'fixtures', task.groundTruth)
    const base = itemId.replace(/-not-approved$/, '')
    const fromTruth = find(truthFile, [`"id": "${itemId}"`, `"input": "${base}"`, `"${itemId}"`])
    if (fromTruth) return fromTruth
  }
  return find(definition, ['groundTruth:']) ?? { file: definition, line: 1, column: 1 }
}

/** A stack frame line for a location, as V8 prints it. */
export function stackFrame(location: Location, label = 'must-catch item'): string {
  return `    at ${label} (${location.file}:${location.line}:${location.column})`
}
