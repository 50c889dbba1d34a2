/**
 * What a sign-off line is: a short line that says who made the document and nothing else of
 * substance. It starts in one of three ways, each followed by a contributor (a role name, a
 * numbered contributor, a generic noun, the review or specialist team):
 * - a dash or tilde: "— The Synthesizer", "-- Synthesizer (on behalf of the specialist team)";
 * - a verb and "by": "Prepared by the synthesizer, on behalf of the review team (…)",
 *   "*Compiled by the coordinator from the five specialists' drafts.*", "Merged by the synthesizer for the team";
 * - an authorship label: "Author: Synthesizer", "Signed: the review team", "Contributors: Security Engineer, …".
 * The rest of its sentence (up to a full stop, a colon or a semicolon) may hold only more
 * contributors, attribution words ("on behalf of", "with input from"), dates and punctuation;
 * after a verb of making or a label also what the document was made from ("from the specialists'
 * reports", "integrating the five reviews"). Any other word is an action, a condition, a frequency
 * or the task's own subject, and the whole line stays: "Signed off by the Security Engineer for
 * every production deploy", "— The coordinator and the on-call decide whether to roll back". So
 * does a number other than a date. Sentences after the sign-off's own on the same line stay, their
 * case unchanged.
 */

import { NAME_END, NAME_START } from './word-edges.js'

/** Verbs that say a document was made. */
export const MAKING_VERB = String.raw`(?:prepared|compiled|written|drafted|authored|synthesi[sz]ed|consolidated|assembled|produced|edited|put together)`
/** Verbs that are also steps of a process ("merged by", "signed off by"). */
const PROCESS_VERB = String.raw`(?:merged|signed(?:[ -]off)?|submitted)`
/** Labels of a document's authorship. */
const AUTHOR_LABEL = String.raw`(?:authors?|authored|signed(?:[ -]off)?|sign-?off|contributors?|credits?)`
/** A count of contributors ("the five specialists"). */
export const COUNT = String.raw`(?:two|three|four|five|six|seven|\d{1,2})`
/** Emphasis markers around a sign-off or its label. */
const EMPHASIS = '[*_]*'
/** Between a verb's "by" or a label and the contributor: a colon, emphasis, spaces ("by:** ", "by **"). */
const SEPARATOR = String.raw`\s*[*_]*\s*:?\s*[*_]*\s*`
/**
 * A team of the organisation that signs as one: the review or specialist team, or a team of its
 * contributors ("a team of five specialists", "the team of AI agents"). A team of anyone else is the
 * subject's ("Raised by a team of auditors", "the finance team of the client").
 */
const team = (contributor: string) => String.raw`(?:review team|specialist team|team of (?:${COUNT}\s+)?(?:[A-Za-z-]+\s+)?(?:${contributor}))`

/**
 * Who signs or made a document: one contributor (`contributor` is the pattern of a role name, a
 * numbered contributor or a generic noun) or a team, after an optional article or count and up to
 * two words ("the five specialists", "the lead reviewer"); without `modifiers`, only a count
 * ("the two reviewers": "the payments specialist" is a person of the subject, unless a role's name).
 * Shared by the sign-off and the sentences that say who made the document or found something. A
 * pattern that holds it needs the `u` flag (see word-edges.ts).
 */
export function signerPattern(contributor: string, { modifiers = true }: { modifiers?: boolean } = {}): string {
  const between = modifiers ? String.raw`(?:[A-Za-z-]+\s+){0,2}?` : String.raw`(?:${COUNT}\s+)?`
  return String.raw`(?:(?:the|an?|our|all|both|${COUNT})\s+)?${between}(?:${team(contributor)}|${contributor})${NAME_END}`
}

const MONTH = String.raw`(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?`
/**
 * A date, the one kind of number a sign-off carries ("2025-03-14", "14 March 2025", "March 14,
 * 2025", "March 2025", "14/03/2025", "14.03.2025"), with an optional time ("09:30", "9:30 UTC").
 */
const DATE = new RegExp(
  String.raw`\b(?:\d{4}-\d{2}-\d{2}|\d{1,2}\s+${MONTH}\s+\d{4}|${MONTH}\s+\d{1,2},?\s+\d{4}|${MONTH}\s+\d{4}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4})(?:,?\s+(?:at\s+)?\d{1,2}:\d{2}(?:\s*(?:utc|gmt|[ap]m))?)?(?![\w/.]\d)`,
  'gi',
)
/** A version of the document: "v2", "v1.3". */
const VERSION = /\bv\d+(?:\.\d+)*\b/gi
/** The end of the sign-off's own part: a full stop, "!" or "?" before whitespace or the line's end, a colon (not a time's) or a semicolon. */
const OWN_END = /[.!?][*_]*(?=\s|$)|[:;](?!\d)[*_]*/

