import { allAgents, produceDeliverable } from './agent.js'
import { type Handoff, handoffBlock, roleIdentity } from './prompts.js'
import { synthesize } from './synthesis.js'
import type { Topology } from './types.js'

/** Assignment of a specialist who works on the whole task in parallel with colleagues. */
export const PARALLEL_SPECIALIST_ASSIGNMENT =
  'Work on the whole task from your focus. Report everything you find; what lies outside your focus is still worth reporting if you notice it. A synthesizer will merge your work with your colleagues\'.'

/** Specialists work in parallel on the whole task; a synthesizer merges their work, seen in full. */
export const star: Topology = {
  id: 'star',
  description: 'specialists in parallel, each with the full task; a synthesizer merges their complete work',
  structuralRoles: ['synthesizer'],
  estimate: { calls: (task) => task.roles.length + 1, chain: () => 2 },
  async run(ctx) {
    const drafts = await allAgents(
      ctx.task.roles.map((role) =>
        produceDeliverable(ctx, {
          who: roleIdentity(role, ctx.lessons(role.id)),
          phase: 'specialist',
          assignment: PARALLEL_SPECIALIST_ASSIGNMENT,
        }).then((reply) => ({ role, reply })),
      ),
    )
    const handoffs: Handoff[] = drafts.map(({ role, reply }) => ({ from: role.name, title: `Work of the ${role.name}`, content: reply.value }))
    const synthesis = await synthesize(ctx, {
      context: [handoffBlock('Work of the specialists, in full', handoffs)],
      dependsOn: drafts.map((d) => d.reply.lastCallId),
      what: 'the specialists\' work',
    })
    return synthesis.value
  },
}
