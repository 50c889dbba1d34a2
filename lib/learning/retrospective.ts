import { z } from 'zod'
import type { ChatClient } from '../llm/client.js'
import type { OrgMemory } from '../memory/memory.js'
import type { TestRecord } from '../results/record.js'
import type { Task } from '../tasks/registry.js'
import { compose, taskBlock } from '../topologies/prompts.js'
import { deliverableText } from '../topologies/types.js'
import { withoutNames } from './lesson-leaks.js'
import { LEARNABLE_KNOBS } from './protocol.js'

/** The retrospective's structured reply; the simulator answers it by this name. */
export const RETROSPECTIVE_SCHEMA = 'retrospective'

export const Retrospective = z.object({
  failureModes: z.array(
    z.object({
      id: z.string().describe('a short lowercase id, e.g. "missed-medium-findings"'),
      description: z.string().describe('what went wrong, in one sentence'),
      evidence: z.string().describe('a quotation from the scores, the deliverable or the inputs that shows it'),
    }),
  ),
  lessons: z.array(
    z.object({
      failureMode: z.string().describe('the id of the failure mode this lesson answers'),
      audience: z.array(z.string()).describe('ids of the agents who should read the lesson, from the list given'),
      text: z.string().describe('the lesson as the agents will read it: how to work, never the answers of this case'),
    }),
  ),
  protocolFixes: z.array(
    z.object({
      knob: z.string().describe('a knob of this topology, from the list given'),
      value: z.string().describe('the new value as JSON, e.g. 3, 0.8 or "fixed"'),
      reason: z.string(),
    }),
  ),
})
export type Retrospective = z.infer<typeof Retrospective>

/** Agents of a run that can read lessons: every role that made a call, except the judge. */
export function readersOf(records: readonly Pick<TestRecord, 'calls'>[]): string[] {
  return [...new Set(records.flatMap((r) => r.calls.map((c) => c.role)).filter((role) => role !== 'judge'))].sort()
}

/**
 * The scores of a training record with their reasons: what the retrospective learns from. A missed
 * must-catch item is told by what kind of miss it was (its severity, category or expected verdict)
 * with its id, and the inputs, files and lines it names, left out (`withoutNames`): lessons are
 * to say how to work, and a retrospective handed where each answer lies writes it down.
 */
export function scoresWithReasons(record: TestRecord, task: Pick<Task, 'resolvedInputs' | 'truth'>): Record<string, unknown> {
  const { groundTruth, checklist, judge, headline } = record.scores
  const unnamed = withoutNames(task)
  return {
    trial: record.learning?.seedTrial ?? record.trial,
    status: record.status,
    errors: record.errors.map((e) => `${e.stage}: ${e.kind}: ${e.message}`),
    headline,
    groundTruth: groundTruth && { score: groundTruth.score, metrics: groundTruth.metrics, counts: groundTruth.counts, missedMustCatch: groundTruth.mustCatch.filter((m) => !m.caught).map((m) => unnamed(m.description)) },
    checklist: checklist && { score: checklist.score, missing: checklist.missing },
    judge: judge && { score: judge.score, dimensions: judge.dimensions.map((d) => ({ key: d.key, score: d.score, reason: d.reason })) },
  }
}

/**
 * The retrospective's prompt: the complete brief and inputs, every training deliverable in full,
 * the scores with their reasons, the current memory as the agents read it, and the ids lessons and
 * fixes may name. Nothing is cut (the original showed 1,200 characters of each deliverable).
 */
export function retrospectivePrompt(opts: { task: Task; topology: string; iteration: number; records: readonly TestRecord[]; memory: OrgMemory; readers: readonly string[] }): string {
  const { task, topology, records, memory, readers } = opts
  const work = records.map((r, i) => {
    const body = r.deliverable ? deliverableText(r.deliverable) : '(no deliverable: the run failed)'
    const lang = r.deliverable?.kind === 'structured' ? 'json' : 'markdown'
    return `### Training case ${i + 1}\nScores and their reasons:\n\`\`\`json\n${JSON.stringify(scoresWithReasons(r, task), null, 2)}\n\`\`\`\nDeliverable:\n\`\`\`\`${lang}\n${body}\n\`\`\`\``
  })
  const current = readers.map((role) => `- ${role}: ${memory.lessonsFor(role).map((t) => JSON.stringify(t)).join(' ') || '(none)'}`)
  const knobs = LEARNABLE_KNOBS[topology] ?? []
  return compose(
    taskBlock(task),
    `## Retrospective of the ${topology} organisation, iteration ${opts.iteration}`,
    `## What the organisation handed in\n\n${work.join('\n\n')}`,
    `## Lessons each agent reads today\n${current.join('\n')}`,
    `## Your assignment\nFind the failure modes behind the lost points, each with quoted evidence. For each, write lessons that would have prevented it: how to work, never this case's answers. A lesson that names an input, a file, a line, a clause or an item of the answers, or repeats the answers' wording, is rejected. Address each lesson to one or more of these agents (no other id reaches a prompt): ${readers.join(', ')}. Propose protocol fixes only for these knobs of ${topology}: ${knobs.join(', ') || 'none (leave protocolFixes empty)'}.`,
  )
}

/** Runs the retrospective call; a reply that fails the schema is the client's recorded parse error. */
export async function askRetrospective(llm: ChatClient, opts: { model: string; seed: number; maxTokens: number; prompt: string; signal?: AbortSignal }): Promise<Retrospective> {
  const reply = await llm.chat<Retrospective>({
    role: 'retrospective',
    phase: 'retrospective',
    model: opts.model,
    messages: [
      { role: 'system', content: 'You run the retrospective of a team after its work was scored. You write lessons the team\'s agents will read next time.' },
      { role: 'user', content: opts.prompt },
    ],
    maxTokens: opts.maxTokens,
    seed: opts.seed,
    schema: { name: RETROSPECTIVE_SCHEMA, zod: Retrospective },
    signal: opts.signal,
  })
  return reply.parsed
}
