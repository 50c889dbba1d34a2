/**
 * Whether a line sits in a block of `Key: value` record fields ("Ticket: linked Jira key",
 * "Approvals: 2", "Sign-off: Security Engineer", "Retention: 12 months"). There an authorship
 * label is one of the record's fields, what the record must hold ("Sign-off: Security Engineer" of
 * a PCI change record says who must sign a change), never who made the document.
 */

import { nearestNonBlank } from './list-item.js'

/** A `Key: value` line: a short key of up to four words at the line's start (emphasis or a list marker allowed), a colon, then a value. */
const FIELD = /^\s*(?:[-*+]\s+)?[*_]*([A-Za-z][A-Za-z0-9&/()'’-]*(?:\s+[A-Za-z0-9&/()'’-]+){0,3})[*_]*\s*:[*_]*\s+\S/

/** Keys of a document's own attribution and metadata: next to these, an authorship label is still a sign-off. */
const ATTRIBUTION_KEY =
  /^(?:authors?|authored(?: by)?|(?:prepared|compiled|written|drafted|edited|produced|synthesi[sz]ed|assembled)(?: by)?|signed(?:[ -]off)?(?: by)?|sign-?off|signatures?|contributors?|credits?|on behalf of|dated?|last (?:updated|revised)|updated|version|revision|title)$/i

/** Whether `line` is a `Key: value` field whose key is not a document's attribution or metadata. */
function isRecordField(line: string): boolean {
  const key = FIELD.exec(line)?.[1]
  return key !== undefined && !ATTRIBUTION_KEY.test(key.trim())
}

/** Whether the nearest non-blank line before or after line `i` is a record field of something other than the document's authorship. */
export function besideRecordField(lines: readonly string[], i: number): boolean {
  return [nearestNonBlank(lines, i, -1), nearestNonBlank(lines, i, 1)].some((line) => line !== undefined && isRecordField(line))
}
