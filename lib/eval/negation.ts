/*
 * Whether a pattern's match is negated by its own clause: "we do not use a drawdown halt: a 20 %
 * drawdown is normal" names the halt it refuses, and "remove the liquidity and hold SOL; we never
 * swap to USDC" names the swap it rules out. A keyword match cannot tell these from the real thing;
 * a checklist item whose wrong answers are written this way refuses such matches (refuseNegated).
 */

import { ABBREVIATION_DOT } from '../abbreviations.js'

/** A negation before the match or inside it, in the same clause. */
const NEGATION = /(?:^|[^\p{L}'’])(?:not|never|no|none|without|cannot|can[’']t|don[’']t|doesn[’']t|won[’']t|isn[’']t|aren[’']t|ignor(?:e|es|ed|ing))(?![\p{L}'’])/iu
/** A dismissal anywhere in the clause, after the match too ("three strategies are unnecessary"). */
const DISMISSAL = /\b(?:unnecessary|needless|not (?:needed|necessary|required|used))\b/i

/** Where a clause ends: a line break, ; ! ?, or a full stop that is not a decimal point (0.5), inside a number or an abbreviation's ("i.e."). */
const BOUNDARY = new RegExp(`\\n|[;!?]|(?!${ABBREVIATION_DOT})\\.(?!\\d)`, 'gi')

function clauseStart(text: string, at: number): number {
  let start = 0
  for (const m of text.slice(0, at).matchAll(BOUNDARY)) start = m.index + m[0].length
  return start
}

function clauseEnd(text: string, at: number): number {
  BOUNDARY.lastIndex = at
  const m = BOUNDARY.exec(text)
  BOUNDARY.lastIndex = 0
  return m ? m.index : text.length
}

/**
 * Whether the match [start, end) of `text` is negated: a negation in the clause where it starts (up
 * to its end) or in the clause where it ends (up to its end), or a dismissal anywhere in either
 * clause. The clauses between them, in a match over several lines (a table, a numbered procedure),
 * are not read: "no new entries" in stage 1 of a drawdown table does not negate its halt row. A
 * zero-length match (a pattern made only of look-aheads, which states facts of a whole passage) is
 * never negated.
 */
export function negatedMatch(text: string, start: number, end: number): boolean {
  if (end <= start) return false
  const first = clauseStart(text, start)
  const last = clauseStart(text, end)
  const clauses = first === last ? [[first, end]] : [[first, Math.min(end, clauseEnd(text, start))], [last, end]]
  return clauses.some(([from, to]) => NEGATION.test(text.slice(from, to)) || DISMISSAL.test(text.slice(from, clauseEnd(text, to!))))
}
