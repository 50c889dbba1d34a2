import { describe, expect, test } from 'vitest'
import { lessonTokens, updateLessons, type NewLesson } from '../../lib/learning/update.js'
import { defaultStoredLessons } from '../../lib/memory/store.js'

const provenance = (iteration: number) => ({ runId: 'r1', topology: 'star', iteration, failureMode: 'missed things', evidence: '"recall_medium": 3 of 6' })
const lesson = (text: string, audience: string[], iteration = 1): NewLesson => ({ text, audience, provenance: provenance(iteration) })
const A = 'Watch for medium items: read the inputs once more for them.'
const B = 'Watch for low items: read the inputs once more for them, too.'

describe('updateLessons (M_{i+1} = M_i + lessons, deduplicated and bounded)', () => {
  test('adds new lessons with their provenance and a stable id', () => {
    const { lessons, dropped } = updateLessons([], [lesson(A, ['security_reviewer'])], ['security_reviewer'], 1000)
    expect(lessons).toEqual([{ id: expect.stringMatching(/^learned-star-[0-9a-f]{8}$/), text: A, audience: ['security_reviewer'], provenance: provenance(1) }])
    expect(dropped).toEqual([])
    expect(updateLessons([], [lesson(A, ['x'])], ['x'], 1000).lessons[0]!.id).toBe(lessons[0]!.id)
  })

  test('a repeated lesson joins the held one; with no new addressee it is recorded as a duplicate', () => {
    const first = updateLessons([], [lesson(A, ['a'])], ['a', 'b'], 1000).lessons
    const second = updateLessons(first, [lesson(A.toUpperCase(), ['a', 'b'], 2)], ['a', 'b'], 1000)
    expect(second.lessons).toHaveLength(1)
    expect(second.lessons[0]!.audience).toEqual(['a', 'b'])
    expect(second.dropped).toEqual([])
    const third = updateLessons(second.lessons, [lesson(A, ['b'], 3)], ['a', 'b'], 1000)
    expect(third.dropped).toEqual([{ what: A, reason: `duplicate of lesson ${first[0]!.id}`, iteration: 3, topology: 'star' }])
  })

  test('a lesson another arm learned too keeps that arm\'s provenance beside the first, even when it adds no addressee', () => {
    const fromSingle: NewLesson = { text: A, audience: ['single', 'a', 'synthesizer'], provenance: { ...provenance(1), topology: 'single' } }
    const fromStar = lesson(A, ['a', 'synthesizer'])
    const { lessons, dropped } = updateLessons([], [fromSingle, fromStar, lesson(A, ['a'], 2)], ['single', 'a', 'synthesizer'], 1000)
    expect(lessons).toEqual([{ id: expect.stringMatching(/^learned-single-/), text: A, audience: ['single', 'a', 'synthesizer'], provenance: fromSingle.provenance, alsoLearnedBy: [provenance(1)] }])
    // star's second proposal of it names no new arm and no new agent: a duplicate.
    expect(dropped).toEqual([{ what: A, reason: `duplicate of lesson ${lessons[0]!.id}`, iteration: 2, topology: 'star' }])
  })

  test('over a role\'s token budget, its oldest learned lesson goes first, and the drop is recorded', () => {
    const budget = lessonTokens(A) + lessonTokens(B) - 1
    const { lessons, dropped } = updateLessons([], [lesson(A, ['a'], 1), lesson(B, ['a', 'b'], 2)], ['a', 'b'], budget)
    expect(lessons.map((l) => [l.text, l.audience])).toEqual([[B, ['a', 'b']]])
    expect(dropped).toEqual([{ what: expect.stringContaining(' for a'), reason: expect.stringContaining(`exceed the budget of ${budget} tokens`), iteration: 1, topology: 'star' }])
  })

  test('default lessons count against the budget but are never dropped', () => {
    const defaults = defaultStoredLessons()
    const { lessons, dropped } = updateLessons(defaults, [lesson(A, ['single'])], ['single'], 10)
    expect(lessons).toEqual(defaults)
    expect(dropped).toHaveLength(1)
  })
})
