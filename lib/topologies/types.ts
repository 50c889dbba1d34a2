import type { z } from 'zod'
import type { Config } from '../config.js'
import type { ChatClient } from '../llm/client.js'
import type { Task } from '../tasks/registry.js'

export const TOPOLOGY_IDS = ['single', 'self_refine', 'star', 'pipeline', 'peer_review', 'hrm', 'self_decompose'] as const
export type TopologyId = (typeof TOPOLOGY_IDS)[number]

/** Orders topologies as TOPOLOGY_IDS lists them (the baselines first); unknown names go last, alphabetically. */
export function compareTopologies(a: string, b: string): number {
  const known = TOPOLOGY_IDS as readonly string[]
  const rank = (t: string) => (known.includes(t) ? known.indexOf(t) : known.length)
  return rank(a) - rank(b) || a.localeCompare(b)
}

/** A deliverable as handed in: markdown text for design tasks, a validated object for execution tasks. */
export type Deliverable = { kind: 'markdown'; text: string } | { kind: 'structured'; schema: string; data: unknown }

/**
 * The text a checklist or a judge reads: markdown as is, structured deliverables as pretty JSON.
 * The JSON is written once per data object: a case reads its deliverable's text several times
 * (patterns, notice, summary) and hands each draft on in full, often to several agents. A
 * deliverable is a value: nothing changes its data once it has been handed in.
 */
export function deliverableText(deliverable: Deliverable): string {
  if (deliverable.kind === 'markdown') return deliverable.text
  const data = deliverable.data
  if (typeof data !== 'object' || data === null) return JSON.stringify(data, null, 2)
  let text = structuredTexts.get(data)
  if (text === undefined) {
    text = JSON.stringify(data, null, 2)
    structuredTexts.set(data, text)
  }
  return text
}

const structuredTexts = new WeakMap<object, string>()

/** Something a topology decided or did that is not a model call: a plan, a halting decision, a cut. */
export interface TraceEvent {
  type: string
  /** Call ids this event is based on. */
  callIds: string[]
  detail: Record<string, unknown>
}

/**
 * Ids of agents that stand for a structural position rather than a task role: the lone agent of
 * single and self_refine, star's and peer_review's synthesizer, hrm's coordinator, and the
 * decomposer that proposes self_decompose's roles. Every other agent id is a specialist.
 */
export const STRUCTURAL_ROLES = ['single', 'synthesizer', 'coordinator', 'decomposer'] as const
export type StructuralRole = (typeof STRUCTURAL_ROLES)[number]

export function isStructuralRole(id: string): id is StructuralRole {
  return (STRUCTURAL_ROLES as readonly string[]).includes(id)
}

/** How self_decompose's agent ids for the roles it proposes begin, keeping them apart from task roles and structural ids. */
export const PROPOSED_ROLE_PREFIX = 'proposed_'

/** Lessons from org memory addressed to an agent id (a task role id or a structural role). */
export type LessonLookup = (roleId: string) => string[]

export interface RunContext {
  task: Task
  llm: ChatClient
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

/**
 * How many calls one case of a topology makes, for scheduling only (lib/run/schedule.ts): the
 * estimates order permits, never change what a case does or scores. test/run/schedule.test.ts
 * keeps them close to what the cases make.
 */
export interface CallEstimate {
  /** The organisation's own calls of one case, judge left out. */
  calls(task: Task, config: Config): number
  /** How many of those lie on its longest chain of calls that must run one after another. */
  chain(task: Task, config: Config): number
}

/** One organisation (or single-agent baseline): how it runs a task, and what the rest of orgbench needs to know about it. */
export interface Topology {
  id: TopologyId
  /** One sentence on how the organisation works. */
  description: string
  /** The agents it runs that are not one of the task's roles; each must be listed in STRUCTURAL_ROLES. */
  structuralRoles: readonly StructuralRole[]
  estimate: CallEstimate
  /** The schema of `ctx.options` when it reads any (strict, so that a misspelt knob is an error). */
  options?: z.ZodType<Record<string, unknown>>
  /** Knobs of `options` a retrospective may change (lib/learning/protocol.ts); none when absent. */
  learnableKnobs?: readonly string[]
  run(ctx: RunContext): Promise<Deliverable>
}
