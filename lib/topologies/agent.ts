import type { z } from 'zod'
import { deliverableSchema, STRUCTURED_KINDS } from '../tasks/kinds/index.js'
import { composedMessage, deliverableFormat, type Identity, taskBlock } from './prompts.js'
import type { Deliverable, RunContext } from './types.js'

export interface AgentTurn {
  who: Identity
  phase: string
  /** What this agent is asked to do in this turn, after the task. */
  assignment: string
  /** Extra prompt sections after the task (earlier work, plans, critiques). */
  context?: string[]
  dependsOn?: string[]
  labels?: Record<string, number>
}

export interface AgentReply<T> {
  callId: string
  /** Id of the last call made (after a re-ask); later calls depend on this one. */
  lastCallId: string
  value: T
}

/** The task, then the turn's context, assignment and format: the task block kept apart (composedMessage). */
function userMessage(ctx: RunContext, turn: AgentTurn, format: string) {
  return composedMessage('user' as const, taskBlock(ctx.task), ...(turn.context ?? []), `## Your assignment\n${turn.assignment}`, `## Format\n${format}`)
}

/** One agent turn whose answer is (a contribution to) the task's deliverable, in the task's own format. */
export async function produceDeliverable(ctx: RunContext, turn: AgentTurn): Promise<AgentReply<Deliverable>> {
  const task = ctx.task
  const common = request(ctx, turn, deliverableFormat(task))
  if (task.deliverable === 'markdown') {
    const reply = await ctx.llm.chat<string>(common)
    return { callId: reply.callId, lastCallId: reply.lastCallId, value: { kind: 'markdown', text: reply.text } }
  }
  const kind = STRUCTURED_KINDS[task.deliverable]
  const reply = await ctx.llm.chat<unknown>({ ...common, schema: { name: kind.schemaName, zod: deliverableSchema({ deliverable: task.deliverable, categories: task.categories, truth: task.truth }) as z.ZodType<unknown> } })
  return { callId: reply.callId, lastCallId: reply.lastCallId, value: { kind: 'structured', schema: kind.schemaName, data: reply.parsed } }
}

/** One agent turn with its own structured answer (a plan, a role proposal, a halting decision). */
export async function askStructured<T>(ctx: RunContext, turn: AgentTurn, schemaName: string, schema: z.ZodType<T>, formatNote: string): Promise<AgentReply<T>> {
  const reply = await ctx.llm.chat<T>({ ...request(ctx, turn, formatNote), schema: { name: schemaName, zod: schema } })
  return { callId: reply.callId, lastCallId: reply.lastCallId, value: reply.parsed }
}

/** One agent turn answered in free text (a critique, notes). */
export async function askText(ctx: RunContext, turn: AgentTurn, formatNote: string): Promise<AgentReply<string>> {
  const reply = await ctx.llm.chat<string>(request(ctx, turn, formatNote))
  return { callId: reply.callId, lastCallId: reply.lastCallId, value: reply.text }
}

function request(ctx: RunContext, turn: AgentTurn, format: string) {
  return {
    role: turn.who.id,
    phase: turn.phase,
    model: ctx.model,
    messages: [
      { role: 'system' as const, content: turn.who.system },
      userMessage(ctx, turn, format),
    ],
    maxTokens: ctx.maxOutputTokens,
    seed: ctx.seed,
    dependsOn: turn.dependsOn,
    labels: turn.labels,
    signal: ctx.signal,
  }
}

/**
 * Like Promise.all for agents working in parallel, but a failure is raised only once every agent
 * has finished: the ledger then holds every call the organisation made (and paid for) before the
 * run is recorded as an error, instead of losing the calls still in flight.
 */
export async function allAgents<T>(work: ReadonlyArray<Promise<T>>): Promise<T[]> {
  const results = await Promise.allSettled(work)
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
  if (failed) throw failed.reason
  return results.map((r) => (r as PromiseFulfilledResult<T>).value)
}
