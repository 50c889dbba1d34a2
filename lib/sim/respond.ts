import type { Role } from '../tasks/schema.js'
import type { Task } from '../tasks/registry.js'
import { jsonBlocks, SimContext } from './context.js'
import { instanceOf } from './json-schema-instance.js'
import type { SimKnowledge } from './knowledge.js'
import { simulateCodeReview } from './kinds/code-review.js'
import { simulateContractReview } from './kinds/contract-review.js'
import { simulateIncidentResponse } from './kinds/incident-response.js'
import { simulateMarkdown } from './kinds/markdown.js'
import { simulateReconciliation } from './kinds/reconciliation.js'
import { simulateSupportTriage } from './kinds/support-triage.js'
import { type SimProfile } from './profiles.js'
import { PromptText } from './prompt-text.js'
import { quotedTask } from './quoted-task.js'
import { hashOf } from './random.js'
import { statedSchema } from './stated-schema.js'
import type { KnownPlace } from './request-body.js'
import { UnanswerableRequest } from './unanswerable.js'

/** A chat-completions request as the simulator understands it. */
export interface SimCall {
  model: string
  profile: SimProfile
  system: string
  /** All messages' texts, joined by blank lines; in parts when the request reader found the task's block. */
  promptText: PromptText
  schemaName: string | null
  schema: unknown
  /** Deterministic key of the request: seed, model and the messages. */
  key: string
  /** Key of the model in this trial (seed and model): what every call of the trial shares. */
  trialKey: string
  task: Task | undefined
  role: Role | null
}

interface Message {
  role: string
  content: unknown
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content
  if (Array.isArray(content)) return content.map((p) => (p && typeof p === 'object' && 'text' in p ? String(p.text) : '')).join('')
  return ''
}

/**
 * `messagesHash`: hashOf(JSON.stringify(body.messages)), and `known`: where a known text stands in
 * the messages, when the server has them already (request-body.ts).
 */
export function toSimCall(body: Record<string, unknown>, profile: SimProfile, knowledge: SimKnowledge, messagesHash?: string, known?: KnownPlace | null): SimCall {
  const messages = (Array.isArray(body.messages) ? body.messages : []) as Message[]
  const system = messages.filter((m) => m.role === 'system' || m.role === 'developer').map((m) => textOf(m.content)).join('\n')
  const promptText = promptOf(messages, known ?? null)
  const format = body.response_format as { type?: string; json_schema?: { name?: string; schema?: unknown } } | undefined
  // A prompt that quotes part of a task's units (a learning split) is answered and judged on those alone.
  const found = knowledge.findTask(promptText)
  const task = found && quotedTask(found, promptText)
  // Without a json_schema response format, the JSON a request wants is stated in its prompt.
  const stated = format?.type === 'json_schema' ? null : statedSchema(promptText)
  return {
    model: profile.id,
    profile,
    system,
    promptText,
    schemaName: format?.type === 'json_schema' ? (format.json_schema?.name ?? null) : (stated?.name ?? null),
    schema: format?.type === 'json_schema' ? format.json_schema?.schema : stated?.schema,
    key: callKey(body, profile, messagesHash ?? hashOf(JSON.stringify(messages))),
    trialKey: `${String(body.seed ?? 0)}|${profile.id}`,
    task,
    role: task ? knowledge.findRole(task, system) : null,
  }
}

/**
 * The messages' texts joined by blank lines, in parts around the known text when there is one:
 * the message that quotes it is not read (its content is the pieces and the text, see
 * request-body.ts), and the block is not copied.
 */
function promptOf(messages: readonly Message[], known: KnownPlace | null): PromptText {
  if (!known) return new PromptText(messages.map((m) => textOf(m.content)).join('\n\n'))
  const joined = (from: number, to: number) => messages.slice(from, to).map((m) => textOf(m.content)).join('\n\n')
  const before = known.message > 0 ? `${joined(0, known.message)}\n\n${known.before}` : known.before
  const after = known.message < messages.length - 1 ? `${known.after}\n\n${joined(known.message + 1, messages.length)}` : known.after
  return new PromptText(before, known.text, after)
}

/** The key of a request: its seed, model and the hash of its messages (hashOf(JSON.stringify(body.messages))). */
export function callKey(body: Record<string, unknown>, profile: SimProfile, messagesHash: string): string {
  return `${String(body.seed ?? 0)}|${profile.id}|${messagesHash}`
}

export type StructuredHandler = (call: SimCall, knowledge: SimKnowledge) => unknown

/** Handlers for organisation and judge schemas, registered by name; see org.ts and judge.ts. */
const handlers = new Map<string, StructuredHandler>()
export function registerHandler(schemaName: string, handler: StructuredHandler): void {
  handlers.set(schemaName, handler)
}

function contextOf(call: SimCall, task: Task, prior: unknown[]): SimContext {
  return new SimContext({ task, profile: call.profile, role: call.role, prior, prompt: call.promptText, callKey: call.key, trialKey: call.trialKey })
}

export { UnanswerableRequest }

/**
 * Why a request that quotes a task block (`# Task: <title>`, as every orgbench prompt about a task
 * does) is refused when the simulator knows no task with its brief; null when it quotes none. Any
 * answer would be about no task (an empty review, a judgement without dimensions) and be scored.
 */
export function unknownTaskProblem(prompt: string): string | null {
  const title = /^# Task: (.+)$/m.exec(prompt)?.[1]
  if (title === undefined) return null
  return `the orgbench simulator does not know the task of this request ("${title}"): its brief matches none of the tasks it loaded; a task edited after the simulator started is known once it reloads (at a watch or UI re-run) or restarts`
}

/** The content of the simulated reply. Structured replies always satisfy the requested schema. Throws UnanswerableRequest. */
export function respond(call: SimCall, knowledge: SimKnowledge): string {
  const task = call.task
  const unknown = task ? null : unknownTaskProblem(call.promptText.text)
  if (unknown) throw new UnanswerableRequest(unknown)
  const handler = call.schemaName ? handlers.get(call.schemaName) : undefined
  if (handler) return JSON.stringify(handler(call, knowledge))

  if (task?.truth && call.schemaName?.endsWith('_deliverable')) {
    const ctx = contextOf(call, task, jsonBlocks(call.promptText))
    switch (task.truth.kind) {
      case 'code_review':
        return JSON.stringify(simulateCodeReview(ctx, task.truth.data))
      case 'contract_review':
        return JSON.stringify(simulateContractReview(ctx, task.truth.data))
      case 'support_triage':
        return JSON.stringify(simulateSupportTriage(ctx, task.truth.data))
      case 'incident_response':
        return JSON.stringify(simulateIncidentResponse(ctx, task.truth.data))
      case 'reconciliation':
        return JSON.stringify(simulateReconciliation(ctx, task.truth.data))
    }
  }
  if (call.schemaName) return JSON.stringify(instanceOf(call.schema))

  if (task?.deliverable === 'markdown') {
    const unusable = knowledge.unusableReference(task)
    if (unusable !== null) throw new UnanswerableRequest(unusable)
    return simulateMarkdown(contextOf(call, task, []), knowledge.reference(task.id)!)
  }
  return task
    ? `Notes on "${task.title}": the work above was read in full; no further remarks.`
    : 'This is the orgbench simulator. It recognises orgbench tasks by their brief; this request did not contain one.'
}
