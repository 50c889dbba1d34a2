import { produceDeliverable } from './agent.js'
import { soloIdentity } from './prompts.js'
import type { Topology } from './types.js'

/** The baseline: one agent, the whole task, the same facts the organisations get. */
export const single: Topology = {
  id: 'single',
  description: 'one agent with the full task and inputs, one call',
  structuralRoles: ['single'],
  estimate: { calls: () => 1, chain: () => 1 },
  async run(ctx) {
    const reply = await produceDeliverable(ctx, {
      who: soloIdentity(ctx.lessons('single')),
      phase: 'answer',
      assignment: 'Produce the complete deliverable for the task.',
    })
    return reply.value
  },
}
