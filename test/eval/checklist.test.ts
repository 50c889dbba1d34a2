import { describe, expect, test } from 'vitest'
import { patternOf, scoreChecklist, scoreTaskText } from '../../lib/eval/checklist.js'
import type { ChecklistItem } from '../../lib/tasks/schema.js'

/** Three items, one of them must-pass. score = 100 × covered / items. */
const items: ChecklistItem[] = [
  { id: 'cap', description: 'Proposes a liability cap', patterns: ['liabilit(y|ies) (is )?capped', 'cap on liability'], mustPass: false },
  { id: 'sccs', description: 'Proposes SCCs for transfers', patterns: ['\\bSCCs?\\b', 'standard contractual clauses'], mustPass: true },
  { id: 'notice', description: 'Asks for 90 days of notice', patterns: ['90[- ]days?'], mustPass: false },
]

describe('scoreChecklist', () => {
  test('perfect: every item covered, case-insensitively, by any one of its patterns', () => {
    const s = scoreChecklist(items, 'Liability is capped at annual fees. Use Standard Contractual Clauses. Renewal needs 90 days notice.')
    expect(s).toEqual({ score: 100, covered: ['cap', 'sccs', 'notice'], missing: [], mustPass: [{ id: 'sccs', description: 'Proposes SCCs for transfers', caught: true }] })
  })

  test('partial: one item of three', () => {
    const s = scoreChecklist(items, 'We propose a cap on liability of 12 months of fees.')
    expect(s).toEqual({ score: 33.3333, covered: ['cap'], missing: ['sccs', 'notice'], mustPass: [{ id: 'sccs', description: 'Proposes SCCs for transfers', caught: false }] })
  })

  test('empty: 0 and the must-pass item missed', () => {
    expect(scoreChecklist(items, '')).toMatchObject({ score: 0, covered: [], missing: ['cap', 'sccs', 'notice'] })
  })

  test('vague text that only mentions the topics covers nothing', () => {
    const s = scoreChecklist(items, 'Liability matters. Transfers of data matter. Notice periods matter. SCCsX is not a word we look for.')
    expect(s).toMatchObject({ score: 0, covered: [] })
  })

  test('two items of three: 66.6667', () => {
    expect(scoreChecklist(items, 'Transfers rely on SCCs; renewal needs 90-day notice.')).toMatchObject({ score: 66.6667, covered: ['sccs', 'notice'], missing: ['cap'] })
  })

  test('no items: score 0, nothing to pass', () => {
    expect(scoreChecklist([], 'anything')).toEqual({ score: 0, covered: [], missing: [], mustPass: [] })
  })
})

describe('patternOf', () => {
  test('compiles a pattern once, case-insensitively, and keeps no state from one text to the next', () => {
    const re = patternOf('liab\\w+ cap')
    expect(patternOf('liab\\w+ cap')).toBe(re)
    expect(re.flags).toBe('i')
    expect([re.test('A LIABILITY CAP'), re.test('a liability cap'), re.test('no match'), re.test('liability cap')]).toEqual([true, true, false, true])
  })
})

describe('scoreChecklist reads the text passage by passage', () => {
  const unwind: ChecklistItem = { id: 'unwind', description: 'Removes liquidity, then swaps to USDC', patterns: ['^(?=[\\s\\S]*remove liquidity)(?=[\\s\\S]*swap[^\\n]*USDC)'], mustPass: true }

  test('a numbered procedure spread over lines is one passage', () => {
    expect(scoreChecklist([unwind], '1. Halt.\n2. Remove liquidity from A and B.\n3. Swap SOL to USDC.').covered).toEqual(['unwind'])
  })

  test('two paragraphs are two passages: a pattern spanning lines does not join them', () => {
    expect(scoreChecklist([unwind], '2. Remove liquidity from A and B.\n\n## Fees\n\nSwap fees are paid in USDC.').covered).toEqual([])
  })

  test('a short line and a lone table row are read too', () => {
    const item: ChecklistItem = { id: 'row', description: 'Caps S4', patterns: ['S4 \\| 8,000'], mustPass: false }
    expect(scoreChecklist([item], '| S4 | 8,000 |').covered).toEqual(['row'])
    expect(scoreChecklist([{ ...item, patterns: ['^SCCs$'] }], 'SCCs').covered).toEqual(['row'])
  })
})

describe('scoreChecklist with refuseNegated', () => {
  const halt: ChecklistItem = { id: 'halt', description: 'Halts at a 20 % drawdown', patterns: ['halt[^.\\n]{0,40}20 % drawdown'], mustPass: true }

  test('a match negated in its clause does not count when the item refuses negated matches', () => {
    const text = 'We do not use a halt: a 20 % drawdown is normal.'
    expect(scoreChecklist([halt], text).covered).toEqual(['halt'])
    expect(scoreChecklist([{ ...halt, refuseNegated: true }], text).covered).toEqual([])
  })

  test('a later match that is not negated counts', () => {
    expect(scoreChecklist([{ ...halt, refuseNegated: true }], 'We do not use a halt: a 20 % drawdown is normal.\nThe bot will halt at a 20 % drawdown.').covered).toEqual(['halt'])
  })
})

describe('scoreTaskText', () => {
  const task = {
    checklist: items,
    brief: 'Review the supplier contract. Propose standard contractual clauses for every transfer outside the EEA.',
    hardConstraints: ['90 days of notice before renewal'],
    roles: [{ id: 'counsel', name: 'Counsel', focus: 'Examines liability, transfers and renewal terms of the contract.', memoryKey: 'counsel' }],
  }

  test('the prompt copied verbatim meets no item, although the patterns find every item in it', () => {
    const copy = 'Propose standard contractual clauses for every transfer outside the EEA.\n- 90 days of notice before renewal'
    expect(scoreChecklist(items, copy).covered).toEqual(['sccs', 'notice'])
    expect(scoreTaskText(task, copy).covered).toEqual([])
  })

  test('the same items in the deliverable\'s own words are met, also in a line that copies another sentence', () => {
    const own = 'Review the supplier contract. We propose SCCs for the US transfer.\nRenewal needs 90 days notice.'
    expect(scoreTaskText(task, own).covered).toEqual(['sccs', 'notice'])
  })
})
