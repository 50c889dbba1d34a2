import type { Config } from '../config.js'
import type { ChecklistScore } from '../eval/checklist.js'
import { judgeChecklist } from '../eval/checklist-judge/judge.js'
import type { ChatClient } from '../llm/client.js'
import { type Ledger, withLedger } from '../llm/ledger.js'
import type { RunError } from '../results/record.js'
import type { Task } from '../tasks/registry.js'
import type { Deliverable } from '../topologies/types.js'

export interface ChecklistStep {
  config: Pick<Config, 'judge' | 'judgeModel' | 'maxOutputTokens'>
  task: Task
  llm: ChatClient
  ledger: Ledger
  deliverable: Deliverable
  /** The role names the case's organisation proposed for itself (see proposed-roles.ts). */
  proposedRoles: readonly string[]
  /** The pattern result already computed; the decision, marked `method: "patterns"`, when the judge is off. */
  patterns: ChecklistScore | null
  seed: number
  errors: RunError[]
  signal?: AbortSignal
}

/**
 * The checklist as the run records it: decided by the judge (with verified quotes) when the judge
 * is on and the task has a checklist, by the patterns otherwise. A checklist judgement that failed
 * adds a run error (so the headline is null, never a pattern score passed off as the judge's).
 */
export async function checklistStep(step: ChecklistStep): Promise<ChecklistScore | null> {
  const { config, task, patterns } = step
  if (patterns === null || task.checklist.length === 0) return patterns
  if (config.judge !== 'on') return { ...patterns, method: 'patterns' }
  const result = await withLedger(step.ledger, () =>
    judgeChecklist({ llm: step.llm, model: config.judgeModel, task, deliverable: step.deliverable, proposedRoles: step.proposedRoles, patterns, seed: step.seed, maxTokens: config.maxOutputTokens, signal: step.signal }),
  )
  const failure = result.judge?.failure
  if (failure) step.errors.push({ stage: 'judge', kind: failure.kind, message: `the checklist judgement failed: ${failure.message}`, callId: null })
  return result
}
