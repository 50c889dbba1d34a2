import type { ChatClient } from '../../llm/client.js'
import type { JudgeResult } from '../../results/record.js'
import type { Task } from '../../tasks/registry.js'
import type { Deliverable } from '../../topologies/types.js'
import { mean, sampleSd } from '../stats.js'
import { blindDeliverable } from './blind.js'
import { failureOf, type JudgeFailure as Failure } from './failure.js'
import { fenceNonce, JUDGE_SYSTEM, pairwisePrompt, rubricPrompt } from './prompt.js'
import { redact } from '../../redact.js'
import type { JudgeEvidence } from '../../results/record.js'
import { type JudgeCall, judgeCalls } from './evidence.js'
import { PAIRWISE_SCHEMA_NAME, PairwiseAnswer, RUBRIC_SCHEMA_NAME, rubricAnswer, type RubricAnswer } from './schemas.js'

export interface JudgeSpec {
  llm: ChatClient
  model: string
  /** The model the organisation used; a judge of the same model is flagged. */
  agentModel: string
  task: Task
  deliverable: Deliverable
  /** The role names the case's organisation proposed for itself (proposedRoleNames of its events; none for most topologies): blinded as the task's own. */
  proposedRoles: readonly string[]
  /** The baseline of the same trial for the pairwise comparison (the single agent), if any. */
  baseline: { label: string; deliverable: Deliverable } | null
  repeats: number
  seed: number
  maxTokens: number
  signal?: AbortSignal
}

/**
 * The blind judge: rubric scores (k repeats, temperature 0, full task and full deliverable) and,
 * when a baseline is given, a pairwise preference asked in both orders. A judgement that cannot be
 * used after one re-ask is a recorded failure with its raw text, never a score.
 */
export async function judgeDeliverable(spec: JudgeSpec): Promise<JudgeResult> {
  const { task } = spec
  const candidate = blindDeliverable(task, spec.deliverable, spec.proposedRoles)
  const schema = rubricAnswer(task)
  const failures: Failure[] = []
  const planned = judgeCalls({ task, deliverable: spec.deliverable, proposedRoles: spec.proposedRoles, baseline: spec.baseline?.deliverable ?? null, seed: spec.seed, repeats: spec.repeats })
  const evidence: JudgeEvidence[] = []

  const call = async <T>(phase: string, c: JudgeCall, name: string, zod: import('zod').ZodType<T>) => {
    const base = { step: c.step, promptSha256: c.promptSha256, nonce: c.nonce, callSeed: c.seed }
    try {
      const reply = await spec.llm.chat<T>({ role: 'judge', phase, model: spec.model, messages: c.messages, maxTokens: spec.maxTokens, temperature: 0, seed: c.seed, schema: { name, zod }, signal: spec.signal })
      evidence.push({ ...base, reply: redact(reply.text), reasked: reply.lastCallId !== reply.callId })
      return reply
    } catch (e) {
      evidence.push({ ...base, reply: failureOf(c.step, e).raw, reasked: false })
      throw e
    }
  }

  const repeats = await Promise.allSettled(planned.filter((c) => c.kind === 'rubric').map((c) => call<RubricAnswer>('judge:rubric', c, RUBRIC_SCHEMA_NAME, schema)))
  const answers: RubricAnswer[] = []
  repeats.forEach((r, i) => (r.status === 'fulfilled' ? answers.push(r.value.parsed) : failures.push(failureOf(`rubric#${i + 1}`, r.reason))))

  const totals = answers.map((a) => task.rubric.reduce((s, d) => s + (d.weight * a.dimensions.find((x) => x.key === d.key)!.score) / 10, 0))
  const dimensions = answers.length === 0 ? [] : task.rubric.map((d) => {
    const scores = answers.map((a) => a.dimensions.find((x) => x.key === d.key)!.score)
    return {
      key: d.key,
      weight: d.weight,
      score: scores.reduce((s, x) => s + x, 0) / scores.length,
      repeats: scores,
      reason: answers[0]!.dimensions.find((x) => x.key === d.key)!.reason,
    }
  })

  let pairwise: JudgeResult['pairwise'] = null
  if (spec.baseline) {
    const orders = planned.filter((c) => c.kind === 'pairwise')
    const verdicts = await Promise.allSettled(orders.map((c) => call('judge:pairwise', c, PAIRWISE_SCHEMA_NAME, PairwiseAnswer)))
    const translated = verdicts.map((v, i) => {
      if (v.status === 'rejected') {
        failures.push(failureOf(`pairwise#${i + 1}`, v.reason))
        return null
      }
      const p = v.value.parsed.preferred
      const first = orders[i]!.first!
      const preferred = p === 'tie' ? 'tie' : (p === 'A') === (first === 'candidate') ? 'candidate' : 'baseline'
      return { first, preferred } as const
    })
    if (translated.every((t) => t !== null)) {
      const [x, y] = translated as [NonNullable<(typeof translated)[number]>, NonNullable<(typeof translated)[number]>]
      const consistent = x.preferred === y.preferred
      // A win or a loss counts only when both orders agree; anything else is a tie.
      const outcome = consistent && x.preferred === 'candidate' ? 'win' : consistent && x.preferred === 'baseline' ? 'loss' : 'tie'
      pairwise = { against: spec.baseline.label, outcome, consistent, orders: [x, y] }
    }
  }

  return {
    model: spec.model,
    seed: spec.seed,
    sameModelAsAgents: spec.model === spec.agentModel,
    score: mean(totals),
    dimensions,
    repeatSpread: sampleSd(totals),
    pairwise,
    neutralised: candidate.neutralised,
    blindRules: candidate.rules,
    roleNamesLeft: candidate.roleNamesLeft,
    injectionFlagged: answers.some((a) => a.candidate_contains_instructions),
    failures,
    // In the order of the calls, whatever order they finished in.
    evidence: planned.flatMap((c) => evidence.filter((e) => e.step === c.step)),
  }
}
