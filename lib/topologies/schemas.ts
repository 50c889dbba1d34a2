import { z } from 'zod'
import { MIN_ROLE_NAME_LETTERS, proposedRoleId, ROLE_ID_DIGEST_DIGITS, roleKey, roleNameLetters } from './role-names.js'

/**
 * The organisations' own structured replies (not deliverables): critiques, hrm plans and halting
 * assessments, and self_decompose's role proposals. Each is sent as a strict JSON schema and
 * validated on return; the simulator answers them by these names.
 */

export const CRITIQUE_SCHEMA = 'critique'
/** A critique of one or more drafts, one review per draft. */
export const Critique = z.object({
  reviews: z.array(
    z.object({
      draft: z.string().describe('the heading of the draft reviewed, as given above'),
      assessment: z.string().describe('one or two sentences on how sound the draft is'),
      problems: z.array(
        z.object({
          kind: z.enum(['missing', 'wrong', 'unsupported', 'unclear']),
          detail: z.string().describe('what is missing or wrong, citing the task inputs'),
          suggestion: z.string().describe('the concrete change to make'),
        }),
      ),
    }),
  ),
})
export type Critique = z.infer<typeof Critique>

export const HRM_PLAN_SCHEMA = 'hrm_plan'
/** The hrm coordinator's state: its reading of the notes and one instruction per specialist. */
export const HrmPlan = z.object({
  assessment: z.string().describe('what the notes already establish and what is still weak'),
  instructions: z.array(z.object({ role: z.string().describe('a specialist\'s role id'), instruction: z.string() })),
  openQuestions: z.array(z.string()),
})
export type HrmPlan = z.infer<typeof HrmPlan>

export const HRM_HALT_SCHEMA = 'hrm_halt'
/** The hrm halting head: a self-assessment of the current deliverable, never the judge's verdict. */
export const HaltAssessment = z.object({
  passProbability: z.number().min(0).max(1).describe('probability that the deliverable meets every requirement of the task'),
  gaps: z.array(z.string()),
  reason: z.string(),
})
export type HaltAssessment = z.infer<typeof HaltAssessment>

export const ROLE_PROPOSAL_SCHEMA = 'role_proposal'
export const MIN_PROPOSED_ROLES = 3
export const MAX_PROPOSED_ROLES = 5
export const MIN_FOCUS_CHARACTERS = 20

/** The event in which self_decompose records the roles it proposed (`detail.roles`: id, name, focus). */
export const ROLES_PROPOSED_EVENT = 'roles_proposed'

/**
 * self_decompose's team: 3-5 distinct roles, each with what it examines (role-names.ts says which
 * names are one role and how their ids are made). Length and uniqueness rules are refinements, so
 * the JSON schema sent stays within what strict structured outputs accept.
 */
export const RoleProposal = z.object({
  roles: z
    .array(z.object({ name: z.string(), focus: z.string().describe('what this role examines, in one or two sentences') }))
    .min(MIN_PROPOSED_ROLES, `expected ${MIN_PROPOSED_ROLES} to ${MAX_PROPOSED_ROLES} roles`)
    .max(MAX_PROPOSED_ROLES, `expected ${MIN_PROPOSED_ROLES} to ${MAX_PROPOSED_ROLES} roles`)
    .superRefine((roles, ctx) => {
      const byKey = new Map<string, number>()
      const byId = new Map<string, number>()
      roles.forEach((r, i) => {
        const letters = roleNameLetters(r.name)
        if (letters < MIN_ROLE_NAME_LETTERS) {
          const has = letters === 1 ? '1 letter or digit' : `${letters} letters or digits`
          ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `${JSON.stringify(r.name)} has ${has}; expected a role name with at least ${MIN_ROLE_NAME_LETTERS}, in any script` })
        }
        const focus = [...r.focus.trim()].length
        if (focus < MIN_FOCUS_CHARACTERS) {
          ctx.addIssue({ code: 'custom', path: [i, 'focus'], message: `the focus has ${focus} characters; expected at least ${MIN_FOCUS_CHARACTERS}` })
        }
        // A name that is too short is refused as such, not also as another's duplicate.
        if (letters < MIN_ROLE_NAME_LETTERS) return
        const key = roleKey(r.name)
        const id = proposedRoleId(r.name)
        const sameKey = byKey.get(key)
        const sameId = byId.get(id)
        if (sameKey !== undefined) {
          ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `${JSON.stringify(r.name)} names the same role as roles.${sameKey}.name ${JSON.stringify(roles[sameKey]!.name)}: names that differ only in letter case, spacing, punctuation other than "#" or Unicode form are one role; expected distinct names` })
        } else if (sameId !== undefined) {
          ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `${JSON.stringify(r.name)} and roles.${sameId}.name ${JSON.stringify(roles[sameId]!.name)} are distinct names with the same role id "${id}" (the first ${ROLE_ID_DIGEST_DIGITS} hex digits of their SHA-256 digests coincide); expected names with distinct ids` })
        }
        if (!byKey.has(key)) byKey.set(key, i)
        if (!byId.has(id)) byId.set(id, i)
      })
    }),
})
export type RoleProposal = z.infer<typeof RoleProposal>