/** Words of an attribution: who for, on whose behalf, with whose input. */
const ATTRIBUTION_WORDS = new Set(
  'the a an our all both their of on behalf for with and from by input inputs help lead senior team teams two three four five six seven dated at utc gmt am pm'.split(' '),
)
/** Words of what a document was made from, after a verb of making or an authorship label. */
const MAKING_WORDS = new Set([
  ...ATTRIBUTION_WORDS,
  ...'this these s role roles drafts draft reports report reviews notes findings contributions work perspectives integrating incorporating combining consolidating merging synthesising synthesizing based prepared compiled written drafted authored synthesised synthesized consolidated assembled produced edited put together document deliverable protocol plan runbook synthesis memo proposal version final'.split(
    ' ',
  ),
])
/** Words of what contributions were merged into, after a merge ("into one single protocol", "below"). */
const MERGE_WORDS = new Set([...MAKING_WORDS, ...'into one single a an unified coherent below here following response answer view set list text its'.split(' ')])
/** What the rest of a sign-off's (or a merge's) sentence may hold: only attributions, also what the document was made from, or also what it was merged into. */
export type SignOffTail = 'attribution' | 'making' | 'merge'

/** A letter, combining mark or digit of any script, and a run of anything else: what words are made of and what separates them. */
const WORD = /[\p{L}\p{M}\p{N}]/u
const NOT_WORD = /[^\p{L}\p{M}\p{N}]+/u

/** Contributors and teams anywhere in a text, compiled once per contributor pattern (a task's roles and nouns). */
const contributorRes = new Map<string, RegExp>()
function contributorsIn(contributor: string): RegExp {
  let re = contributorRes.get(contributor)
  if (!re) contributorRes.set(contributor, (re = new RegExp(String.raw`${NAME_START}(?:${team(contributor)}|${contributor})${NAME_END}`, 'giu')))
  return re
}

/**
 * Whether `rest` (what follows a contributor in a sign-off or a "made by" sentence) says nothing
 * but who made the document: contributors (`contributor`'s pattern), dates, versions, punctuation
 * and the words of `tail`. A word in any script is a word: "проверившая каждый пункт" after a
 * Cyrillic role name is the work, as "who checked every clause" is.
 */
export function onlyAttribution(rest: string, contributor: string, tail: SignOffTail): boolean {
  const words = tail === 'merge' ? MERGE_WORDS : tail === 'making' ? MAKING_WORDS : ATTRIBUTION_WORDS
  const left = rest.replace(DATE, ' ').replace(VERSION, ' ').replace(contributorsIn(contributor), ' ')
  return left
    .split(NOT_WORD)
    .filter((w) => w !== '')
    .every((w) => words.has(w.toLowerCase()))
}

const AUTHOR_LABEL_START = new RegExp(String.raw`^[*_]*\s*(?:${AUTHOR_LABEL}|(?:${MAKING_VERB}|${PROCESS_VERB})\s+by)\s*[*_]*\s*:`, 'i')
/** Whether a line starts with an authorship label ("Author:", "Sign-off:", "Signed off by:"), the one form of sign-off that is also a record's field. */
export const startsWithAuthorLabel = (line: string): boolean => AUTHOR_LABEL_START.test(line.trim())

/** How a sign-off starts, before its contributor, and what the rest of its sentence may hold (see the top of this file). */
const STARTS: ReadonlyArray<{ start: string; tail: SignOffTail; dash?: true }> = [
  { start: String.raw`(?:[-—–]{1,2}|~)\s*${EMPHASIS}`, tail: 'attribution', dash: true },
  { start: String.raw`${MAKING_VERB}\s+by${SEPARATOR}`, tail: 'making' },
  { start: String.raw`${PROCESS_VERB}\s+by${SEPARATOR}`, tail: 'attribution' },
  { start: String.raw`${AUTHOR_LABEL}\s*[*_]*\s*:${SEPARATOR}`, tail: 'making' },
]

/**
 * Any of those starts, whoever signs. A line without one is no sign-off, and a reader's own
 * patterns, long ones that name the task's contributors and are compiled for each set of them,
 * never run on it.
 */
const SIGN_OFF_START = new RegExp(`^(?:${STARTS.map((s) => s.start).join('|')})`, 'i')

/** A sign-off reader for one set of contributors: the line's text to keep ('' when nothing stays), or null when it is no sign-off. */
export type SignOffReader = (line: string) => string | null

/**
 * `contributor` is the pattern of one contributor's name (role names, numbered contributors,
 * generic nouns). With `alone`, a sign-off is only a line the sign-off fills: its start and its
 * contributor, punctuation and a date ("— the Reviewer", for a task whose own subject is a reviewer).
 */
export function signOffReader(contributor: string, { alone = false }: { alone?: boolean } = {}): SignOffReader {
  const signer = signerPattern(contributor)
  const heads = STARTS.map(({ start, ...rest }) => ({ re: new RegExp(`^${start}${signer}${EMPHASIS}`, 'iu'), ...rest }))
  return (line) => {
    const bare = line.trim().replace(/^[*_]+\s*/, '')
    if (!SIGN_OFF_START.test(bare)) return null
    for (const { re, tail, dash } of heads) {
      const head = re.exec(bare)
      if (!head) continue
      const rest = bare.slice(head[0].length)
      const end = OWN_END.exec(rest)
      // "- Risk manager: holds one of the three keys": a name before a colon labels what follows (a step's
      // owner, a hire); a dash signs a document at the end of its line or sentence, never before a colon.
      if (dash && end !== null && end[0].startsWith(':')) return null
      if (alone) return WORD.test(rest.replace(DATE, ' ')) ? null : ''
      const own = end ? rest.slice(0, end.index) : rest
      if (!onlyAttribution(own, contributor, tail)) return null
      return end ? rest.slice(end.index + end[0].length).trim() : ''
    }
    return null
  }
}
