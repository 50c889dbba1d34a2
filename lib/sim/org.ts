import { deliverableSchema, STRUCTURED_KINDS } from '../tasks/kinds/index.js'
import type { Task } from '../tasks/registry.js'
import { deliverableItems } from '../topologies/convergence.js'
import { type Critique, CRITIQUE_SCHEMA, type HaltAssessment, HRM_HALT_SCHEMA, HRM_PLAN_SCHEMA, type HrmPlan, MAX_PROPOSED_ROLES, MIN_PROPOSED_ROLES, ROLE_PROPOSAL_SCHEMA, type RoleProposal } from '../topologies/schemas.js'
import type { Deliverable } from '../topologies/types.js'
import type { SimKnowledge } from './knowledge.js'
import { readableItem } from './context.js'
import { type Delimited, matchesOf } from './prompt-scan.js'
import { PromptText } from './prompt-text.js'
import { normal, unit } from './random.js'
import { registerHandler, respond, type SimCall } from './respond.js'

/**
 * Simulated replies to the organisations' own structured requests: critiques, hrm plans and
 * halting assessments, and self_decompose's role proposals. Like every simulated reply they are
 * deterministic in the request and the model, and read only what the prompt shows them.
 */

/** Work quoted in a prompt by handoffBlock: "### <title> (from <who>)" and a fenced block. */
export interface QuotedWork {
  title: string
  from: string
  deliverable: Deliverable
}

const QUOTED_WORK: Delimited = {
  pattern: /^### (.+) \(from (.+)\)\n(`{3,})(json|markdown)\n([\s\S]*?)\n\3$/gm,
  opening: /^### .+ \(from .+\)\n/gm,
  peeksPastEnd: true,
}

export function quotedWork(prompt: string | PromptText): QuotedWork[] {
  const out: QuotedWork[] = []
  for (const m of matchesOf(PromptText.of(prompt), QUOTED_WORK)) {
    if (m[4] === 'markdown') out.push({ title: m[1]!, from: m[2]!, deliverable: { kind: 'markdown', text: m[5]! } })
    else {
      try {
        out.push({ title: m[1]!, from: m[2]!, deliverable: { kind: 'structured', schema: 'quoted', data: JSON.parse(m[5]!) } })
      } catch {
        // not JSON after all: a model would skip it too
      }
    }
  }
  return out
}

/** A deliverable-shaped piece of work as opposed to a plan or a critique (which carry none of the task's items). */
function isTaskWork(task: Task, work: QuotedWork): boolean {
  if (task.deliverable === 'markdown') return work.deliverable.kind === 'markdown'
  return work.deliverable.kind === 'structured' && deliverableSchema({ deliverable: task.deliverable, categories: task.categories, truth: task.truth }).safeParse(work.deliverable.data).success
}

/** What this simulated agent would itself hand in, having read the prompt (and the work quoted in it). */
function ownView(call: SimCall, knowledge: SimKnowledge, task: Task): Deliverable {
  if (task.deliverable === 'markdown') return { kind: 'markdown', text: respond({ ...call, schemaName: null, schema: undefined }, knowledge) }
  const schemaName = STRUCTURED_KINDS[task.deliverable].schemaName
  return { kind: 'structured', schema: schemaName, data: JSON.parse(respond({ ...call, schemaName }, knowledge)) as unknown }
}

registerHandler(CRITIQUE_SCHEMA, (call, knowledge): Critique => {
  const task = call.task
  if (!task) return { reviews: [] }
  const drafts = quotedWork(call.promptText).filter((w) => isTaskWork(task, w))
  const mine = new Set(deliverableItems(ownView(call, knowledge, task)))
  return {
    reviews: drafts.map((draft) => {
      const theirs = new Set(deliverableItems(draft.deliverable))
      const missing = [...mine].filter((i) => !theirs.has(i))
      const doubtful = [...theirs].filter((i) => !mine.has(i))
      const problems: Critique['reviews'][number]['problems'] = [
        ...missing.slice(0, 4).map((i) => ({ kind: 'missing' as const, detail: `Not in this draft: ${readableItem(i)}`, suggestion: 'Check the inputs for it and add it with its concrete values.' })),
        ...doubtful.slice(0, 2).map((i) => ({ kind: 'unsupported' as const, detail: `I could not confirm: ${readableItem(i)}`, suggestion: 'Verify it against the inputs; drop it unless they support it.' })),
      ]
      const shared = [...theirs].filter((i) => mine.has(i)).length
      return { draft: draft.title, assessment: `${shared} of its ${theirs.size} items match my own reading; ${missing.length} of mine are missing from it.`, problems }
    }),
  }
})

