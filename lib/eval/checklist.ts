import type { ChecklistItem, TaskDefinition } from '../tasks/schema.js'
import type { ChecklistDecision, ChecklistDisagreement, ChecklistJudgeEvidence } from '../results/checklist-record.js'
import { negatedMatch } from './negation.js'
import { passages } from './passages.js'
import { withoutPromptCopies } from './prompt-copies.js'
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

/**
 * Deterministic checklist coverage: an item is covered when one of its patterns matches a passage of
 * the text (a line, or a multi-line block read as one: lib/eval/passages.ts, the reader the simulated
 * judge uses too), and, for an item that refuses negated matches, the match's clause does not negate it.
 */
export function scoreChecklist(items: readonly ChecklistItem[], text: string): ChecklistScore {
  const read = passages(text, { everyLine: true })
  return checklistScore(items, items.filter((item) => read.some((p) => itemMatchAt(item, p.text) !== null)).map((i) => i.id))
}

/**
 * A task's checklist decided by its patterns, once what the text copies from the task's own prompt
 * is left out (prompt-copies.ts): restating the brief meets no item.
 */
export function scoreTaskText(task: Pick<TaskDefinition, 'checklist' | 'brief' | 'hardConstraints' | 'roles'>, text: string): ChecklistScore {
  return scoreChecklist(task.checklist, withoutPromptCopies(text, task))
}

/** Where in `passage` one of the item's patterns is met (the index of the first accepted match), or null. */
export function itemMatchAt(item: ChecklistItem, passage: string): number | null {
  for (const source of item.patterns) {
    if (!item.refuseNegated) {
      const m = patternOf(source).exec(passage)
      if (m) return m.index
      continue
    }
    for (const m of passage.matchAll(everyMatchOf(source))) if (!negatedMatch(passage, m.index, m.index + m[0].length)) return m.index
  }
  return null
}

/** Compiled checklist patterns, by source: every case of a task tests the same ones. */
const patterns = new Map<string, RegExp>()
/** More distinct patterns than this (tasks hold a few hundred in all) and the cache starts again. */
const MAX_PATTERNS = 4096

/** A checklist pattern compiled case-insensitively. Without the g or y flag, test() keeps no state between texts. */
export function patternOf(source: string): RegExp {
  return compiled(patterns, source, 'i')
}

const globalPatterns = new Map<string, RegExp>()
/** The same pattern with the g flag, for matchAll (which copies it, so no state is shared either). */
function everyMatchOf(source: string): RegExp {
  return compiled(globalPatterns, source, 'gi')
}

function compiled(cache: Map<string, RegExp>, source: string, flags: string): RegExp {
  let re = cache.get(source)
  if (re === undefined) {
    if (cache.size >= MAX_PATTERNS) cache.clear()
    re = new RegExp(source, flags)
    cache.set(source, re)
  }
  return re
}
