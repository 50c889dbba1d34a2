import { describe, expect, test } from 'vitest'
import type { ItemGrade } from '../../lib/human/grades.js'
import { identicalGraders, identicalMessage } from '../../lib/human/identical.js'

const grade = (grader: string, item: string, preference: 'A' | 'B' | 'tie' | null, a: Record<string, number>, b: Record<string, number> = a): ItemGrade => ({ grader, item, preference, scores: { A: a, B: b } })

describe('identicalGraders', () => {
  test('two graders with the same answer everywhere they overlap are found, with how much they share', () => {
    const ann = [grade('Ann', 'h001', 'A', { accuracy: 7, depth: 5 }), grade('Ann', 'h002', 'B', { clarity: 3 })]
    const bob = ann.map((g) => ({ ...g, grader: 'Bob' }))
    expect(identicalGraders([...ann, ...bob])).toEqual([{ a: 'Ann', b: 'Bob', answers: 8, items: 2 }])
  })

  test('one different answer is disagreement, not a copy', () => {
    const ann = [grade('Ann', 'h001', 'A', { accuracy: 7, depth: 5 }), grade('Ann', 'h002', 'B', { clarity: 3 })]
    const bob = [grade('Bob', 'h001', 'A', { accuracy: 7, depth: 5 }), grade('Bob', 'h002', 'B', { clarity: 3 }, { clarity: 4 })]
    expect(identicalGraders([...ann, ...bob])).toEqual([])
  })

  test('only answers both gave count: what one of them left out is neither equal nor different', () => {
    const ann = [grade('Ann', 'h001', 'A', { accuracy: 7, depth: 5 }), grade('Ann', 'h002', 'B', { clarity: 3 })]
    const bob = [grade('Bob', 'h001', null, { accuracy: 7 }, { accuracy: 7, depth: 5 }), grade('Bob', 'h003', 'A', { clarity: 9 })]
    // Shared on h001: A accuracy, B accuracy, B depth (3, too few to tell); h003 is Bob's alone.
    expect(identicalGraders([...ann, ...bob])).toEqual([])
    // With h002 the same too: 6 shared answers, all equal.
    expect(identicalGraders([...ann, ...bob, grade('Bob', 'h002', 'B', { clarity: 3 })])).toEqual([{ a: 'Ann', b: 'Bob', answers: 6, items: 2 }])
  })

  test('agreeing on fewer than 5 shared answers is ordinary agreement', () => {
    const both = (grader: string) => grade(grader, 'h001', 'tie', { accuracy: 8 }, { accuracy: 8 })
    expect(identicalGraders([both('Ann'), both('Bob')])).toEqual([])
  })

  test('every pair is checked; graders with nothing in common are not compared', () => {
    const g = (grader: string, item: string) => grade(grader, item, 'A', { accuracy: 6, depth: 6 })
    expect(identicalGraders([g('Ann', 'h001'), g('Bob', 'h002'), g('Cy', 'h001')])).toEqual([{ a: 'Ann', b: 'Cy', answers: 5, items: 1 }])
  })

  test('the message names the graders, what they share, and the two ways on', () => {
    expect(identicalMessage([{ a: 'Ann', b: 'Bob', answers: 31, items: 6 }])).toBe(
      'graders Ann and Bob gave the same answer on all 31 answers they share (6 item(s)): one file is most likely a copy of the other\n' +
        'Counted as two graders, a copy makes their agreement read as perfect. Import one of the files, or pass --allow-identical if they really graded apart.',
    )
  })
})
