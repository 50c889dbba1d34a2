import { isMultiIncident } from './kinds/incident-response.js'
import type { TaskTruth } from './kinds/index.js'
import { STOP_WORDS, summaries } from './neutrality.js'
import type { ChecklistItem, RubricDimension } from './schema.js'

/*
 * Whether a role's focus echoes what the task rewards: a focus names an area of the work, never
 * what makes a planted item a finding nor what the judge looks for (docs/writing-a-task.md, "Names
 * that give nothing away").
 */

/** The text of every planted item, by item: what a role's focus must not echo (see focusEchoes). */
function truthTexts(truth: TaskTruth): Array<[string, string]> {
  switch (truth.kind) {
    case 'incident_response': {
      if (!isMultiIncident(truth.data)) return summaries(truth)
      const data = truth.data
      return [
        ...data.incidents.flatMap((x, i): Array<[string, string]> => [[`the root cause of incident ${i + 1}`, x.rootCause.summary], ...x.causalChain.map((l, k): [string, string] => [`link ${k + 1} of incident ${i + 1}`, l.link])]),
        ...data.requiredActions.map((a): [string, string] => [`required action ${a.action}`, a.why]),
        ...data.harmfulActions.map((a): [string, string] => [`harmful action ${a.action}`, a.why]),
      ]
    }
    case 'support_triage':
      // A ticket's traps are what makes it hard: their names are its planted text.
      return truth.data.tickets.flatMap((t): Array<[string, string]> => (t.traps && t.traps.length > 0 ? [[t.id, t.traps.join(' ').replaceAll('_', ' ')]] : []))
    default:
      return summaries(truth)
  }
}

/** Content words shorter than this are too common to tell an item apart. */
const MIN_CONTENT_WORD = 4
/** A word the inputs and brief use more often than this is the material's own vocabulary, not an item's. */
const MAX_MATERIAL_USES = 3
/**
 * The same for a design task, whose prompt is a short brief with few inputs or none and lists the
 * areas its roles split: three uses there already make a word part of its vocabulary.
 */
const MAX_BRIEF_USES = 1
const SHORT_STOP_WORDS = new Set(['also', 'been', 'both', 'does', 'each', 'from', 'have', 'into', 'made', 'make', 'more', 'most', 'must', 'once', 'only', 'over', 'same', 'such', 'than', 'that', 'them', 'then', 'they', 'this', 'upon', 'very', 'were', 'what', 'when', 'whom', 'will', 'with', 'your'])

/** A content word's base: plural and the common endings dropped, so "locks", "locked" and "locking" are one word. */
const contentBase = (word: string) => word.replace(/ies$/, 'y').replace(/(?:ing|ed|es|s)$/, '').replace(/e$/, '')

/** The bases of a text's content words: runs of at least four letters that are not stop words. */
function contentWords(text: string): string[] {
  return (text.toLowerCase().match(/[a-z]+/g) ?? []).filter((w) => w.length >= MIN_CONTENT_WORD && !STOP_WORDS.has(w) && !SHORT_STOP_WORDS.has(w)).map(contentBase)
}

/** How often the material uses each content word's base: counted per distinct word first, since the inputs repeat their words. */
function materialUses(text: string): Map<string, number> {
  const raw = new Map<string, number>()
  for (const w of text.toLowerCase().match(/[a-z]{4,}/g) ?? []) raw.set(w, (raw.get(w) ?? 0) + 1)
  const uses = new Map<string, number>()
  for (const [w, n] of raw) {
    if (STOP_WORDS.has(w) || SHORT_STOP_WORDS.has(w)) continue
    const base = contentBase(w)
    uses.set(base, (uses.get(base) ?? 0) + n)
  }
  return uses
}

/**
 * What a design task rewards, by item: each checklist item's and each rubric dimension's
 * description. The single agent reads neither, so a focus must not echo them either.
 */
function rewardTexts(scoring: { checklist: readonly ChecklistItem[]; rubric: readonly RubricDimension[] }): Array<[string, string]> {
  return [...scoring.checklist.map((c): [string, string] => [`checklist item ${c.id}`, c.description]), ...scoring.rubric.map((d): [string, string] => [`rubric dimension ${d.key}`, d.description])]
}

/** What a focus is checked against: an execution task's ground truth, or a design task's checklist and rubric. */
export type EchoSource = { truth: TaskTruth } | { scoring: { checklist: readonly ChecklistItem[]; rubric: readonly RubricDimension[] } }

/** A role focus that shares two distinctive words with one planted or rewarded item's text. */
export interface FocusEcho {
  item: string
  words: string[]
}

/**
 * A check of role foci against the items of a task (built once per task): where a focus echoes one.
 * A focus names an area of the work (which part of the material, which subject), never what makes
 * an item a finding nor what the judge rewards, so it must not share two distinctive words with one
 * item's text: for an execution task a planted item's (a summary, a causal link, why an action is
 * required or harmful, a ticket's traps), for a design task a checklist item's or a rubric
 * dimension's description. A word is distinctive when what every agent reads (`seen`: the brief,
 * the hard constraints and the inputs) uses it at most three times, for a design task at most once:
 * words of the material's own vocabulary say where to look, not what to find. A design task's focus
 * echoes only when one of the shared words is one the prompt never uses, since its other words name
 * the areas the brief itself asks for. This catches wording taken from the ground truth or the
 * rubric; a paraphrase in other words is for the author (and docs/writing-a-task.md) to avoid.
 * Words listed in `general` count as distinctive, but an echo needs at least one shared word
 * outside them (role foci pass none).
 */
export function focusEchoes(context: EchoSource & { seen: string; general?: readonly string[] }): (focus: string) => FocusEcho[] {
  const uses = materialUses(context.seen)
  // Words that alone never make an echo, whatever the material (lessons: see lib/learning/lesson-leaks.ts).
  const general = new Set((context.general ?? []).map(contentBase))
  const texts = 'truth' in context ? truthTexts(context.truth) : rewardTexts(context.scoring)
  const design = !('truth' in context)
  const maxUses = design ? MAX_BRIEF_USES : MAX_MATERIAL_USES
  const items = texts.map(([item, text]) => ({ item, words: [...new Set(contentWords(text))].filter((w) => (uses.get(w) ?? 0) <= maxUses) }))
  return (focus) => {
    // Each base as the focus writes it, so that the message quotes the focus's own words.
    const asWritten = new Map<string, string>()
    for (const w of focus.toLowerCase().match(/[a-z]+/g) ?? []) if (!asWritten.has(contentBase(w))) asWritten.set(contentBase(w), w)
    const inFocus = new Set(contentWords(focus))
    return items.flatMap(({ item, words }) => {
      const shared = words.filter((w) => inFocus.has(w))
      if (shared.length < 2 || (design && !shared.some((w) => !uses.has(w))) || shared.every((w) => general.has(w))) return []
      return [{ item, words: shared.map((w) => asWritten.get(w) ?? w).sort() }]
    })
  }
}

/** One line naming the echoed words and the item they come from. */
export function describeEchoes(echoes: readonly FocusEcho[]): string {
  return echoes.map((e) => `${e.words.map((w) => `"${w}"`).join(' and ')} (from the text of ${e.item})`).join(', ')
}
