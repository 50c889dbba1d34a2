import type { ChecklistDecision, ChecklistDisagreement } from '../../results/checklist-record.js'
import type { ChecklistItem } from '../../tasks/schema.js'
import { type ChecklistScore, checklistScore } from '../checklist.js'
import type { ChecklistAnswer } from './answer.js'
import { checkQuote, normaliseForQuote, type QuoteCheck } from './quote.js'

/**
 * The checklist as the judge decided it: an item is met when the judge says so AND its quote occurs
 * verbatim in the candidate's own text (`ownText`: what it shows less the lines and sentences it
 * copied from the task's prompt, prompt-copies.ts, the text the patterns read too); a missing,
 * invented or copied quote means not met, with the reason.
 * The patterns' verdict (`patterns`, the pattern-only score of the same deliverable) is kept per
 * item, and every item on which the two differ is a disagreement.
 */
export function decideChecklist(items: readonly ChecklistItem[], answer: ChecklistAnswer, shownText: string, ownText: string, patterns: ChecklistScore): ChecklistScore {
  const own = normaliseForQuote(ownText)
  const shown = normaliseForQuote(shownText)
  const byId = new Map(answer.items.map((a) => [a.id, a]))
  const patternMet = new Set(patterns.covered)
  const decisions: ChecklistDecision[] = items.map((item) => {
    const a = byId.get(item.id)!
    const check = a.met ? evidenceCheck(a.quote, own, shown) : null
    const met = check?.verified === true
    const reason = check && !check.verified ? `claimed met, not accepted: ${check.reason}` : a.reason
    return { id: item.id, met, judgeMet: a.met, quote: a.quote, quoteVerified: met, reason, patterns: patternMet.has(item.id) }
  })
  const disagreements: ChecklistDisagreement[] = decisions.filter((d) => d.met !== d.patterns).map((d) => ({ id: d.id, judge: d.met, patterns: d.patterns }))
  return {
    ...checklistScore(items, decisions.filter((d) => d.met).map((d) => d.id)),
    method: 'judge',
    patternScore: patterns.score,
    decisions,
    disagreements,
  }
}

/** A quote's check as evidence: found verbatim in the candidate's own text; one found only in what it copied from the prompt says so. */
function evidenceCheck(quote: string, own: string, shown: string): QuoteCheck {
  const inOwn = checkQuote(quote, own)
  if (inOwn.verified || own === shown || !checkQuote(quote, shown).verified) return inOwn
  return { verified: false, reason: "the quote is in a line or sentence the candidate copied from the task's prompt (its brief, constraints or role descriptions), not in its own text" }
}
