import type { LlmClient } from '../llm/client.js'
import type { Task } from '../tasks/registry.js'

export const TOPOLOGY_IDS = ['single', 'self_refine', 'star', 'pipeline', 'peer_review', 'hrm', 'self_decompose'] as const
export type TopologyId = (typeof TOPOLOGY_IDS)[number]

/** A deliverable as handed in: markdown text for design tasks, a validated object for execution tasks. */
export type Deliverable = { kind: 'markdown'; text: string } | { kind: 'structured'; schema: string; data: unknown }

/** Something a topology decided or did that is not a model call: a plan, a halting decision, a cut. */
export interface TraceEvent {
  type: string
  /** Call ids this event is based on. */
  callIds: string[]
  detail: Record<string, unknown>
}

/** Lessons from org memory addressed to a role (or to "synthesizer", "coordinator", "all"). */
export type LessonLookup = (roleId: string) => string[]

export interface RunContext {
  task: Task
  llm: LlmClient
  model: string
  /** Seed of this trial; sent with every call. */
  seed: number
  maxOutputTokens: number
  lessons: LessonLookup
  signal?: AbortSignal
  /** Topology-specific knobs (hrm cycles, self_refine budget, ...). */
  options: Record<string, unknown>
  /** Records a non-call event into the trace. */
  event(event: TraceEvent): void
}

export interface Topology {
  id: TopologyId
  /** One sentence on how the organisation works. */
  description: string
  run(ctx: RunContext): Promise<Deliverable>
}
