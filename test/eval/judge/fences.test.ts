import { describe, expect, test } from 'vitest'
import { indentedCodeLines, lineKinds } from '../../../lib/eval/judge/fences.js'

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

describe('indentedCodeLines', () => {
  const code = (lines: string[]) => indentedCodeLines(lines, lineKinds(lines))

  test('an indented line after a blank line starts a block; the blank lines inside it belong to it, those after it do not', () => {
    expect(code(['Text', '', '    a', '', '    b', '', 'After'])).toEqual([false, false, true, true, true, false, false])
  })

  test('an indented line under text or under a list item is not code', () => {
    expect(code(['Text', '    more text'])).toEqual([false, false])
    expect(code(['- item', '', '    the item goes on', '1. next', '    nested'])).toEqual([false, false, false, false, false])
  })

  test('lines inside a fence are the fence\'s, never indented code', () => {
    expect(code(['```', '', '    x', '```'])).toEqual([false, false, false, false])
  })
})
