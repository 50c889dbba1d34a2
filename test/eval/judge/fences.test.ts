import { describe, expect, test } from 'vitest'
import { lineKinds } from '../../../lib/eval/judge/fences.js'

describe('lineKinds', () => {
  test('marks the fence lines and the code between them; prose before and after', () => {
    expect(lineKinds(['Intro', '```py', 'x = 1', '', '```', 'After'])).toEqual(['prose', 'fence', 'code', 'code', 'fence', 'prose'])
  })

  test('a longer fence holds a shorter one, and only a line of the same character closes it', () => {
    expect(lineKinds(['````md', '```', '~~~~', '````'])).toEqual(['fence', 'code', 'code', 'fence'])
  })

  test('a fence that never closes runs to the end', () => {
    expect(lineKinds(['~~~', 'a', '```'])).toEqual(['fence', 'code', 'code'])
  })
})
