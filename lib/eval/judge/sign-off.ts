/**
 * What a sign-off line is: a line that starts by saying who made the document, whatever follows on
 * that line. It starts in one of three ways, each followed by a contributor (a role name, a
 * numbered contributor, a generic noun, the review or specialist team):
 * - a dash or tilde: "— The Synthesizer", "-- Synthesizer (on behalf of the specialist team)";
 * - a making verb and "by": "Prepared by the synthesizer, on behalf of the review team (…)",
 *   "*Compiled by the coordinator from the five specialists' drafts.*", "**Prepared by:** Synthesizer, …";
 * - an authorship label: "Author: Synthesizer", "Signed: the review team", "Contributors: Security Engineer, …".
 * What follows the contributor is part of the sign-off up to the end of its sentence, with two
 * limits that keep the work: a dash form or a verb that is also a step of a process ("merged by",
 * "signed off by") only takes an attribution after it ("— The coordinator pages the on-call" and
 * "Signed off by the SRE before each deploy" are content), and a sign-off sentence carrying a
 * number other than a date stays whole (numbers are never removed). Sentences after the sign-off's
 * own on the same line stay.
 */

/** Verbs that say a document was made: whatever follows "<verb> by <contributor>" is about its making. */
export const MAKING_VERB = String.raw`(?:prepared|compiled|written|drafted|authored|synthesi[sz]ed|consolidated|assembled|produced|edited|put together)`
/** Verbs that are also steps of a process: a sign-off only when nothing but an attribution follows. */
const PROCESS_VERB = String.raw`(?:merged|signed(?:[ -]off)?|submitted)`
/** Labels of a document's authorship. */
const AUTHOR_LABEL = String.raw`(?:authors?|authored|signed(?:[ -]off)?|sign-?off|contributors?|credits?)`
/** A count of contributors ("the five specialists"). */
export const COUNT = String.raw`(?:two|three|four|five|six|seven|\d{1,2})`
/** Emphasis markers around a sign-off or its label. */
const EMPHASIS = '[*_]*'
/** Between a verb's "by" or a label and the contributor: a colon, emphasis, spaces ("by:** ", "by **"). */
const SEPARATOR = String.raw`\s*[*_]*\s*:?\s*[*_]*\s*`

/** What may follow the contributor in a dash form or after a process verb: an attribution, or nothing. */
const ATTRIBUTION_TAIL = /^\s*(?:$|[.,;(]|[—–]|-\s|(?:on behalf of|for|with|and|from)\b)/i
const MONTH = String.raw`(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?`
/** A date, the one kind of number a sign-off carries ("2025-03-14", "14 March 2025", "March 14, 2025"). */
const DATE = new RegExp(String.raw`\b(?:\d{4}-\d{2}-\d{2}|\d{1,2}\s+${MONTH}\s+\d{4}|${MONTH}\s+\d{1,2},?\s+\d{4})\b`, 'gi')
/** The end of the sign-off's sentence: a full stop, "!" or "?" before whitespace or the line's end. */
const SENTENCE_END = /[.!?][*_]*(?=\s|$)/

/** A sign-off reader for one set of contributors: the line's text to keep ('' when nothing stays), or null when it is no sign-off. */
export type SignOffReader = (line: string) => string | null

/**
 * `contributor` is the pattern of one contributor's name (role names, numbered contributors,
 * generic nouns); it may follow an article, a count and up to two words ("the five specialists",
 * "the lead reviewer").
 */
export function signOffReader(contributor: string): SignOffReader {
  const signer = String.raw`(?:(?:the|our|all|both|${COUNT})\s+)?(?:[A-Za-z-]+\s+){0,2}?(?:review team|specialist team|team of [A-Za-z]+(?:\s+[A-Za-z]+)?|${contributor})(?![\w-])`
  const heads: Array<{ re: RegExp; free: boolean }> = [
    { re: new RegExp(String.raw`^(?:[-—–]{1,2}|~)\s*${EMPHASIS}${signer}${EMPHASIS}`, 'i'), free: false },
    { re: new RegExp(String.raw`^${MAKING_VERB}\s+by${SEPARATOR}${signer}${EMPHASIS}`, 'i'), free: true },
    { re: new RegExp(String.raw`^${PROCESS_VERB}\s+by${SEPARATOR}${signer}${EMPHASIS}`, 'i'), free: false },
    { re: new RegExp(String.raw`^${AUTHOR_LABEL}\s*[*_]*\s*:${SEPARATOR}${signer}${EMPHASIS}`, 'i'), free: true },
  ]
  return (line) => {
    const bare = line.trim().replace(/^[*_]+\s*/, '')
    for (const { re, free } of heads) {
      const head = re.exec(bare)
      if (!head) continue
      const tail = bare.slice(head[0].length)
      if (!free && !ATTRIBUTION_TAIL.test(tail)) return null
      const end = SENTENCE_END.exec(tail)
      const own = end ? tail.slice(0, end.index + end[0].length) : tail
      if (/\d/.test(own.replace(DATE, ''))) return null
      return end ? tail.slice(end.index + end[0].length).trim() : ''
    }
    return null
  }
}
