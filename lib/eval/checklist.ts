import type { ChecklistItem } from '../tasks/schema.js'
import { round4 } from './types.js'

export interface ChecklistScore {
  /** 0-100: share of checklist items the deliverable covers. */
  score: number
  covered: string[]
  missing: string[]
  mustPass: Array<{ id: string; description: string; caught: boolean }>
}

/** Deterministic checklist coverage: an item is covered when any of its patterns matches the text. */
export function scoreChecklist(items: ChecklistItem[], text: string): ChecklistScore {
  const covered: string[] = []
  const missing: string[] = []
  for (const item of items) (item.patterns.some((p) => new RegExp(p, 'i').test(text)) ? covered : missing).push(item.id)
  return {
    score: items.length === 0 ? 0 : round4((100 * covered.length) / items.length),
    covered,
    missing,
    mustPass: items.filter((i) => i.mustPass).map((i) => ({ id: i.id, description: i.description, caught: covered.includes(i.id) })),
  }
}
