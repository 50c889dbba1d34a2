import { describe, expect, test } from 'vitest'
import { ALL_CONTRIBUTOR_NOUNS, MIN_MENTIONS, nounPattern, nounsBesides, nounsUsedBy } from '../../../lib/eval/judge/contributor-nouns.js'

describe('nounsUsedBy', () => {
  test('a noun the task uses as a name (capitalised inside a sentence) is a term of the task', () => {
    const brief = 'An organisation of LLM-based agents: Intake, Planner, Worker A, Worker B and Reviewer.\n- **Planner**: plans the steps.'
    expect(nounsUsedBy(brief)).toEqual(['reviewer'])
    expect(nounsUsedBy('Escalate to the Coordinator.')).toEqual(['coordinator'])
    expect(nounsUsedBy('Roles:\n- **Reviewer**: checks every finished work item.')).toEqual(['reviewer'])
  })

  test(`a noun used ${MIN_MENTIONS} times or more, singular or plural, in any case, is a term of the task`, () => {
    expect(nounsUsedBy('Agents pick tickets. An agent may hold three. AGENTS log every step.')).toEqual(['agent'])
    expect(nounsUsedBy('Agents pick tickets. An agent may hold three.')).toEqual([])
  })

  test('a single passing mention is not: an organisation\'s "Specialist notes:" stays a label there', () => {
    expect(nounsUsedBy('Route it to L2 (product specialists). Two SPECIALISTS on call.')).toEqual([])
    expect(nounsUsedBy('Sentence. Reviewer comments are optional.')).toEqual([])
  })

  test('a noun inside a longer word is not the noun', () => {
    const text = 'A critical path, legal expertise, a travel agency and a coordination channel.'
    expect(nounsUsedBy([text, text, text].join('\n'))).toEqual([])
  })

  test('a compound counts for its own noun and the noun it ends with', () => {
    expect(nounsUsedBy('Each sub-agent reports to a co-reviewer. '.repeat(3))).toEqual(['sub-agent', 'reviewer', 'co-reviewer', 'agent'])
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