registerHandler(HRM_PLAN_SCHEMA, (call): HrmPlan => {
  const task = call.task
  if (!task) return { assessment: 'No task found in the request.', instructions: [], openQuestions: [] }
  const notes = quotedWork(call.promptText).filter((w) => w.title.startsWith('Notes of') && isTaskWork(task, w))
  const support = new Map<string, number>()
  for (const n of notes) for (const item of new Set(deliverableItems(n.deliverable))) support.set(item, (support.get(item) ?? 0) + 1)
  const single = [...support].filter(([, k]) => k === 1).map(([i]) => i)
  return {
    assessment: `The latest notes of ${notes.length} specialists hold ${support.size} distinct items; ${single.length} rest on one specialist only.`,
    instructions: task.roles.map((r) => ({ role: r.id, instruction: `Re-check the inputs from your focus (${r.focus}). Confirm or drop the items only you report, and add what the others missed.` })),
    openQuestions: single.slice(0, 3).map((i) => `Is this supported by the inputs: ${readableItem(i)}?`),
  }
})

registerHandler(HRM_HALT_SCHEMA, (call, knowledge): HaltAssessment => {
  const task = call.task
  const work = task ? quotedWork(call.promptText).filter((w) => isTaskWork(task, w)).at(-1) : undefined
  if (!task || !work) return { passProbability: 0, gaps: ['No deliverable found to assess.'], reason: 'Nothing to assess.' }
  // A model assesses work against its own reading of the task (it cannot know what it cannot see):
  // the share of the items it would report itself that the deliverable holds. Weaker models are
  // more confident than they should be.
  const mine = new Set(deliverableItems(ownView({ ...call, promptText: new PromptText('') }, knowledge, task)))
  const theirs = new Set(deliverableItems(work.deliverable))
  const agreement = mine.size === 0 ? 1 : [...mine].filter((i) => theirs.has(i)).length / mine.size
  const overconfidence = 0.3 * (1 - call.profile.detect.HIGH)
  const p = Math.max(0, Math.min(0.99, 0.1 + 0.8 * agreement + overconfidence + 0.05 * normal(call.key, 'halt')))
  return {
    passProbability: Math.round(p * 100) / 100,
    gaps: p < 0.9 ? ['Some items may still lack support from the inputs or concrete values.'] : [],
    reason: `Self-assessed against my own reading of the task: ${Math.round(p * 100)}% likely to pass.`,
  }
})

registerHandler(ROLE_PROPOSAL_SCHEMA, (call): RoleProposal => {
  const task = call.task
  if (!task) {
    return {
      roles: ['Analyst', 'Reviewer', 'Editor'].map((name) => ({ name, focus: `Examines the request from the point of view of the ${name.toLowerCase()}.` })),
    }
  }
  // The simulated decomposer picks 3-5 of the roles it would expect for the task (the sim recognises them by name).
  const n = Math.min(task.roles.length, MIN_PROPOSED_ROLES + Math.floor(unit(call.key, 'team-size') * (MAX_PROPOSED_ROLES - MIN_PROPOSED_ROLES + 1)))
  const chosen = new Set([...task.roles].sort((a, b) => unit(call.key, 'pick', a.id) - unit(call.key, 'pick', b.id)).slice(0, n).map((r) => r.id))
  return { roles: task.roles.filter((r) => chosen.has(r.id)).map((r) => ({ name: r.name, focus: r.focus })) }
})
