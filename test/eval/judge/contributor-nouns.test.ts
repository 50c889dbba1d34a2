import { describe, expect, test } from 'vitest'
import { ALL_CONTRIBUTOR_NOUNS, nounPattern, nounsBesides, nounsUsedBy } from '../../../lib/eval/judge/contributor-nouns.js'

describe('nounsUsedBy', () => {
  test('finds the contributor nouns a brief uses, singular or plural, in any case', () => {
    const brief = 'An organisation of five LLM-based agents:\n- **Planner**: plans the steps.\n- **Reviewer**: checks every finished work item.'
    expect(nounsUsedBy(brief)).toEqual(['reviewer', 'agent'])
    expect(nounsUsedBy('Two SPECIALISTS and a Coordinator.')).toEqual(['coordinator', 'specialist'])
  })

  test('a noun inside a longer word is not the noun', () => {
    expect(nounsUsedBy('A critical path, legal expertise, a travel agency and a coordination channel.')).toEqual([])
  })

  test('a compound names its own noun and the noun it ends with', () => {
    expect(nounsUsedBy('Each sub-agent reports to a co-reviewer.')).toEqual(['sub-agent', 'reviewer', 'co-reviewer', 'agent'])
  })
})

describe('nounPattern', () => {
  test('matches the given nouns only', () => {
    const re = new RegExp(`^${nounPattern(['reviewer', 'team member'])}$`, 'i')
    expect(['Reviewers', 'reviewer', 'team members'].map((w) => re.test(w))).toEqual([true, true, true])
    expect(['agent', 'specialist'].map((w) => re.test(w))).toEqual([false, false])
  })

  test('of no nouns, never matches, so a rule built from it fires on nothing', () => {
    expect(new RegExp(`${nounPattern([])}`, 'i').test('reviewer')).toBe(false)
  })
})

test('nounsBesides leaves out exactly the given nouns', () => {
  const rest = nounsBesides(['reviewer', 'agent'])
  expect(rest).not.toContain('reviewer')
  expect(rest).not.toContain('agent')
  expect(rest.length).toBe(ALL_CONTRIBUTOR_NOUNS.length - 2)
})
