import { describe, expect, test } from 'vitest'
import { TOPOLOGY_IDS } from '../../lib/topologies/types.js'
import { runTopology, useSimulator } from './harness.js'

/*
 * Without a json_schema response format the endpoint holds no reply to a schema: every structured
 * request of an organisation (a plan, a critique, proposed roles, the deliverable) must say in its
 * prompt what JSON it wants, or a model has to guess the fields. The simulator reads the statement
 * as a model would (lib/sim/stated-schema.ts).
 */
const sim = useSimulator()

describe.each(['json_object', 'none'] as const)('ORGBENCH_RESPONSE_FORMAT=%s', (responseFormat) => {
  test.each([...TOPOLOGY_IDS])('%s hands in its deliverable with every call answered: the simulator answers a structured request only when its prompt states the schema', async (id) => {
    const run = await runTopology(sim().url, id, 'code_review_execution', { responseFormat })
    expect(run.error).toBeNull()
    expect(run.deliverable?.kind).toBe('structured')
    expect(run.calls.every((c) => c.error === null)).toBe(true)
  })
})
