import { CHECKLIST_SCHEMA_NAME } from '../eval/checklist-judge/answer.js'
import { itemMatchAt } from '../eval/checklist.js'
import { negatedMatch } from '../eval/negation.js'
import { type Passage, passages } from '../eval/passages.js'
import { withoutPromptCopies } from '../eval/prompt-copies.js'
import type { ChecklistItem } from '../tasks/schema.js'
import { candidates } from './judge.js'
import { misstate } from './kinds/markdown.js'
import { chance } from './random.js'
import { registerHandler, type SimCall } from './respond.js'

/*
 * The simulated checklist judge. It reads the candidate passage by passage (table rows with their
 * header, headings, list items, paragraph lines, and whole multi-line blocks, each under its nearest
 * heading) and finds an item met where a
 * passage matches one of the item's patterns or, as a reader would, where the passage states every
 * number of the item's description and shares at least half its key words with the passage and its
 * context (so "| 4 = HALT | ≥ 20% |" under "Drawdown and auto-halt" meets "auto-halt at 20%
 * drawdown" although no pattern matches). What the candidate copies from the task's prompt it does not
 * read (lib/eval/prompt-copies.ts), as a judge told so would not quote it. It quotes the passage it found, as written (300 characters
 * from just before where the item is met). Its failure modes, at documented rates, exercise the verbatim check and make judge
 * and patterns disagree. They spare must-pass items, so that the offline suite's must-pass
 * assertions keep testing the organisation's deliverable rather than the simulated judge.
 */

/** The judge overlooks an item (not must-pass) it would find: drawn once per model, item and trial (a blind spot, shared by every candidate it reads). */
export const CHECKLIST_OVERLOOK = 0.05
/** For a found item, the quote is not verbatim (one value or word altered): the check rejects it. Drawn per call and item. */
export const CHECKLIST_QUOTE_SLIP = 0.04
/** For an item it does not find, the judge claims it met with an invented quote: the check rejects it. Drawn per call and item. */
export const CHECKLIST_INVENTED = 0.03

const STOP = new Set('about after also and any are each for from has have into its more not one than that the their them then there this what when where which with within without least every'.split(' '))
const stems = (text: string) => new Set((text.toLowerCase().match(/[a-z][a-z]{3,}/g) ?? []).filter((w) => !STOP.has(w)).map((w) => w.slice(0, 5)))
const numbers = (text: string) => (text.match(/\d[\d,.]*\s?%?/g) ?? []).map((n) => n.replace(/[\s,]/g, '').replace(/\.$/, ''))

/** What the judge looks for in every passage for an item: read once per item, not once per passage. */
interface ItemReading {
  numbers: string[]
  keys: string[]
}
const readings = new WeakMap<ChecklistItem, ItemReading>()
/** Counts how many items were read (a test checks that each item is read once). */
export const itemReadings = { count: 0 }
function readingOf(item: ChecklistItem): ItemReading {
  let r = readings.get(item)
  if (!r) {
    itemReadings.count++
    r = { numbers: numbers(item.description), keys: [...stems(item.description)] }
    readings.set(item, r)
  }
  return r
}

/** A passage's numbers and key words, read once however many items are checked against it. */
const passageWords = new WeakMap<Passage, { have: Set<string>; read: Set<string> }>()
function wordsOf(passage: Passage): { have: Set<string>; read: Set<string> } {
  let w = passageWords.get(passage)
  if (!w) passageWords.set(passage, (w = { have: new Set(numbers(passage.text)), read: stems(`${passage.context} ${passage.text}`) }))
  return w
}

/** Where in a passage the item is met: a pattern's match, as the pattern scorer reads it. */
function matchAt(item: ChecklistItem, passage: Passage): number | null {
  return itemMatchAt(item, passage.text)
}

/** Whether a passage meets an item, as the simulated judge reads it (see the comment at the top). */
export function meets(item: ChecklistItem, passage: Passage): boolean {
  if (matchAt(item, passage) !== null) return true
  // An item that refuses negated matches is not read into a passage that negates something.
  if (item.refuseNegated && negatedMatch(passage.text, 0, passage.text.length)) return false
  const { numbers: wanted, keys } = readingOf(item)
  const { have, read } = wordsOf(passage)
  if (!wanted.every((n) => have.has(n))) return false
  if (keys.length === 0) return false
  const shared = keys.filter((k) => read.has(k)).length
  return wanted.length > 0 ? shared * 2 >= keys.length : shared * 3 >= 2 * keys.length
}

/** The quote: at most 300 characters of the passage as written, from a little before where the item is met. */
export function quoteOf(item: ChecklistItem, passage: Passage): string {
  const at = Math.max(0, (matchAt(item, passage) ?? 0) - 40)
  return passage.text.slice(at, at + 300).trim()
}

/** A quote with one value or word altered: what a judge writes when it paraphrases from memory. */
function slipped(quote: string): string {
  const wrong = misstate(quote)
  if (wrong && wrong !== quote) return wrong
  const words = quote.split(' ')
  return words.length > 2 ? [words[1], words[0], ...words.slice(2)].join(' ') : `${quote} as stated`
}

registerHandler(CHECKLIST_SCHEMA_NAME, (call: SimCall) => {
  const candidate = candidates(call.promptText).get('single') ?? ''
  // As instructed, the judge finds no item in what the candidate copies from the task.
  const text = call.task ? withoutPromptCopies(candidate, call.task) : candidate
  const items = call.task?.checklist ?? []
  const read = passages(text)
  return {
    items: items.map((item) => {
      const slips = !item.mustPass
      const found = slips && chance(CHECKLIST_OVERLOOK, call.trialKey, 'checklist-overlook', item.id) ? undefined : read.find((p) => meets(item, p))
      if (found) {
        const exact = quoteOf(item, found)
        const quote = slips && chance(CHECKLIST_QUOTE_SLIP, call.key, 'checklist-slip', item.id) ? slipped(exact) : exact
        return { id: item.id, met: true, quote, reason: 'The quoted passage states it.' }
      }
      if (slips && chance(CHECKLIST_INVENTED, call.key, 'checklist-invented', item.id)) return { id: item.id, met: true, quote: `The design ${item.description.toLowerCase()}.`, reason: 'Stated in the design.' }
      return { id: item.id, met: false, quote: '', reason: 'No passage states it.' }
    }),
    candidate_contains_instructions: false,
  }
})
