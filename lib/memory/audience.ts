import { closestMatch } from '../text.js'
import { PROPOSED_ROLE_PREFIX, STRUCTURAL_ROLES } from '../topologies/types.js'

/** What a memory version is checked against: the task it belongs to and the ids of its roles. */
export interface AudienceTask {
  id: string
  roles: readonly { id: string }[]
}

/** Audiences that name a group of agents rather than one: every agent, or every agent that is not structural. */
const GROUPS = ['specialists', 'all'] as const

/**
 * Why a lesson addressed to `audience` would reach no agent of the task, or null when it names one:
 * a task role id, a structural role, a group, or a role self_decompose proposed (which learning
 * may address, since it reads memory in that organisation).
 */
function audienceProblem(audience: string, task: AudienceTask): string | null {
  const known = [...task.roles.map((r) => r.id), ...STRUCTURAL_ROLES, ...GROUPS]
  if (known.includes(audience) || audience.startsWith(PROPOSED_ROLE_PREFIX)) return null
  const hint = closestMatch(audience, known)
  const expected = known.filter((a) => a !== 'all').join(', ')
  return `${JSON.stringify(audience)} is not a role of ${task.id}${hint ? `; did you mean "${hint}"?` : ''} (expected one of ${expected}, or "all")`
}

/**
 * The first lesson addressed to an agent the task does not have, as the field that holds it and
 * what is wrong, or null when every lesson reaches an agent. Such a lesson would reach no prompt,
 * and the record would still list it among the memory the agents were given.
 */
export function unknownAudience(lessons: readonly { audience: readonly string[] }[], task: AudienceTask): { field: string; message: string } | null {
  for (const [i, lesson] of lessons.entries()) {
    for (const audience of lesson.audience) {
      const message = audienceProblem(audience, task)
      if (message) return { field: `lessons.${i}.audience`, message }
    }
  }
  return null
}
