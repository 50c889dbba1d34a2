import { deliverableSchema, STRUCTURED_KINDS } from '../tasks/kinds/index.js'
import type { Task } from '../tasks/registry.js'
import type { Role } from '../tasks/schema.js'
import { partsMessage } from '../llm/parts-message.js'
import { schemaStatement } from '../llm/schema-statement.js'
import { shareText } from '../llm/shared-json.js'
import { fenceFor } from '../text.js'
import { type Deliverable, deliverableText } from './types.js'

/**
 * Prompt building shared by every topology. Information parity: every agent that works on the
 * task gets the whole brief, every hard constraint and every input verbatim, whatever its role.
 */

const taskBlocks = new WeakMap<Task, string>()
const formats = new WeakMap<Task, string>()

/**
 * The task as every agent sees it: title, full brief, hard constraints and inputs, untruncated.
 * Built once per task (tasks are immutable once loaded): every call of every case quotes it, so
 * it is shared for encoding (see lib/llm/shared-json.ts).
 */
export function taskBlock(task: Task): string {
  let block = taskBlocks.get(task)
  if (block === undefined) taskBlocks.set(task, (block = buildTaskBlock(task)))
  shareText(block)
  return block
}

function buildTaskBlock(task: Task): string {
  const parts = [`# Task: ${task.title}`, task.brief.trim()]
  if (task.hardConstraints.length > 0) parts.push(`## Hard constraints\n${task.hardConstraints.map((c) => `- ${c}`).join('\n')}`)
  if (task.resolvedInputs.length > 0) {
    parts.push(
      `## Inputs (${task.resolvedInputs.length}), verbatim\n\n` +
        task.resolvedInputs
          .map((input) => {
            const fence = fenceFor(input.rendered)
            const lang = input.format === 'markdown' || input.format === 'text' ? '' : input.format
            return `### Input ${input.id}: ${input.label}\n${fence}${lang}\n${input.rendered}\n${fence}`
          })
          .join('\n\n'),
    )
  }
  return parts.join('\n\n')
}

/** How the deliverable must be handed in (built once per task). */
export function deliverableFormat(task: Task): string {
  let format = formats.get(task)
  if (format === undefined) formats.set(task, (format = buildDeliverableFormat(task)))
  return format
}

function buildDeliverableFormat(task: Task): string {
  if (task.deliverable === 'markdown') {
    return 'Write the deliverable in markdown: a top-level title, then one "## " section per required area, with concrete values (numbers, thresholds, schemas, named technologies) rather than generalities.'
  }
  return schemaStatement(STRUCTURED_KINDS[task.deliverable].schemaName, deliverableSchema({ deliverable: task.deliverable, categories: task.categories, truth: task.truth }))
}

export interface Identity {
  /** Role id, or a structural id: "single", "synthesizer", "coordinator", "editor". */
  id: string
  name: string
  system: string
}

function lessonsBlock(lessons: string[]): string {
  return lessons.length > 0 ? `\n\nLessons from earlier runs of this organisation:\n${lessons.map((l) => `- ${l}`).join('\n')}` : ''
}

export function soloIdentity(lessons: string[]): Identity {
  return {
    id: 'single',
    name: 'Single agent',
    system: `You are a senior professional working alone on the task below. You own the whole deliverable.${lessonsBlock(lessons)}`,
  }
}

/**
 * The line of a specialist's system prompt that names its role. The name stands on its own, so it
 * reads correctly whatever it is ("Compliance & Ops", "SRE / Reliability Engineer").
 */
export function roleLine(name: string): string {
  return `Your role: ${name}`
}

export function roleIdentity(role: Role, lessons: string[]): Identity {
  return {
    id: role.id,
    name: role.name,
    system: `You are one member of a team working on the task below.\n${roleLine(role.name)}\nYour focus: ${role.focus}${lessonsBlock(lessons)}`,
  }
}

export function structuralIdentity(id: string, name: string, duty: string, lessons: string[]): Identity {
  return { id, name, system: `You are the ${name} of a team working on the task below. ${duty}${lessonsBlock(lessons)}` }
}

/** Work handed from one agent to another, quoted in full. */
export interface Handoff {
  from: string
  title: string
  content: Deliverable | { kind: 'text'; text: string }
}

export function handoffBlock(heading: string, handoffs: Handoff[]): string {
  if (handoffs.length === 0) return ''
  const body = handoffs
    .map((h) => {
      if (h.content.kind === 'structured') {
        const json = deliverableText(h.content)
        const fence = fenceFor(json)
        return `### ${h.title} (from ${h.from})\n${fence}json\n${json}\n${fence}`
      }
      const text = h.content.text
      const fence = fenceFor(text)
      return `### ${h.title} (from ${h.from})\n${fence}markdown\n${text}\n${fence}`
    })
    .join('\n\n')
  return `## ${heading}\n\n${body}`
}

/** Joins prompt sections, skipping empty ones (of white space only). */
export function compose(...sections: string[]): string {
  return sections.filter(hasText).join('\n\n')
}

/**
 * `compose(opening, ...sections)` as the content of a message of `role`, the opening (a task's
 * block) kept apart from the rest: the prompt is never built as one string (lib/llm/parts-message.ts).
 */
export function composedMessage<R extends string>(role: R, opening: string, ...sections: string[]): { role: R; content: string } {
  if (!hasText(opening)) return { role, content: compose(...sections) }
  const kept = sections.filter(hasText)
  // The separator after the opening is joined in with the rest: one string, not one more to flatten.
  return partsMessage(role, opening, kept.length === 0 ? '' : ['', ...kept].join('\n\n'))
}

/** A character that is not white space as trim() sees it (the same set as \s). */
const NON_SPACE = /\S/

/**
 * Whether a section has anything but white space: `s.trim() !== ''` without making the trimmed
 * string. The search stops at the first such character, at once for a section of text.
 */
function hasText(s: string): boolean {
  return NON_SPACE.test(s)
}
