import { createHash } from 'node:crypto'
import { jsonPieces } from '../../llm/shared-json.js'
import type { Task } from '../../tasks/registry.js'
import type { Deliverable } from '../../topologies/types.js'
import { blindDeliverable } from './blind.js'
import { fenceNonce, JUDGE_SYSTEM, pairwisePrompt, rubricPrompt } from './prompt.js'

/*
 * The judge's prompts as data: which calls a judgement makes and the exact messages of each. The
 * judge builds its calls from here, and an auditor rebuilds them from a stored record (the task at
 * the run's commit, the record's deliverable, the single agent's deliverable of the same trial and
 * the judge's seed): the rebuilt messages hash to the stored `promptSha256` byte for byte.
 */

/** One message as sent to the endpoint. */
export interface JudgeMessage {
  role: 'system' | 'user'
  content: string
}

/** One judge call: its step name, the nonce of its data fence, its seed and its messages. */
export interface JudgeCall {
  step: string
  kind: 'rubric' | 'pairwise'
  /** For a pairwise call: which deliverable the judge reads first (as candidate A). */
  first: 'candidate' | 'baseline' | null
  nonce: string
  seed: number
  messages: JudgeMessage[]
}

/**
 * SHA-256 (hex) of the messages as canonical JSON: an array of {role, content}, in order. The task
 * that opens a judge prompt is encoded once per task (see judgeHead), not once per call.
 */
export function promptSha256(messages: readonly JudgeMessage[]): string {
  const hash = createHash('sha256')
  for (const piece of jsonPieces(messages.map((m) => ({ role: m.role, content: m.content })))) hash.update(piece)
  return hash.digest('hex')
}

/**
 * Every call of one judgement: `repeats` rubric calls, then, with a baseline, the pairwise call in
 * both orders. Deterministic in its inputs; the deliverables are blinded here exactly as the judge
 * blinds them.
 */
export function judgeCalls(input: { task: Task; deliverable: Deliverable; baseline: Deliverable | null; seed: number; repeats: number }): JudgeCall[] {
  const { task, seed } = input
  const candidate = blindDeliverable(task, input.deliverable).text
  const messages = (user: string): JudgeMessage[] => [
    { role: 'system', content: JUDGE_SYSTEM },
    { role: 'user', content: user },
  ]
  const calls: JudgeCall[] = Array.from({ length: input.repeats }, (_, r) => {
    const nonce = fenceNonce('rubric', seed, r, candidate)
    return { step: `rubric#${r + 1}`, kind: 'rubric', first: null, nonce, seed: seed * 100 + r, messages: messages(rubricPrompt(task, candidate, nonce)) }
  })
  if (input.baseline) {
    const baseline = blindDeliverable(task, input.baseline).text
    const orders = [
      { first: 'candidate' as const, a: candidate, b: baseline },
      { first: 'baseline' as const, a: baseline, b: candidate },
    ]
    orders.forEach((o, i) => {
      const nonce = fenceNonce('pairwise', seed, i, o.a, o.b)
      calls.push({ step: `pairwise#${i + 1}`, kind: 'pairwise', first: o.first, nonce, seed: seed * 100 + 50 + i, messages: messages(pairwisePrompt(task, o.a, o.b, nonce)) })
    })
  }
  return calls
}
