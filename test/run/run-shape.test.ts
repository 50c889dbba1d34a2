import { describe, expect, test } from 'vitest'
import { workloadOf } from '../../lib/run/run-shape.js'
import { makeRecord } from '../results/fixtures.js'
import { callRecord as call } from '../support/calls.js'

describe('workloadOf', () => {
  test('counts calls and tokens; self_refine\'s chain starts after star\'s of the same task', () => {
    const star = { ...makeRecord({ task: 't', topology: 'star' }), calls: [call({ id: 'a' }), call({ id: 'b', dependsOn: ['a'] })] }
    const refine = { ...makeRecord({ task: 't', topology: 'self_refine' }), calls: [call({ id: 'a' }), call({ id: 'b', dependsOn: ['a'] }), call({ id: 'c', dependsOn: ['b'] })] }
    const other = { ...makeRecord({ task: 'u', topology: 'self_refine' }), calls: [call({ id: 'a' })] }
    expect(workloadOf([star, refine, other])).toEqual({ calls: 6, tokens: 6 * 150, chain: 2 + 3 })
  })
  test('self_refine@<peer>\'s chain starts after its peer\'s of the same task', () => {
    const hrm = { ...makeRecord({ task: 't', topology: 'hrm' }), calls: [call({ id: 'a' }), call({ id: 'b', dependsOn: ['a'] }), call({ id: 'c', dependsOn: ['b'] }), call({ id: 'd', dependsOn: ['c'] })] }
    const matched = { ...makeRecord({ task: 't', topology: 'self_refine@hrm' }), calls: [call({ id: 'a' }), call({ id: 'b', dependsOn: ['a'] })] }
    const star = { ...makeRecord({ task: 't', topology: 'star' }), calls: [call({ id: 'a' })] }
    expect(workloadOf([hrm, matched, star]).chain).toBe(4 + 2)
  })
})
