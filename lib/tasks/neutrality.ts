import type { CategorySpec } from './categories.js'
import { isMultiIncident } from './kinds/incident-response.js'
import { DiffKind, Verdict } from './kinds/code-review.js'
import type { TaskTruth } from './kinds/index.js'
import { escapeRegExp } from '../text.js'

/** A word or phrase that would give an answer away if an agent saw it in a name or a role focus, and why. */
export interface LeakWord {
  word: string
  /** e.g. "a synonym of category injection", "a word of the summary of d03-1". */
  why: string
  /** A word that, just before this one, makes it part of another phrase: "request changes" is no verdict in "pull request changes". */
  notAfter?: string
}

/** What the leak check knows about a task: its ground truth, categories, and everything agents read anyway. */
export interface LeakContext {
  truth: TaskTruth
  categories: readonly CategorySpec[]
  /** Extra words per category that must not appear in names or foci (TaskDefinition.synonyms). */
  synonyms?: Readonly<Record<string, readonly string[]>>
  /** The brief, the hard constraints and every input's content: words found there are not giveaways. */
  seen: string
}

/** Summary words shorter than this are too common to be giveaways. */
const MIN_SUMMARY_WORD = 5
/** Common words of five letters or more that say nothing about an item. */
export const STOP_WORDS = new Set(['about', 'after', 'against', 'always', 'because', 'before', 'being', 'between', 'could', 'every', 'first', 'instead', 'never', 'other', 'should', 'since', 'still', 'their', 'there', 'these', 'those', 'through', 'under', 'until', 'where', 'which', 'while', 'within', 'without', 'would'])

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
export function summaries(truth: TaskTruth): Array<[string, string]> {
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
 * Words that state a verdict rather than name a thing: a fixture called "p2-clean.diff" or
 * "decoy.diff" tells agents the answer as plainly as one named after its category. They apply to
 * names only (role foci are prose and may ask whether a change is safe).
 */
const VERDICT_WORDS = ['clean', 'decoy', 'benign', 'harmless', 'innocent', 'safe', 'unsafe', 'fine', 'ok', 'okay', 'correct', 'incorrect', 'broken', 'faulty', 'flawed', 'planted', 'red herring', 'lookalike', 'trap']
/** The same for code review, beside its diff kinds and verdicts. "issue" alone is a verb in code ("issue_invoices.py"); only the plural is a count of defects. */
const CODE_REVIEW_WORDS = ['defect', 'bug', 'issues', 'good', 'bad', 'lgtm', 'reject']
const INCIDENT_WORDS = ['culprit', 'root cause', 'harmful']
const RECONCILIATION_WORDS = ['unmatched', 'mismatch']

/** Verdict words of a task: the general ones, its kind's, and the verdict and severity values its ground truth uses. */
function verdictWords(truth: TaskTruth): LeakWord[] {
  const words: LeakWord[] = VERDICT_WORDS.map((word) => ({ word, why: 'a word that states a verdict' }))
  const add = (word: string, why: string) => {
    if (!words.some((w) => w.word === word.toLowerCase())) words.push({ word: word.toLowerCase(), why })
  }
  switch (truth.kind) {
    case 'code_review':
      for (const kind of DiffKind.options) add(kind, 'a kind of diff the ground truth gives')
      // "Pull request changes to the exporter" is a neutral label; "p1-request-changes.diff" is not.
      for (const verdict of Verdict.options) words.push({ word: verdict.toLowerCase(), why: 'a verdict of the review', ...(verdict === 'REQUEST_CHANGES' ? { notAfter: 'pull' } : {}) })
      for (const word of CODE_REVIEW_WORDS) add(word, 'a word that states a verdict')
      for (const d of truth.data.diffs) for (const i of d.issues) add(i.severity, `the severity of ${i.id}`)
      break
    case 'contract_review':
      for (const r of truth.data.risks) add(r.severity, `the severity of ${r.id}`)
      break
    case 'incident_response':
      for (const word of INCIDENT_WORDS) add(word, 'a word that states a verdict')
      break
    case 'reconciliation':
      for (const word of RECONCILIATION_WORDS) add(word, 'a word that states a verdict')
      break
    case 'support_triage':
      break
  }
  return words
}

/**
 * The giveaways of a task, in two sets. Categories the ground truth uses, their synonyms and
 * abbreviations, and the root-cause component are never to appear in names nor in role foci.
 * Words that state a verdict (see verdictWords) and words of a planted item's summary that agents
 * would not otherwise read (absent from the brief and every input) are never to appear in names
 * (fixture and folder names, input ids and labels); role foci are prose that shares ordinary words
 * with summaries and verdicts, so only the first set applies to them.
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
  for (const w of verdictWords(context.truth)) if (!names.some((n) => n.word === w.word)) names.push(w)
  for (const [item, summary] of summaries(context.truth)) {
    for (const word of new Set(summary.toLowerCase().match(/[a-z][a-z]+/g) ?? [])) {
      if (word.length < MIN_SUMMARY_WORD || STOP_WORDS.has(word) || seen.includes(stem(word))) continue
      if (!names.some((w) => w.word === word)) names.push({ word, why: `a word of the summary of ${item} that nothing agents read contains` })
    }
  }
  return { names, prose }
}

/**
 * The pieces of letters a text is made of, lowercased: it is split at anything that is not a
 * letter (separators and digits alike, so "leak01" and "p1leak" hold "leak") and where the case
 * changes ("fileLeak" is "file leak", "HTTPServer" is "http server").
 */
export function wordPieces(text: string): string[] {
  return (
    text
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
      .toLowerCase()
      .match(/[a-z]+/g) ?? []
  )
}

/** Endings that make another form of the same word: plurals, "leaky", "leaked", "leaking", "leaker". */
const SUFFIXES = ['ers', 'er', 'ing', 'ed', 'y']
/** The most letters an ending adds to a word ("bugging" is "bug" and four). */
const LONGEST_ENDING = 4

/** The words a run of letters may be a form of: itself, without a plural or another ending, and the base it doubled or dropped an "e" of ("buggy", "racing"). */
function baseForms(run: string): string[] {
  const forms = [run]
  if (run.endsWith('ies')) forms.push(`${run.slice(0, -3)}y`)
  if (run.endsWith('es')) forms.push(run.slice(0, -2))
  if (run.endsWith('s')) forms.push(run.slice(0, -1))
  for (const suffix of SUFFIXES) {
    if (!run.endsWith(suffix) || run.length - suffix.length < 2) continue
    const base = run.slice(0, -suffix.length)
    forms.push(base, `${base}e`)
    if (base.length > 2 && base.at(-1) === base.at(-2) && !/[aeiou]/.test(base.at(-1)!)) forms.push(base.slice(0, -1))
  }
  return forms
}

/** A giveaway as the search reads it: the regular expression of a word with other characters than letters, else its parts joined and where they join. */
interface SearchedWord {
  literal: RegExp | null
  whole: string
  cuts: ReadonlySet<number>
}

/** Read once per word: a task's words are searched for in every name and focus it has. */
const searched = new WeakMap<LeakWord, SearchedWord>()

function searchedWord(w: LeakWord): SearchedWord {
  let read = searched.get(w)
  if (read) return read
  const parts = w.word.toLowerCase().split(/[\s_/.-]+/).filter(Boolean)
  // A word with other characters than letters ("n+1") must occur as it is written.
  const literal = parts.every((p) => /^[a-z]+$/.test(p)) ? null : new RegExp(`(^|[^a-z0-9])${escapeRegExp(w.word)}($|[^a-z0-9])`, 'i')
  read = { literal, whole: parts.join(''), cuts: new Set(parts.slice(0, -1).map((_, k) => parts.slice(0, k + 1).join('').length)) }
  searched.set(w, read)
  return read
}

/** A run of consecutive pieces: the piece it starts at, and its length before each later piece joins it. */
interface PieceRun {
  start: number
  joins: number[]
}

/**
 * Every run of consecutive pieces of at most `longest` letters, by each of the words it may be a
 * form of (baseForms): built once per text, so that each word is one look-up, not a scan.
 */
function runsByForm(pieces: readonly string[], longest: number): Map<string, PieceRun[]> {
  const runs = new Map<string, PieceRun[]>()
  for (let i = 0; i < pieces.length; i++) {
    let run = ''
    const joins: number[] = []
    for (let j = i; j < pieces.length; j++) {
      if (j > i) joins.push(run.length)
      run += pieces[j]
      if (run.length > longest) break
      const found = { start: i, joins: [...joins] }
      for (const form of new Set(baseForms(run))) {
        const list = runs.get(form)
        if (list) list.push(found)
        else runs.set(form, [found])
      }
    }
  }
  return runs
}

/**
 * Whether a run of consecutive pieces, joined and in one of its forms (baseForms), is the word. In
 * a name a piece boundary may fall anywhere ("fence-post" is "fencepost"); in prose only between
 * the word's own parts ("race condition" and "racecondition" are "race_condition", but "time zone"
 * is not "timezone").
 */
function occursIn(pieces: readonly string[], runs: ReadonlyMap<string, readonly PieceRun[]>, word: SearchedWord, splitWords: boolean, notAfter?: string): boolean {
  return (runs.get(word.whole) ?? []).some((r) => !(notAfter !== undefined && pieces[r.start - 1] === notAfter) && (splitWords || r.joins.every((at) => word.cuts.has(at))))
}

function findIn(text: string, words: readonly LeakWord[], splitWords: boolean): LeakWord[] {
  if (words.length === 0) return []
  const pieces = wordPieces(text)
  const read = words.map(searchedWord)
  // A matching run is the word and at most its longest ending: longer runs are never looked up.
  const runs = runsByForm(pieces, Math.max(...read.map((r) => r.whole.length)) + LONGEST_ENDING)
  return words.filter((w, k) => {
    const word = read[k]!
    return word.literal ? word.literal.test(text) : occursIn(pieces, runs, word, splitWords, w.notAfter)
  })
}

/**
 * The words that occur in prose as whole words, in any of their forms: the text is read as its
 * pieces (wordPieces), a phrase's words may be joined by "_", "-", a space, a slash, a dot or
 * nothing ("race_condition" matches "race-condition" and "racecondition"), and plurals and the
 * endings "y", "ed", "ing" and "er" count ("leaky", "leaking"). A word inside a longer word does
 * not count ("sqlinjection" is not "injection"). A word with other characters ("n+1") must occur
 * as it is written, between non-alphanumerics.
 */
export function findLeaks(text: string, words: readonly LeakWord[]): LeakWord[] {
  return findIn(text, words, false)
}

/**
 * The words that occur in a name (a file, folder or input id, a label, a path): read as in
 * findLeaks, its extension dropped, and a one-word giveaway may also be split at a separator, a
 * digit or a change of case ("fence-post" and "fencePost" hold "fencepost"; "leak01", "p1leak" and
 * "fileLeak" hold "leak").
 */
export function findNameLeaks(name: string, words: readonly LeakWord[]): LeakWord[] {
  return findIn(name.replace(/\.[a-z0-9]+$/i, ''), words, true)
}

/** One line naming the leaked words and why each is a giveaway. */
export function describeLeaks(leaks: readonly LeakWord[]): string {
  return leaks.map((l) => `"${l.word}" (${l.why})`).join(', ')
}

/** What every agent of a task reads whatever its role: the brief, the hard constraints and each input's content. */
export function readByEveryAgent(task: { brief: string; hardConstraints: readonly string[]; resolvedInputs: ReadonlyArray<{ content: string }> }): string {
  return [task.brief, ...task.hardConstraints, ...task.resolvedInputs.map((i) => i.content)].join('\n')
}

/** The leak words of a loaded task (see leakWords). */
export function leakWordsOfTask(task: {
  truth: TaskTruth
  categories: readonly CategorySpec[]
  synonyms: Readonly<Record<string, readonly string[]>>
  brief: string
  hardConstraints: readonly string[]
  resolvedInputs: ReadonlyArray<{ content: string }>
}): { names: LeakWord[]; prose: LeakWord[] } {
  return leakWords({ truth: task.truth, categories: task.categories, synonyms: task.synonyms, seen: readByEveryAgent(task) })
}
