import { createHash, type Hash } from 'node:crypto'
import { partsMessage } from '../../llm/parts-message.js'
import type { Task } from '../../tasks/registry.js'
import type { Deliverable } from '../../topologies/types.js'
import { blindDeliverable } from './blind.js'
import { fenceNonce, JUDGE_SYSTEM, judgeHead, pairwiseTail, rubricTail } from './prompt.js'

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

/** One judge call: its step name, the nonce of its data fence, its seed, its messages and their promptSha256. */
export interface JudgeCall {
  step: string
  kind: 'rubric' | 'pairwise'
  /** For a pairwise call: which deliverable the judge reads first (as candidate A). */
  first: 'candidate' | 'baseline' | null
  nonce: string
  seed: number
  messages: JudgeMessage[]
  promptSha256: string
}

/**
 * SHA-256 (hex) of the messages as canonical JSON: an array of {role, content}, in order. This is
 * the definition a record's promptSha256 is checked against; judge calls get the same digest from
 * judgeMessages, which hashes on from a state kept per task and head.
 */
export function promptSha256(messages: readonly JudgeMessage[]): string {
  return createHash('sha256')
    .update(JSON.stringify(messages.map((m) => ({ role: m.role, content: m.content }))))
    .digest('hex')
}

/** Hash states after the JSON of a judge prompt's opening (the system message, then the user message up to the end of the judge head), per task and head. */
const openings = new WeakMap<Task, Partial<Record<'one' | 'both', Hash>>>()

/**
 * The messages of a judge call about `task`, the judge's system message and a user message made of
 * the task's judge head and `tail`, with their promptSha256: hashed on from the state after the
 * head, kept per task, so that a call hashes only its own part (the head, some 40 KB, is the same
 * for every call). The bytes hashed are those of the messages' JSON: a head ends with a blank line,
 * so the JSON of head and tail is the JSON of each, one after the other. The user message keeps
 * head and tail apart (lib/llm/parts-message.ts): the client sends it without joining them.
 */
export function judgeMessages(task: Task, candidates: 'one' | 'both', tail: string): { messages: JudgeMessage[]; promptSha256: string } {
  const head = judgeHead(task, candidates)
  const states = openings.get(task) ?? {}
  let state = states[candidates]
  if (state === undefined) {
    state = createHash('sha256').update(`[${JSON.stringify({ role: 'system', content: JUDGE_SYSTEM })},{"role":"user","content":${JSON.stringify(head).slice(0, -1)}`)
    openings.set(task, { ...states, [candidates]: state })
  }
  const hash = state.copy().update(JSON.stringify(tail).slice(1)).update('}]')
  return {
    messages: [
      { role: 'system', content: JUDGE_SYSTEM },
      partsMessage('user', head, tail),
    ],
    promptSha256: hash.digest('hex'),
  }
}

/**
 * Every call of one judgement: `repeats` rubric calls, then, with a baseline, the pairwise call in
 * both orders. Deterministic in its inputs; the deliverables are blinded here exactly as the judge
 * blinds them. `proposedRoles` are the role names the candidate's organisation proposed for itself
 * (proposedRoleNames of the record's events); the baseline, a single agent, has none.
 */
export function judgeCalls(input: { task: Task; deliverable: Deliverable; proposedRoles: readonly string[]; baseline: Deliverable | null; seed: number; repeats: number }): JudgeCall[] {
  const { task, seed } = input
  const candidate = blindDeliverable(task, input.deliverable, input.proposedRoles).text
  const calls: JudgeCall[] = Array.from({ length: input.repeats }, (_, r) => {
    const nonce = fenceNonce('rubric', seed, r, candidate)
    return { step: `rubric#${r + 1}`, kind: 'rubric', first: null, nonce, seed: seed * 100 + r, ...judgeMessages(task, 'one', rubricTail(task, candidate, nonce)) }
  })
  if (input.baseline) {
    const baseline = blindDeliverable(task, input.baseline).text
    const orders = [
      { first: 'candidate' as const, a: candidate, b: baseline },
      { first: 'baseline' as const, a: baseline, b: candidate },
    ]
    orders.forEach((o, i) => {
      const nonce = fenceNonce('pairwise', seed, i, o.a, o.b)
      calls.push({ step: `pairwise#${i + 1}`, kind: 'pairwise', first: o.first, nonce, seed: seed * 100 + 50 + i, ...judgeMessages(task, 'both', pairwiseTail(task, o.a, o.b, nonce)) })
    })
  }
  return calls
}
