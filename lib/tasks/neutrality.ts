import type { CategorySpec } from './categories.js'
import { isMultiIncident } from './kinds/incident-response.js'
import type { TaskTruth } from './kinds/index.js'

/** A word or phrase that would give an answer away if an agent saw it in a name or a role focus, and why. */
export interface LeakWord {
  word: string
  /** e.g. "a synonym of category injection", "a word of the summary of d03-1". */
  why: string
}

/** What the leak check knows about a task: its ground truth, categories, and everything agents read anyway. */
export interface LeakContext {
  truth: TaskTruth
  categories: readonly CategorySpec[]
  /** Extra words per category that must not appear in names or foci (TaskDefinition.synonyms). */
  synonyms?: Readonly<Record<string, readonly string[]>>
  /** The brief and every input's content: words found there are not giveaways. */
  seen: string
}

/** Summary words shorter than this are too common to be giveaways. */
const MIN_SUMMARY_WORD = 5
const STOP_WORDS = new Set(['about', 'after', 'against', 'always', 'because', 'before', 'being', 'between', 'could', 'every', 'first', 'instead', 'never', 'other', 'should', 'since', 'still', 'their', 'there', 'these', 'those', 'through', 'under', 'until', 'where', 'which', 'while', 'within', 'without', 'would'])

/** The categories the ground truth uses (planted items and the look-alikes of decoys). */
function usedCategories(truth: TaskTruth): string[] {
  switch (truth.kind) {
    case 'code_review':
      return truth.data.diffs.flatMap((d) => [...d.issues.flatMap((i) => [i.category, ...(i.alsoCategories ?? [])]), ...d.decoys.map((x) => x.looksLike)])
    case 'contract_review':
      return [...truth.data.risks.map((r) => r.category), ...truth.data.benign.map((b) => b.resembles)]
    case 'support_triage':
      return truth.data.tickets.map((t) => t.category)
    case 'incident_response':
      return []
    case 'reconciliation':
      return [...truth.data.exceptions.map((x) => x.category), ...truth.data.decoys.map((d) => d.resembles)]
  }
}

/** Summaries of the planted items, by item id. */
function summaries(truth: TaskTruth): Array<[string, string]> {
  switch (truth.kind) {
    case 'code_review':
      return truth.data.diffs.flatMap((d) => d.issues.map((i): [string, string] => [i.id, i.summary]))
    case 'contract_review':
      return truth.data.risks.map((r): [string, string] => [r.id, r.summary])
    case 'support_triage':
      return []
    case 'incident_response':
      return rootCauses(truth.data).map((r, i, all): [string, string] => [all.length === 1 ? 'the root cause' : `the root cause of incident ${i + 1}`, r.summary])
    case 'reconciliation':
      return truth.data.exceptions.map((x): [string, string] => [x.id, x.summary])
  }
}

/** The root causes of an incident truth, one or several. */
function rootCauses(truth: Extract<TaskTruth, { kind: 'incident_response' }>['data']): Array<{ component: string; summary: string }> {
  return isMultiIncident(truth) ? truth.incidents.map((x) => x.rootCause) : [truth.rootCause]
}

const stem = (word: string) => word.replace(/(?:es|s)$/, '')

/**
 * The giveaways of a task, in two sets. Categories the ground truth uses, their synonyms and
 * abbreviations, and the root-cause component are never to appear in names nor in role foci.
 * Words of a planted item's summary that agents would not otherwise read (absent from the brief and
 * every input) are never to appear in names (fixture and folder names, input ids and labels); role
 * foci are prose that shares ordinary words with summaries, so only the first set applies to them.
 */
export function leakWords(context: LeakContext): { names: LeakWord[]; prose: LeakWord[] } {
  const prose: LeakWord[] = []
  const add = (word: string, why: string) => {
    if (!prose.some((w) => w.word === word.toLowerCase())) prose.push({ word: word.toLowerCase(), why })
  }
  for (const id of [...new Set(usedCategories(context.truth))].sort()) {
    add(id, `category ${id}`)
    for (const s of context.categories.find((c) => c.id === id)?.synonyms ?? []) add(s, `a synonym of category ${id}`)
    for (const s of context.synonyms?.[id] ?? []) add(s, `a synonym of category ${id} (from the task)`)
  }
  if (context.truth.kind === 'incident_response') for (const r of rootCauses(context.truth.data)) add(r.component, 'a root-cause component')
  // A stem is letters only, so it occurs in the text exactly when it occurs in one of the text's
  // distinct runs of letters: searching those, joined, is the same test on a far shorter string.
  const seen = [...new Set(context.seen.toLowerCase().match(/[a-z]+/g) ?? [])].join('\n')
  const names = [...prose]
  for (const [item, summary] of summaries(context.truth)) {
    for (const word of new Set(summary.toLowerCase().match(/[a-z][a-z]+/g) ?? [])) {
      if (word.length < MIN_SUMMARY_WORD || STOP_WORDS.has(word) || seen.includes(stem(word))) continue
      if (!names.some((w) => w.word === word)) names.push({ word, why: `a word of the summary of ${item} that nothing agents read contains` })
    }
  }
  return { names, prose }
}

/** A name read as words: camelCase and snake_case split, so "sqlInjection" reads "sql injection". */
export function nameAsWords(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/\.[a-z0-9]+$/i, '')
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * The words that occur in `text` as whole words, plurals included: "_", "-", a space, a slash or a
 * dot may join a phrase's words, or nothing ("race_condition" matches "race-condition" and
 * "racecondition"), but a word inside a longer word does not count ("sqlinjection" is not
 * "injection"; pass names through nameAsWords so that "sqlInjection" is).
 */
export function findLeaks(text: string, words: readonly LeakWord[]): LeakWord[] {
  // A task checks every name against the same list and most names leak nothing: one pattern for
  // the whole list answers that, and only a name it matches is checked word by word.
  if (words.length === 0 || !anyPatternOf(words).test(text)) return []
  return words.filter((w) => new RegExp(wrap(wordPattern(w.word)), 'i').test(text))
}

const wordPattern = (word: string) =>
  word
    .split(/[\s_-]+/)
    .filter(Boolean)
    .map(escape)
    .join('[\\s_/.-]?')
const wrap = (body: string) => `(^|[^a-z0-9])(?:${body})(?:e?s)?($|[^a-z0-9])`

const anyPatterns = new WeakMap<readonly LeakWord[], RegExp>()

function anyPatternOf(words: readonly LeakWord[]): RegExp {
  let pattern = anyPatterns.get(words)
  if (!pattern) {
    pattern = new RegExp(wrap(words.map((w) => wordPattern(w.word)).join('|')), 'i')
    anyPatterns.set(words, pattern)
  }
  return pattern
}

/** One line naming the leaked words and why each is a giveaway. */
export function describeLeaks(leaks: readonly LeakWord[]): string {
  return leaks.map((l) => `"${l.word}" (${l.why})`).join(', ')
}

/** The leak words of a loaded task (see leakWords). */
export function leakWordsOfTask(task: {
  truth: TaskTruth
  categories: readonly CategorySpec[]
  synonyms: Readonly<Record<string, readonly string[]>>
  brief: string
  resolvedInputs: ReadonlyArray<{ content: string }>
}): { names: LeakWord[]; prose: LeakWord[] } {
  return leakWords({ truth: task.truth, categories: task.categories, synonyms: task.synonyms, seen: [task.brief, ...task.resolvedInputs.map((i) => i.content)].join('\n') })
}
