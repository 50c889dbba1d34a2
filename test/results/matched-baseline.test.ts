import { describe, expect, test } from 'vitest'
import { BASELINE_TOPOLOGIES, budgetPeerOf, carriesStarMatchedMark, computeMatchedBaseline, ESTIMATED_MARK, estimatedBudgetNote, estimatedBudgetTasks, isSingleAgent, matchedBaselineName, matchedNotes, matchedPeerOf, matchedSingleId, matchedToAnother, starMatchedName, starMatchedNote, starMatchedRows } from '../../lib/results/matched-baseline.js'

describe('matched self_refine ids', () => {
  test('self_refine@<peer> names the peer whose spend it copies; any other id has no peer', () => {
    expect(matchedSingleId('hrm')).toBe('self_refine@hrm')
    expect(matchedPeerOf('self_refine@hrm')).toBe('hrm')
    expect(matchedPeerOf(matchedSingleId('peer_review'))).toBe('peer_review')
    for (const id of ['self_refine', 'single@4000', 'hrm', 'xself_refine@hrm']) expect(matchedPeerOf(id), id).toBeNull()
  })
})

describe('budgetPeerOf', () => {
  test("self_refine follows star unless its budget is fixed; a matched variant follows its peer; others follow no one", () => {
    expect(budgetPeerOf('self_refine')).toBe('star')
    expect(budgetPeerOf('self_refine', true)).toBeNull()
    expect(budgetPeerOf('self_refine@hrm', true)).toBe('hrm')
    expect(budgetPeerOf('star')).toBeNull()
    expect(budgetPeerOf('single')).toBeNull()
  })
})

describe('isSingleAgent', () => {
  test('single, self_refine, its matched variants and single@<budget> are one agent; organisations are not', () => {
    expect(['single', 'self_refine', 'self_refine@star', 'single@8000'].map(isSingleAgent)).toEqual([true, true, true, true])
    expect(['star', 'hrm', 'pipeline', 'singles'].map(isSingleAgent)).toEqual([false, false, false, false])
  })
})

describe('computeMatchedBaseline', () => {
  test("an organisation's own matched variant when the run has it, self_refine otherwise; none for a single agent", () => {
    expect(computeMatchedBaseline('hrm', new Set(['self_refine@hrm', 'self_refine']))).toBe('self_refine@hrm')
    expect(computeMatchedBaseline('hrm', new Set(['self_refine@star']))).toBe(BASELINE_TOPOLOGIES.vsSelfRefine)
    expect(computeMatchedBaseline('hrm')).toBe('self_refine')
    expect(computeMatchedBaseline('self_refine@hrm', new Set(['self_refine@hrm']))).toBeNull()
    expect(computeMatchedBaseline('single')).toBeNull()
  })
})

describe('matchedBaselineName', () => {
  test("plain self_refine standing in for another organisation's matched variant says whose spend it matched", () => {
    expect(matchedBaselineName('hrm', 'self_refine')).toBe("self_refine, matched to star's spend, not hrm's")
    expect(matchedBaselineName('star', 'self_refine')).toBe('self_refine')
    expect(matchedBaselineName('hrm', 'self_refine@hrm')).toBe('self_refine@hrm')
  })
})

describe('estimated budgets', () => {
  test("the tasks where self_refine's budget was an estimate, once each, sorted", () => {
    const cases = [
      { task: 'b_task', topology: 'self_refine', budgetSource: 'estimate' },
      { task: 'a_task', topology: 'self_refine', budgetSource: 'estimate' },
      { task: 'b_task', topology: 'self_refine', budgetSource: 'estimate' },
      { task: 'c_task', topology: 'self_refine', budgetSource: 'star' },
      { task: 'd_task', topology: 'self_refine@hrm', budgetSource: 'estimate' },
      { task: 'e_task', topology: 'self_refine' },
    ]
    expect(estimatedBudgetTasks(cases)).toEqual(['a_task', 'b_task'])
  })

  test('the note names the tasks and the way to a fixed budget; a learning run says why it always estimates; no task, no note', () => {
    expect(estimatedBudgetNote([])).toBeNull()
    expect(estimatedBudgetNote(['a_task', 'b_task'])).toBe(`${ESTIMATED_MARK} vs an estimated budget: self_refine had no star spend to match on a_task, b_task (star not in the run, or none of its trials finished), so its budget was estimated from its own first draft; set ORGBENCH_SELF_REFINE_BUDGET or run star with it`)
    expect(estimatedBudgetNote(['a_task'], { learning: true })).toMatch(/^† vs an estimated budget: in a learning run self_refine's arm is never matched to star's spend .* so on a_task its budget was estimated from its own first draft; set ORGBENCH_SELF_REFINE_BUDGET for a fixed one$/)
  })
})

const d = (against: string, mean: number | null = 1) => ({ against, mean })

describe("self_refine matched to star's spend", () => {
  test('is a compute-matched baseline for star only; an organisation with its own matched arm is matched to itself', () => {
    expect(matchedToAnother('star', 'self_refine')).toBe(false)
    expect(matchedToAnother('hrm', 'self_refine')).toBe(true)
    expect(matchedToAnother('hrm', 'self_refine@hrm')).toBe(false)
    expect(matchedToAnother('self_refine', 'self_refine')).toBe(false)
  })
  test("the rows it stands in for are named under the table, with what would match them", () => {
    const groups = [{ topology: 'star', vsSelfRefine: d('self_refine') }, { topology: 'hrm', vsSelfRefine: d('self_refine') }, { topology: 'pipeline', vsSelfRefine: d('self_refine@pipeline') }, { topology: 'peer_review', vsSelfRefine: d('self_refine', null) }]
    expect(starMatchedRows(groups)).toEqual(['hrm'])
    expect(starMatchedNote(['hrm', 'peer_review'])).toBe(
      "‡ vs self_refine matched to star's spend, not the row's own (hrm, peer_review): not a compute-matched comparison for these; ORGBENCH_COMPUTE_MATCHED=on runs a self_refine@<topology> matched to each organisation",
    )
    expect(starMatchedNote([])).toBeNull()
  })
  test('a Δ vs matched carries the mark when it is shown and against self_refine in the row of an organisation other than star', () => {
    expect(carriesStarMatchedMark('hrm', d('self_refine'))).toBe(true)
    expect(carriesStarMatchedMark('hrm', d('self_refine', null))).toBe(false)
    expect(carriesStarMatchedMark('hrm', d('self_refine@hrm'))).toBe(false)
    expect(carriesStarMatchedMark('star', d('self_refine'))).toBe(false)
    expect(carriesStarMatchedMark('hrm', null)).toBe(false)
  })
  test('a sentence names that self_refine by whose spend it matched', () => {
    expect(starMatchedName('hrm', 'self_refine')).toBe("self_refine (matched to star's spend, not hrm's)")
  })
  test('the table notes join the estimated-budget note and this one; none when neither applies', () => {
    const groups = [{ topology: 'hrm', vsSelfRefine: d('self_refine') }]
    expect(matchedNotes(groups, ['t1'])).toMatch(/^† vs an estimated budget: .* on t1 .*\. ‡ vs self_refine matched to star's spend, not the row's own \(hrm\)/)
    expect(matchedNotes([{ topology: 'star', vsSelfRefine: d('self_refine') }], [])).toBeNull()
  })
})
