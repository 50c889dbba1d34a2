import { describe, expect, test } from 'vitest'
import { topology, TOPOLOGIES } from '../../lib/topologies/index.js'
import { taskBlock } from '../../lib/topologies/prompts.js'
import { isStructuralRole, TOPOLOGY_IDS } from '../../lib/topologies/types.js'
import { runTopology, useSimulator } from './harness.js'

const sim = useSimulator()

describe('the topology registry', () => {
  test('registers every topology id, single and star first and self_refine after star', () => {
    expect(Object.keys(TOPOLOGIES).sort()).toEqual([...TOPOLOGY_IDS].sort())
    const order = Object.keys(TOPOLOGIES)
    expect(order.slice(0, 2)).toEqual(['single', 'star'])
    expect(order.indexOf('self_refine')).toBeGreaterThan(order.indexOf('star'))
    for (const [id, t] of Object.entries(TOPOLOGIES)) expect(t.id).toBe(id)
  })

  test('an unknown id is an error that lists the available topologies', () => {
    expect(() => topology('mesh')).toThrow(/unknown topology "mesh"; available: single, star, self_refine/)
  })
})

// Information parity: whatever its position, every agent reads the whole task, inputs included.
describe.each(['code_review_execution', 'strategic_planning'])('information parity on %s', (taskId) => {
  test.each([...TOPOLOGY_IDS])('every %s prompt contains the full task block, inputs verbatim; its structural agents are those its entry declares', async (id) => {
    const run = await runTopology(sim().url, id, taskId, { options: id === 'hrm' ? { maxSegments: 1 } : {} })
    expect(run.error).toBeNull()
    const block = taskBlock(run.task)
    expect(run.requests.length).toBeGreaterThan(0)
    for (const r of run.requests) expect(r.user.startsWith(block), `${r.role}/${r.phase}`).toBe(true)
    for (const input of run.task.resolvedInputs) expect(block).toContain(input.rendered)
    // Lessons for "specialists" and the report's spend by role tell structural agents apart by these ids.
    const structural = [...new Set(run.requests.map((r) => r.role).filter(isStructuralRole))].sort()
    expect(structural, 'structural agents it ran').toEqual([...TOPOLOGIES[id].structuralRoles].sort())
  })
})
