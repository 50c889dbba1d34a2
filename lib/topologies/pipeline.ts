import { produceDeliverable } from './agent.js'
import { type Handoff, handoffBlock, roleIdentity } from './prompts.js'
import type { Deliverable, Topology } from './types.js'

const FIRST = 'You are the first of a pipeline of specialists. Produce the complete deliverable from your focus; the next specialists will build on it.'
const LATER =
  'Earlier specialists of the pipeline handed in the work quoted above, in full. Build on all of it: keep what is right, correct what is wrong against the task inputs, and add what your focus finds. Hand in the complete deliverable, not only your changes.'
const LAST =
  'You are the last specialist of the pipeline: your deliverable is the one handed in. Earlier specialists handed in the work quoted above, in full. Build on all of it: keep what is right, correct what is wrong against the task inputs, and add what your focus finds. Hand in the complete deliverable.'

/**
 * Specialists in series, in the task's role order. Each sees the whole task and every earlier
 * specialist's complete work (the accumulated document, not only its predecessor's output); the
 * last one's deliverable is the organisation's.
 */
export const pipeline: Topology = {
  id: 'pipeline',
  description: 'specialists in series; each sees the full task and all earlier work in full; the last hands in the deliverable',
  structuralRoles: [],
  estimate: { calls: (task) => task.roles.length, chain: (task) => task.roles.length },
  async run(ctx) {
    const roles = ctx.task.roles
    const earlier: Array<Handoff & { callId: string }> = []
    let last: Deliverable | null = null
    for (const [i, role] of roles.entries()) {
      const reply = await produceDeliverable(ctx, {
        who: roleIdentity(role, ctx.lessons(role.id)),
        phase: 'stage',
        context: [handoffBlock('Work of the earlier specialists, in full', earlier)],
        assignment: i === 0 ? FIRST : i === roles.length - 1 ? LAST : LATER,
        dependsOn: earlier.map((h) => h.callId),
        labels: { stage: i + 1 },
      })
      earlier.push({ from: role.name, title: `Stage ${i + 1}: work of the ${role.name}`, content: reply.value, callId: reply.lastCallId })
      last = reply.value
    }
    if (!last) throw new Error(`task ${ctx.task.id} has no roles to run a pipeline with`)
    return last
  },
}
