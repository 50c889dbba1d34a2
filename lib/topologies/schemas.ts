import { z } from 'zod'

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
/** A role name reduced to lowercase letters and digits separated by "_": two names with one key are duplicates. */
export function roleKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '')
}

/** The event in which self_decompose records the roles it proposed (`detail.roles`: id, name, focus). */
export const ROLES_PROPOSED_EVENT = 'roles_proposed'

/**
 * self_decompose's team: 3-5 distinct roles, each with what it examines. Length and uniqueness rules
 * are refinements, so the JSON schema sent stays within what strict structured outputs accept.
 */
export const RoleProposal = z.object({
  roles: z
    .array(z.object({ name: z.string(), focus: z.string().describe('what this role examines, in one or two sentences') }))
    .min(MIN_PROPOSED_ROLES, `expected ${MIN_PROPOSED_ROLES} to ${MAX_PROPOSED_ROLES} roles`)
    .max(MAX_PROPOSED_ROLES, `expected ${MIN_PROPOSED_ROLES} to ${MAX_PROPOSED_ROLES} roles`)
    .superRefine((roles, ctx) => {
      const seen = new Set<string>()
      roles.forEach((r, i) => {
        const key = roleKey(r.name)
        if (key.length < 3) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: 'expected a role name of at least 3 characters' })
        if (r.focus.trim().length < 20) ctx.addIssue({ code: 'custom', path: [i, 'focus'], message: 'expected a focus of at least 20 characters' })
        if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `duplicate role name "${r.name}"` })
        seen.add(key)
      })
    }),
})
export type RoleProposal = z.infer<typeof RoleProposal>
