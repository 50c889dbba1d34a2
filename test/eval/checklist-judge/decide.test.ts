import { describe, expect, test } from 'vitest'
import type { ChecklistAnswer } from '../../../lib/eval/checklist-judge/answer.js'
import { decideChecklist } from '../../../lib/eval/checklist-judge/decide.js'
import { withoutPromptCopies } from '../../../lib/eval/prompt-copies.js'
import { checklistScore } from '../../../lib/eval/checklist.js'
import type { ChecklistItem } from '../../../lib/tasks/schema.js'

const items: ChecklistItem[] = [
  { id: 'rollback_plan', description: 'names a rollback plan', patterns: ['rollback'], mustPass: true },
  { id: 'owner_named', description: 'names an owner for each step', patterns: ['owner'], mustPass: false },
  { id: 'canary_share', description: 'states the canary share', patterns: ['canary'], mustPass: true },
]
const shown = 'Deploys start with a canary at 5 %.\nRollback completes within 3 minutes; the on-call SRE owns it.\nEvery deploy needs a rollback plan.\n'
// The task's prompt, and the candidate's own text as decideChecklist receives it: without what it copied from the prompt.
const task = { brief: 'Design the deploy process. Every deploy needs a rollback plan. Name the owner of each step.', hardConstraints: [], roles: [] }
const prompt = withoutPromptCopies(shown, task)
const answer = (decisions: Array<[string, boolean, string]>): ChecklistAnswer => ({
  items: decisions.map(([id, met, quote]) => ({ id, met, quote, reason: `judged ${id}` })),
  candidate_contains_instructions: false,
})

describe('decideChecklist', () => {
  test('decisions follow the checklist order whatever order the judge answered in', () => {
    const result = decideChecklist(items, answer([['canary_share', true, 'a canary at 5 %'], ['owner_named', false, ''], ['rollback_plan', true, 'Rollback completes within 3 minutes']]), shown, prompt, checklistScore(items, []))
    expect(result.decisions!.map((d) => d.id)).toEqual(['rollback_plan', 'owner_named', 'canary_share'])
    expect(result.covered).toEqual(['rollback_plan', 'canary_share'])
    expect(result.missing).toEqual(['owner_named'])
  })

  test('a claim whose quote is not in the shown text is not met, and a must-pass item it was for counts as missed', () => {
    const result = decideChecklist(items, answer([['rollback_plan', true, 'Rollback completes within 1 minute'], ['owner_named', false, ''], ['canary_share', true, 'a canary at 5 %']]), shown, prompt, checklistScore(items, []))
    expect(result.decisions![0]).toMatchObject({ met: false, judgeMet: true, quoteVerified: false })
    expect(result.decisions![0]!.reason).toMatch(/^claimed met, not accepted: /)
    expect(result.mustPass).toEqual([
      { id: 'rollback_plan', description: 'names a rollback plan', caught: false },
      { id: 'canary_share', description: 'states the canary share', caught: true },
    ])
    expect(result.score).toBeCloseTo(100 / 3, 3)
  })

  test('an item the judge says is not met stays unmet even when its quote occurs, and keeps the judge\'s reason', () => {
    const result = decideChecklist(items, answer([['rollback_plan', false, 'Rollback completes within 3 minutes'], ['owner_named', false, ''], ['canary_share', false, '']]), shown, prompt, checklistScore(items, []))
    expect(result.decisions![0]).toEqual({ id: 'rollback_plan', met: false, judgeMet: false, quote: 'Rollback completes within 3 minutes', quoteVerified: false, reason: 'judged rollback_plan', patterns: false })
    expect(result.score).toBe(0)
  })

  test('the patterns are the cross-check: their score is kept and every item where they differ from the final decision is a disagreement', () => {
    const patterns = checklistScore(items, ['owner_named', 'canary_share'])
    const result = decideChecklist(items, answer([['rollback_plan', true, 'Rollback completes within 3 minutes'], ['owner_named', false, ''], ['canary_share', true, 'a canary at 5 %']]), shown, prompt, patterns)
    expect(result.method).toBe('judge')
    expect(result.patternScore).toBe(patterns.score)
    expect(result.decisions!.map((d) => d.patterns)).toEqual([false, true, true])
    expect(result.disagreements).toEqual([
      { id: 'rollback_plan', judge: true, patterns: false },
      { id: 'owner_named', judge: false, patterns: true },
    ])
  })

  test("a quote that is the task's own text is no evidence, although the candidate holds it: the item is not met, with the reason", () => {
    const result = decideChecklist(items, answer([['rollback_plan', true, 'Every deploy needs a rollback plan'], ['owner_named', false, ''], ['canary_share', true, 'a canary at 5 %']]), shown, prompt, checklistScore(items, []))
    expect(result.decisions![0]).toMatchObject({ id: 'rollback_plan', met: false, judgeMet: true, quoteVerified: false })
    expect(result.decisions![0]!.reason).toBe("claimed met, not accepted: the quote is in a line or sentence the candidate copied from the task's prompt (its brief, constraints or role descriptions), not in its own text")
    expect(result.covered).toEqual(['canary_share'])
  })

  test("an elided quote with a fragment from a copied sentence is not the candidate's own text; the prompt's words inside the candidate's own longer sentence are", () => {
    const copied = decideChecklist(items, answer([['rollback_plan', true, 'Rollback completes within 3 minutes … Every deploy needs a rollback plan'], ['owner_named', false, ''], ['canary_share', false, '']]), shown, prompt, checklistScore(items, []))
    expect(copied.decisions![0]!.met).toBe(false)
    // The same rule as the patterns': only a whole copied line or sentence is left out.
    const longer = 'Every deploy needs a rollback plan, kept in the runbook and rehearsed monthly.\n'
    const own = decideChecklist(items, answer([['rollback_plan', true, 'Every deploy needs a rollback plan'], ['owner_named', false, ''], ['canary_share', false, '']]), longer, withoutPromptCopies(longer, task), checklistScore(items, []))
    expect(own.decisions![0]!.met).toBe(true)
  })
})
