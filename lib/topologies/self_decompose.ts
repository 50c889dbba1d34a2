import type { Role } from '../tasks/schema.js'
import { allAgents, askStructured, produceDeliverable } from './agent.js'
import { handoffBlock, roleIdentity, structuralIdentity } from './prompts.js'
import { proposedRoleId, roleKey } from './role-names.js'
import { MAX_PROPOSED_ROLES, MIN_PROPOSED_ROLES, ROLE_PROPOSAL_SCHEMA, RoleProposal, ROLES_PROPOSED_EVENT } from './schemas.js'
import { PARALLEL_SPECIALIST_ASSIGNMENT } from './star.js'
import { synthesize } from './synthesis.js'
import type { LessonLookup, Topology } from './types.js'

/** Marks the decomposition prompt; tests use it to provoke an invalid proposal in the simulator. */
export const PROPOSAL_ASSIGNMENT = `Propose the team for this task: ${MIN_PROPOSED_ROLES} to ${MAX_PROPOSED_ROLES} distinct specialist roles that together cover the whole task without overlapping. For each, give a short name and its focus: what it examines, never what it should conclude.`

/**
 * The lessons a proposed role reads. Memory addresses lessons by task role ids (learning expands
 * "specialists" into the roles that ran), which no proposed id matches; so a proposed role reads
 * the lessons of the task role it is (same name or id), or else the specialists' share: the
 * lessons every task role reads; and any lessons addressed to its own id.
 */
export function proposedRoleLessons(lessons: LessonLookup, taskRoles: readonly Role[], proposed: Pick<Role, 'id' | 'name'>): string[] {
  const key = roleKey(proposed.name)
  const same = taskRoles.find((r) => r.id === key || roleKey(r.name) === key)
  const perRole = taskRoles.map((r) => new Set(lessons(r.id)))
  const base = same ? lessons(same.id) : taskRoles.length === 0 ? [] : lessons(taskRoles[0]!.id).filter((text) => perRole.every((held) => held.has(text)))
  return [...new Set([...base, ...lessons(proposed.id)])]
}

/**
 * The organisation designs itself: a decomposer proposes 3-5 roles (zod-validated: count, names,
 * distinctness), the roles work in parallel on the whole task, and a synthesizer merges their work.
 * An invalid proposal is re-asked once by the client and then fails the run as a recorded error;
 * the organisation never runs with zero or degenerate roles.
 */
export const selfDecompose: Topology = {
  id: 'self_decompose',
  description: 'a decomposer proposes 3-5 roles; they work in parallel on the full task; a synthesizer merges their work',
  structuralRoles: ['decomposer', 'synthesizer'],
  estimate: { calls: () => 6, chain: () => 3 },
  async run(ctx) {
    const proposal = await askStructured(
      ctx,
      {
        who: structuralIdentity('decomposer', 'organiser', 'You decide which specialists the team needs.', ctx.lessons('decomposer')),
        phase: 'decompose',
        assignment: PROPOSAL_ASSIGNMENT,
      },
      ROLE_PROPOSAL_SCHEMA,
      RoleProposal,
      `Reply with only a JSON object matching the schema "${ROLE_PROPOSAL_SCHEMA}", with ${MIN_PROPOSED_ROLES} to ${MAX_PROPOSED_ROLES} roles of distinct names.`,
    )
    const roles: Role[] = proposal.value.roles.map((r) => {
      const id = proposedRoleId(r.name)
      return { id, name: r.name.trim(), focus: r.focus.trim(), memoryKey: id }
    })
    ctx.event({ type: ROLES_PROPOSED_EVENT, callIds: [proposal.lastCallId], detail: { roles: roles.map(({ id, name, focus }) => ({ id, name, focus })) } })

    const drafts = await allAgents(
      roles.map((role) =>
        produceDeliverable(ctx, {
          who: roleIdentity(role, proposedRoleLessons(ctx.lessons, ctx.task.roles, role)),
          phase: 'specialist',
          assignment: PARALLEL_SPECIALIST_ASSIGNMENT,
          dependsOn: [proposal.lastCallId],
        }),
      ),
    )
    const synthesis = await synthesize(ctx, {
      context: [handoffBlock('Work of the specialists, in full', roles.map((role, i) => ({ from: role.name, title: `Work of the ${role.name}`, content: drafts[i]!.value })))],
      dependsOn: drafts.map((d) => d.lastCallId),
      what: 'the specialists\' work',
    })
    return synthesis.value
  },
}
