import type { ChecklistItem } from '../tasks/schema.js'
import type { ChecklistDecision, ChecklistDisagreement, ChecklistJudgeEvidence } from '../results/checklist-record.js'
import { round4 } from './types.js'

export interface ChecklistScore {
  /** 0-100: share of checklist items the deliverable covers. */
  score: number
  covered: string[]
  missing: string[]
  mustPass: Array<{ id: string; description: string; caught: boolean }>
  /** Who decided the items (see lib/results/checklist-record.ts); the patterns when absent. */
  method?: 'judge' | 'patterns'
  patternScore?: number
  decisions?: ChecklistDecision[]
  disagreements?: ChecklistDisagreement[]
  judge?: ChecklistJudgeEvidence
}

/** Builds the score of a checklist from the ids of the items it covers. */
export function checklistScore(items: readonly ChecklistItem[], covered: readonly string[]): ChecklistScore {
  const met = new Set(covered)
  return {
    score: items.length === 0 ? 0 : round4((100 * items.filter((i) => met.has(i.id)).length) / items.length),
    covered: items.filter((i) => met.has(i.id)).map((i) => i.id),
    missing: items.filter((i) => !met.has(i.id)).map((i) => i.id),
    mustPass: items.filter((i) => i.mustPass).map((i) => ({ id: i.id, description: i.description, caught: met.has(i.id) })),
  }
}

/** Deterministic checklist coverage: an item is covered when any of its patterns matches the text. */
export function scoreChecklist(items: readonly ChecklistItem[], text: string): ChecklistScore {
  return checklistScore(items, items.filter((item) => item.patterns.some((p) => patternOf(p).test(text))).map((i) => i.id))
}

/** Compiled checklist patterns, by source: every case of a task tests the same ones. */
const patterns = new Map<string, RegExp>()
/** More distinct patterns than this (tasks hold a few hundred in all) and the cache starts again. */
const MAX_PATTERNS = 4096

/** A checklist pattern compiled case-insensitively. Without the g or y flag, test() keeps no state between texts. */
export function patternOf(source: string): RegExp {
  let re = patterns.get(source)
  if (re === undefined) {
    if (patterns.size >= MAX_PATTERNS) patterns.clear()
    re = new RegExp(source, 'i')
    patterns.set(source, re)
  }
  return re
}
