import type { ChatClient } from '../../llm/client.js'
import type { Task } from '../../tasks/registry.js'
import { type Deliverable, deliverableText } from '../../topologies/types.js'
import { type ChecklistScore, scoreTaskText } from '../checklist.js'
import { blindDeliverable } from '../judge/blind.js'
import { judgeMessages } from '../judge/evidence.js'
import { failureOf } from '../judge/failure.js'
import { withoutPromptCopies } from '../prompt-copies.js'
import { fenceNonce } from '../judge/prompt.js'
import { type ChecklistAnswer, checklistAnswer, CHECKLIST_SCHEMA_NAME } from './answer.js'
import { decideChecklist } from './decide.js'
import { checklistTail } from './prompt.js'

export interface ChecklistJudgeSpec {
  llm: ChatClient
  model: string
  task: Task
  deliverable: Deliverable
  /** The role names the case's organisation proposed for itself (see proposed-roles.ts): blinded as the task's own. */
  proposedRoles: readonly string[]
  /** The trial's seed; the call's own seed and the fence nonce derive from it. */
  seed: number
  maxTokens: number
  signal?: AbortSignal
  /** The patterns' score of this deliverable (scoreTaskText) when the caller has it already (else computed here). */
  patterns?: ChecklistScore
}

/**
 * Decides every checklist item of a deliverable with one judge call that must quote, for each item
 * it finds met, the passage that meets it (see decide.ts). The judge reads the blinded deliverable,
 * so quotes are checked against that text, and a quote of the task's own prompt is no evidence. A judgement that cannot be used after the client's
 * re-ask is recorded as the result's `judge.failure` with its raw text; the result then holds the
 * pattern decision, marked `method: "patterns"`, and the caller records a run error (never a score).
 */
export async function judgeChecklist(spec: ChecklistJudgeSpec): Promise<ChecklistScore> {
  const { task } = spec
  const shown = blindDeliverable(task, spec.deliverable, spec.proposedRoles).text
  const patterns = spec.patterns ?? scoreTaskText(task, deliverableText(spec.deliverable))
  const { messages, promptSha256 } = judgeMessages(task, 'one', checklistTail(task, shown, fenceNonce('checklist', spec.seed, shown)))
  const seed = spec.seed * 100 + 90
  // The same hash as the quality judge's evidence, so one recipe rebuilds and checks both.
  const evidence = { model: spec.model, seed, promptSha256, injectionFlagged: false }
  try {
    const reply = await spec.llm.chat<ChecklistAnswer>({
      role: 'judge',
      phase: 'judge:checklist',
      model: spec.model,
      messages,
      maxTokens: spec.maxTokens,
      temperature: 0,
      seed,
      schema: { name: CHECKLIST_SCHEMA_NAME, zod: checklistAnswer(task.checklist) },
      signal: spec.signal,
    })
    const decided = decideChecklist(task.checklist, reply.parsed, shown, withoutPromptCopies(shown, task), patterns)
    return { ...decided, judge: { ...evidence, raw: reply.text, injectionFlagged: reply.parsed.candidate_contains_instructions, failure: null } }
  } catch (e) {
    const failure = failureOf('checklist', e)
    return { ...patterns, method: 'patterns', judge: { ...evidence, raw: failure.raw, failure } }
  }
}
