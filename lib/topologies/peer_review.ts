import { allAgents, askStructured, produceDeliverable } from './agent.js'
import { type Handoff, handoffBlock, roleIdentity } from './prompts.js'
import { Critique, CRITIQUE_SCHEMA } from './schemas.js'
import { PARALLEL_SPECIALIST_ASSIGNMENT } from './star.js'
import { synthesize } from './synthesis.js'
import type { Topology } from './types.js'

const CRITIQUE =
  'Critique each draft quoted above against the task and its inputs, from your focus and beyond it: what is missing, wrong, unsupported by the inputs or unclear. Be specific and cite the inputs; suggest the concrete change.'

/** The drafts reviewer `i` of `n` critiques: the next two, round-robin (fewer when the team is smaller). */
export function reviewedBy(i: number, n: number): number[] {
  return [...new Set([1, 2].map((d) => (i + d) % n))].filter((j) => j !== i)
}

/**
 * Specialists draft in parallel; each critiques two colleagues' drafts, read in full; a synthesizer
 * merges every draft and every critique, all in full.
 */
export const peerReview: Topology = {
  id: 'peer_review',
  description: 'specialists draft in parallel, each critiques two others\' drafts in full, a synthesizer merges all drafts and critiques',
  structuralRoles: ['synthesizer'],
  estimate: { calls: (task) => 2 * task.roles.length + 1, chain: () => 3 },
  async run(ctx) {
    const roles = ctx.task.roles
    const drafts = await allAgents(
      roles.map((role) =>
        produceDeliverable(ctx, { who: roleIdentity(role, ctx.lessons(role.id)), phase: 'draft', assignment: PARALLEL_SPECIALIST_ASSIGNMENT }),
      ),
    )
    const draftHandoff = (j: number): Handoff => ({ from: roles[j]!.name, title: `Draft of the ${roles[j]!.name}`, content: drafts[j]!.value })
    const critiques = await allAgents(
      roles.map((role, i) => {
        const reviewed = reviewedBy(i, roles.length)
        return askStructured(
          ctx,
          {
            who: roleIdentity(role, ctx.lessons(role.id)),
            phase: 'critique',
            context: [handoffBlock('Drafts to review, in full', reviewed.map(draftHandoff))],
            assignment: CRITIQUE,
            dependsOn: reviewed.map((j) => drafts[j]!.lastCallId),
          },
          CRITIQUE_SCHEMA,
          Critique,
          `Reply with only a JSON object matching the schema "${CRITIQUE_SCHEMA}": one review per draft, naming the draft by its heading.`,
        )
      }),
    )
    const synthesis = await synthesize(ctx, {
      context: [
        handoffBlock('Drafts of the specialists, in full', roles.map((_, j) => draftHandoff(j))),
        handoffBlock(
          'Critiques of the drafts, in full',
          roles.map((role, i) => ({ from: role.name, title: `Critique by the ${role.name}`, content: { kind: 'structured', schema: CRITIQUE_SCHEMA, data: critiques[i]!.value } })),
        ),
      ],
      dependsOn: [...drafts, ...critiques].map((r) => r.lastCallId),
      what: 'the specialists\' drafts, taking their colleagues\' critiques into account,',
    })
    return synthesis.value
  },
}
