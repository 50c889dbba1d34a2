import { describe, expect, test } from 'vitest'
import { countWord, idList, rescopeText, scopeConstraint } from '../../lib/tasks/scope.js'

const PRS = { one: 'pull request', many: 'pull requests' }
const ALL = Array.from({ length: 14 }, (_, i) => `d${String(i + 1).padStart(2, '0')}`)

describe('rescopeText: a text written for every unit, said of the kept ones', () => {
  test('the count before the unit noun and the range of all units become the kept count and ids', () => {
    const kept = ['d07', 'd08', 'd12', 'd13', 'd14']
    expect(rescopeText('Fourteen pull requests, d01 to d14, are waiting.', ALL, kept, PRS)).toBe('Five pull requests, d07, d08, d12, d13 and d14, are waiting.')
    expect(rescopeText('- diff: the pull request id (d01 ... d14);', ALL, kept, PRS)).toBe('- diff: the pull request id (d07, d08, d12, d13 and d14);')
    expect(rescopeText('Security: all fourteen pull requests, read as 14 pull requests are.', ALL, kept, PRS)).toBe('Security: all five pull requests, read as five pull requests are.')
  })

  test('one unit kept is spoken of in the singular', () => {
    expect(rescopeText('Review fourteen pull requests', ALL, ['d03'], PRS)).toBe('Review one pull request')
  })

  test('a count of other things, or a range of other ids, is left as it is', () => {
    const text = 'Fourteen days, d01 to d05, and fourteen tickets.'
    expect(rescopeText(text, ALL, ['d01'], PRS)).toBe(text)
  })
})

describe('countWord and idList', () => {
  test('words up to twenty, digits above; ids joined as prose', () => {
    expect([countWord(1), countWord(14), countWord(20), countWord(36)]).toEqual(['one', 'fourteen', 'twenty', '36'])
    expect([idList(['a']), idList(['a', 'b']), idList(['a', 'b', 'c'])]).toEqual(['a', 'a and b', 'a, b and c'])
  })
})

describe('scopeConstraint: the units a restricted case covers', () => {
  const noun = { one: 'pull request', many: 'pull requests' }
  test('several units are counted and listed; one unit is named in the singular', () => {
    expect(scopeConstraint(['d07', 'd08', 'd12'], noun)).toBe('This case covers only the three pull requests d07, d08 and d12, the ones shown below; hand in work on these and no other.')
    expect(scopeConstraint(['d02'], noun)).toBe('This case covers only the pull request d02, the one shown below; hand in work on it and no other.')
  })
})
