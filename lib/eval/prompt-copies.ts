/*
 * Text a deliverable copies from its task's own prompt is not evidence that the deliverable meets a
 * checklist item: a deliverable that restates the brief ("auto-halt at a 20% drawdown") would
 * otherwise meet the items the brief asks for. Before a checklist is read, every sentence or line
 * of the deliverable that occurs verbatim in the prompt (the brief, the hard constraints and the
 * roles' focus) is left out; the judge's quotes are held to the same rule (checklist-judge/decide.ts).
 * "Verbatim" is read in the normal form of the judge's quote check (checklist-judge/quote.ts).
 */

import { ABBREVIATION_DOT } from '../abbreviations.js'
import type { TaskDefinition } from '../tasks/schema.js'
import { MIN_QUOTE_CHARS, normaliseForQuote } from './checklist-judge/quote.js'

/**
 * A sentence or line shorter than this (normalised) is kept even when the prompt holds it: the
 * length under which a quote proves nothing proves no copy either. The brief's shortest constraints
 * ("€50,000 capital", "≥5% weekly yield") are just above it.
 */
export const MIN_COPIED_CHARS = MIN_QUOTE_CHARS

type PromptSource = Pick<TaskDefinition, 'brief' | 'hardConstraints' | 'roles'>

/** What every agent reads of the task apart from its inputs: the brief, the hard constraints and each role's focus. */
export function taskPromptText(task: PromptSource): string {
  return [task.brief, ...task.hardConstraints, ...task.roles.map((r) => r.focus)].join('\n')
}

const prompts = new WeakMap<PromptSource, string>()
/** The task's prompt text in the quote check's normal form, computed once per task. */
export function normalisedPromptOf(task: PromptSource): string {
  let prompt = prompts.get(task)
  if (prompt === undefined) prompts.set(task, (prompt = normaliseForQuote(taskPromptText(task))))
  return prompt
}

/** A list marker, a heading's hashes or a quote marker before a line's text: not compared, as a copy may bullet or number a line the prompt marks otherwise. */
const LINE_MARKER = /^\s*(?:[-*+>]|\d+[.)]|#{1,6})\s+/
/** A full stop, ! or ? followed by white space: where a sentence may end. */
const SENTENCE_END = /[.!?](?=\s)/g
const abbreviationDot = new RegExp(ABBREVIATION_DOT, 'iy')

/** A line's sentences, each with the white space that follows it; the full stop of an abbreviation ("i.e.") does not end one. */
function sentencesOf(line: string): string[] {
  const out: string[] = []
  let from = 0
  for (const m of line.matchAll(SENTENCE_END)) {
    abbreviationDot.lastIndex = m.index
    if (m[0] === '.' && abbreviationDot.test(line)) continue
    const end = m.index + 1 + /^\s*/.exec(line.slice(m.index + 1))![0].length
    out.push(line.slice(from, end))
    from = end
  }
  if (from < line.length) out.push(line.slice(from))
  return out
}

/** Whether a piece of the deliverable (without its line marker) is a copy of the prompt: long enough, and found verbatim in the normalised prompt. */
function copied(piece: string, prompt: string): boolean {
  const normal = normaliseForQuote(piece)
  return normal.length >= MIN_COPIED_CHARS && prompt.includes(normal)
}

/**
 * The deliverable without what it copies from the task's prompt: a line found verbatim in the
 * prompt is removed (not blanked, so that a table or a list around it stays one passage), and so is
 * each such sentence of a line; everything else is kept as written.
 */
export function withoutPromptCopies(text: string, task: PromptSource): string {
  const prompt = normalisedPromptOf(task)
  const kept: string[] = []
  for (const line of text.split('\n')) {
    const marker = LINE_MARKER.exec(line)?.[0] ?? ''
    const body = line.slice(marker.length)
    if (copied(body, prompt)) continue
    const sentences = sentencesOf(body)
    const own = sentences.length < 2 ? sentences : sentences.filter((s) => !copied(s, prompt))
    if (own.length === sentences.length) kept.push(line)
    else if (own.length > 0) kept.push(marker + own.join('').trimEnd())
  }
  return kept.join('\n')
}
