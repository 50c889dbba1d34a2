import { expect, test } from 'vitest'
import { learningJob } from '../../lib/ci/plan.js'
import { DEFAULT_ARMS } from '../../lib/learning/arms.js'
import { TOPOLOGY_IDS } from '../../lib/topologies/types.js'

test('the learning loop compares the single agent, self_refine and the organisation, in that order', () => {
  expect(DEFAULT_ARMS).toEqual(['single', 'self_refine', 'star'])
})

test("the weekly plan runs the learning job for a topologies input that selects one of these arms, and only then", () => {
  for (const id of TOPOLOGY_IDS) expect(learningJob(true, ['enterprise'], id).runs, id).toBe(DEFAULT_ARMS.includes(id))
  expect(learningJob(true, ['enterprise'], 'hrm, star').runs).toBe(true)
})
