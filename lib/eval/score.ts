import type { Task } from '../tasks/registry.js'
import { deliverableSchema, STRUCTURED_KINDS } from '../tasks/kinds/index.js'
import { measureOutcomes } from '../tasks/kinds/outcomes.js'
import { type Deliverable, deliverableText } from '../topologies/types.js'
import { type ChecklistScore, scoreTaskText } from './checklist.js'
import { scoreCodeReview } from './scorers/code-review.js'
import { scoreContractReview } from './scorers/contract-review.js'
import { scoreIncidentKind } from './scorers/incident-response.js'
import { scoreReconciliation } from './scorers/reconciliation.js'
import { scoreSupportTriage } from './scorers/support-triage.js'
import { type GroundTruthScore, round4 } from './types.js'

/**
 * Ground-truth score of a structured deliverable, with the outcome counts its kind declares, or
 * null for tasks without ground truth.
 */
export function scoreGroundTruth(task: Task, deliverable: Deliverable): GroundTruthScore | null {
  const score = scoreAgainstTruth(task, deliverable)
  return score && task.truth ? { ...score, outcomes: measureOutcomes(STRUCTURED_KINDS[task.truth.kind].outcomes, score) } : score
}

function scoreAgainstTruth(task: Task, deliverable: Deliverable): GroundTruthScore | null {
  const truth = task.truth
  if (!truth) return null
  if (deliverable.kind !== 'structured') throw new Error(`task ${task.id} expects a structured deliverable, got markdown`)
  const data = deliverableSchema({ deliverable: truth.kind, categories: task.categories, truth }).parse(deliverable.data)
  switch (truth.kind) {
    case 'code_review':
      return scoreCodeReview(truth.data, data as Parameters<typeof scoreCodeReview>[1])
    case 'contract_review':
      return scoreContractReview(truth.data, data as Parameters<typeof scoreContractReview>[1])
    case 'support_triage':
      return scoreSupportTriage(truth.data, data as Parameters<typeof scoreSupportTriage>[1])
    case 'incident_response':
      return scoreIncidentKind(truth.data, data as Parameters<typeof scoreIncidentKind>[1])
    case 'reconciliation':
      return scoreReconciliation(truth.data, data as Parameters<typeof scoreReconciliation>[1])
  }
}

/** The text a checklist or a judge reads (defined beside Deliverable, so light modules can use it too). */
export { deliverableText }

/** The task's checklist decided by its patterns (without what the deliverable copies from the prompt), or null for a task without one. */
export function scoreTaskChecklist(task: Task, deliverable: Deliverable): ChecklistScore | null {
  return task.checklist.length === 0 ? null : scoreTaskText(task, deliverableText(deliverable))
}

/**
 * The headline 0-100 score: the task's weighted mix of its components. A component that the task
 * weighs and that failed (null) makes the headline null; a component switched off (undefined) is
 * left out and the remaining weights are renormalised.
 */
export function headlineScore(task: Task, parts: { groundTruth: number | null | undefined; checklist: number | null | undefined; judge: number | null | undefined }): number | null {
  let total = 0
  let weight = 0
  for (const key of ['groundTruth', 'checklist', 'judge'] as const) {
    const w = task.composite[key]
    if (w === 0) continue
    const value = parts[key]
    if (value === undefined) continue
    if (value === null) return null
    total += w * value
    weight += w
  }
  return weight === 0 ? null : round4(total / weight)
}
