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
})
