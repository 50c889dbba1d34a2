import { z } from 'zod'
import { Lesson } from '../results/record.js'

/**
 * Who a lesson is for: a task role id, a structural role ("single", "synthesizer", "coordinator",
 * "decomposer"), "specialists" (every agent that is not structural) or "all".
 */
export const Audience = z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected "all", "specialists", a structural role or a task role id')

/** A lesson as org memory keeps it: the words agents read, and the agents they are for. */
export const MemoryLesson = Lesson.extend({
  id: z.string().regex(/^[a-z0-9-]+$/, 'expected a lowercase lesson id like "synthesis-keeps-values"'),
  text: z.string().min(20),
  audience: z.array(Audience).min(1, 'expected at least one audience'),
})
export type MemoryLesson = z.infer<typeof MemoryLesson>

/** Where a learned lesson came from: the learning run, arm and iteration whose retrospective wrote it. */
export const Provenance = z.object({
  runId: z.string(),
  topology: z.string(),
  iteration: z.number().int().min(1),
  /** The failure mode the retrospective gave as the reason, with its quoted evidence. */
  failureMode: z.string(),
  evidence: z.string(),
})
export type Provenance = z.infer<typeof Provenance>

/**
 * A lesson as a memory file keeps it: default lessons have no provenance. A lesson that several
 * arms learned keeps the first arm's provenance and, in `alsoLearnedBy`, each other arm's.
 */
export const StoredLesson = MemoryLesson.extend({ provenance: Provenance.nullable().default(null), alsoLearnedBy: z.array(Provenance).optional() })
export type StoredLesson = z.infer<typeof StoredLesson>

/**
 * The lessons every organisation starts with: the original suite's "Run 6" lessons, rewritten so that
 * each names the agents it is for. They describe how to work, never what to find: no lesson may
 * contain a task's answers.
 */
export const DEFAULT_LESSONS: readonly MemoryLesson[] = [
  {
    id: 'synthesis-keeps-values',
    text: 'When you merge colleagues\' work, carry every concrete value over verbatim: numbers, thresholds, identifiers, names, and line or clause references. Never replace a value with a generality.',
    audience: ['synthesizer', 'coordinator'],
  },
  {
    id: 'synthesis-inputs-complete',
    text: 'The work handed to you is complete and untruncated. Read all of it and account for every finding in the merge: keep it, or drop it for a reason the task inputs support.',
    audience: ['synthesizer', 'coordinator'],
  },
  {
    id: 'domain-explicit',
    text: 'Keep the domain of the task explicit: name the system, organisation and constraints of the brief where they matter, and give no advice that would fit any domain.',
    audience: ['all'],
  },
  {
    id: 'section-per-area',
    text: 'Cover every required area of the brief in its own section (in a structured deliverable, give every required item its own entry), so that no area is skipped or merged away.',
    audience: ['single', 'synthesizer', 'coordinator'],
  },
  {
    id: 'structured-handoff',
    text: 'Hand your work over in a form a colleague can merge without re-reading: when the deliverable has a JSON schema, use that schema with every field filled; otherwise use one labelled section per area.',
    audience: ['specialists'],
  },
].map((l) => MemoryLesson.parse(l))
