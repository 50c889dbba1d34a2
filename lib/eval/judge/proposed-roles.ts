import { z } from 'zod'
import { ROLES_PROPOSED_EVENT } from '../../topologies/schemas.js'
import type { TraceEvent } from '../../topologies/types.js'

const ProposedRoles = z.object({ roles: z.array(z.object({ name: z.string().min(1) })) })

/**
 * The role names a case's organisation proposed for itself (self_decompose's roles_proposed
 * event): its contributors, as the task's role names are the other organisations'. The blinder
 * removes them where they are provenance, so that a self_decompose deliverable is judged as blind as
 * a star one (see blind.ts). A case of any other topology has none.
 */
export function proposedRoleNames(events: ReadonlyArray<Pick<TraceEvent, 'type' | 'detail'>>): string[] {
  return events.flatMap((event, i) => {
    if (event.type !== ROLES_PROPOSED_EVENT) return []
    const parsed = ProposedRoles.safeParse(event.detail)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!
      throw new Error(`events.${i} (${ROLES_PROPOSED_EVENT}): detail.${issue.path.join('.') || '(root)'}: ${issue.message}; expected detail.roles as a list of objects with a non-empty "name"`)
    }
    return parsed.data.roles.map((r) => r.name)
  })
}
