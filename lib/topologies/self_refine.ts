import { currentLedger, type Ledger } from '../llm/ledger.js'
import { type AgentReply, askStructured, produceDeliverable } from './agent.js'
import { parseOptions, SelfRefineOptions } from './options.js'
import { handoffBlock, type Identity, soloIdentity } from './prompts.js'
import { Critique, CRITIQUE_SCHEMA } from './schemas.js'
import type { Deliverable, RunContext, Topology } from './types.js'

/**
 * Tokens (prompt + completion) of the organisation's calls so far: the quantity the budget is in.
 * A call whose endpoint reported no usage counts at its estimate from the text sent and received.
 */
function orgTokens(ledger: Ledger): number {
  let n = 0
  for (const c of ledger.calls) {
    if (c.role === 'judge') continue
    const t = ledger.tokensOf(c)
    n += t.promptTokens + t.completionTokens
  }
  return n
}

/**
 * What star would spend on this task, estimated from one full-deliverable call with prompt P and
 * completion C: k specialists of about P + C each, and a synthesis reading the task and k drafts.
 * Used when no target is given (star not scheduled in this run and no ORGBENCH_SELF_REFINE_BUDGET).
 */
export function estimateStarTokens(roles: number, prompt: number, completion: number): number {
  return roles * (prompt + completion) + prompt + (roles + 1) * completion
}

const DRAFT = 'Produce the complete deliverable for the task.'
const CRITIQUE =
  'Critique your current deliverable (quoted above) against the task and its inputs: what is missing, wrong, unsupported by the inputs or unclear. Be specific; cite the inputs. Do not rewrite it yet.'
const REVISE =
  'Revise your current deliverable (quoted above) so that it answers your critique: fix what is wrong, add what is missing, keep what is right. Hand in the complete revised deliverable.'
const REVISE_DIRECTLY =
  'Review your current deliverable (quoted above) against the task and its inputs, then hand in the complete improved deliverable: fix what is wrong, add what is missing, keep what is right.'

/**
 * The budget-matched baseline: one agent drafts, then critiques and revises its own work while the
 * token budget allows. Full rounds (critique, then revise) run while the next one fits the budget,
 * predicted from the previous round; the remainder is filled with direct revisions (one call each)
 * while another one brings the spend closer to the target. Every call sees the whole task.
 */
export const selfRefine: Topology = {
  id: 'self_refine',
  description: 'one agent drafts, then critiques and revises its own work until its token budget (by default star\'s spend) is used',
  structuralRoles: ['single'],
  estimate: { calls: () => 6, chain: () => 6 },
  options: SelfRefineOptions,
  async run(ctx) {
    const options = parseOptions('self_refine', SelfRefineOptions, ctx.options)
    const ledger = currentLedger()
    const start = orgTokens(ledger)
    const used = () => orgTokens(ledger) - start
    const me = soloIdentity(ctx.lessons('single'))

    let current = await produceDeliverable(ctx, { who: me, phase: 'draft', assignment: DRAFT, labels: { round: 0 } })
    const draft = ledger.tokensOf(ledger.calls.find((c) => c.id === current.callId)!)
    const target = options.budgetTokens ?? estimateStarTokens(ctx.task.roles.length, draft.promptTokens, draft.completionTokens)
    const source = options.budgetTokens === null ? 'estimate' : options.budgetSource

    // First predictions from the draft: a critique reads the task and the draft; a revision also the critique.
    const p = draft.promptTokens
    const c = draft.completionTokens
    let roundCost = 2 * p + 4 * c
    let directCost = p + 2 * c
    let rounds = 0
    let directRevisions = 0
    const trail: string[] = [current.lastCallId]

    for (;;) {
      const before = used()
      if (before + roundCost <= target) {
        rounds++
        const critique = await critiqueOwn(ctx, me, current, rounds)
        current = await revise(ctx, me, current, REVISE, rounds, critique)
        roundCost = used() - before
        trail.push(critique.lastCallId, current.lastCallId)
      } else if (before + directCost / 2 < target) {
        directRevisions++
        current = await revise(ctx, me, current, REVISE_DIRECTLY, rounds + directRevisions)
        directCost = used() - before
        trail.push(current.lastCallId)
      } else break
    }

    const spent = used()
    ctx.event({
      type: 'self_refine_budget',
      callIds: trail,
      detail: {
        targetTokens: target,
        source,
        spentTokens: spent,
        // True when the endpoint reported no usage and spend was estimated from the text.
        tokensEstimated: draft.estimated,
        deviation: Math.round(((spent - target) / target) * 1e4) / 1e4,
        rounds,
        directRevisions,
      },
    })
    return current.value
  },
}

function critiqueOwn(ctx: RunContext, me: Identity, current: AgentReply<Deliverable>, round: number) {
  return askStructured(
    ctx,
    {
      who: me,
      phase: 'critique',
      context: [handoffBlock('Your current deliverable, in full', [{ from: 'you', title: 'Current deliverable', content: current.value }])],
      assignment: CRITIQUE,
      dependsOn: [current.lastCallId],
      labels: { round },
    },
    CRITIQUE_SCHEMA,
    Critique,
    `Reply with only a JSON object matching the schema "${CRITIQUE_SCHEMA}": one review (draft "Current deliverable") with its problems.`,
  )
}

function revise(ctx: RunContext, me: Identity, current: AgentReply<Deliverable>, assignment: string, round: number, critique?: AgentReply<Critique>) {
  const context = [handoffBlock('Your current deliverable, in full', [{ from: 'you', title: 'Current deliverable', content: current.value }])]
  if (critique) context.push(handoffBlock('Your critique of it', [{ from: 'you', title: 'Critique', content: { kind: 'structured', schema: CRITIQUE_SCHEMA, data: critique.value } }]))
  return produceDeliverable(ctx, {
    who: me,
    phase: 'revise',
    context,
    assignment,
    dependsOn: critique ? [current.lastCallId, critique.lastCallId] : [current.lastCallId],
    labels: { round },
  })
}
