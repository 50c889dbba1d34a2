import { produceDeliverable } from './agent.js'
import { type Handoff, handoffBlock, roleIdentity, structuralIdentity } from './prompts.js'
import type { Topology } from './types.js'

/** Specialists work in parallel on the whole task; a synthesizer merges their work, seen in full. */
export const star: Topology = {
  id: 'star',
  description: 'specialists in parallel, each with the full task; a synthesizer merges their complete work',
  async run(ctx) {
    const drafts = await Promise.all(
      ctx.task.roles.map((role) =>
        produceDeliverable(ctx, {
          who: roleIdentity(role, ctx.lessons(role.id)),
          phase: 'specialist',
          assignment:
            'Work on the whole task from your focus. Report everything you find; what lies outside your focus is still worth reporting if you notice it. A synthesizer will merge your work with your colleagues\'.',
        }).then((reply) => ({ role, reply })),
      ),
    )
    const handoffs: Handoff[] = drafts.map(({ role, reply }) => ({ from: role.name, title: `Work of the ${role.name}`, content: reply.value }))
    const synthesis = await produceDeliverable(ctx, {
      who: structuralIdentity('synthesizer', 'synthesizer', 'You merge the specialists\' work into one deliverable.', ctx.lessons('synthesizer')),
      phase: 'synthesis',
      context: [handoffBlock('Work of the specialists, in full', handoffs)],
      assignment:
        'Merge the specialists\' work into the single complete deliverable. Keep every concrete value and every well-founded finding; remove duplicates; drop claims the task inputs contradict; where specialists disagree, decide on the evidence.',
      dependsOn: drafts.map((d) => d.reply.lastCallId),
    })
    return synthesis.value
  },
}
