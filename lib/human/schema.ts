import { z } from 'zod'

/** A preference between the two deliverables of an item, as people and the judge state it. */
export const Preference = z.enum(['A', 'B', 'tie'])
export type Preference = z.infer<typeof Preference>

/** One deliverable of a pair, as the key records it (never shown to graders). */
export const KeySide = z.strictObject({
  topology: z.string(),
  /** The judge's rubric scores (0-10) by dimension; null when the judge did not score it. */
  judgeScores: z.record(z.string(), z.number()).nullable(),
  /** Characters of the blinded text the grader reads (length is a known bias of judges and people). */
  length: z.number().int().nonnegative(),
})
export type KeySide = z.infer<typeof KeySide>

/** One pair put before graders: two deliverables of the same task and trial, in a random order. */
export const KeyItem = z.strictObject({
  id: z.string().regex(/^h\d{3,}$/),
  task: z.string(),
  trial: z.number().int().positive(),
  a: KeySide,
  b: KeySide,
  /** The judge's pairwise preference translated to A/B; null when it has none for this pair. */
  judgePreference: Preference.nullable(),
  /** Whether the judge gave the same verdict in both presentation orders; null without a verdict. */
  judgeOrdersAgreed: z.boolean().nullable(),
})
export type KeyItem = z.infer<typeof KeyItem>

/** Which side of a run the simulator played (lib/results/simulator-label.ts simulatedSides). */
export const SimulatedSides = z.strictObject({ agents: z.boolean(), judge: z.boolean() })
export type SimulatedSides = z.infer<typeof SimulatedSides>

/** The key of an export: which deliverable is which. Kept apart from everything graders see. */
export const KeyFile = z.strictObject({
  kind: z.literal('orgbench-human-key'),
  version: z.literal(1),
  /** The export's id; grades name it so that grades of another export are refused. */
  exportId: z.string(),
  runId: z.string(),
  simulated: z.boolean(),
  /** Which side of a simulated run the simulator played; absent in keys written before it was recorded (both sides). */
  simulatedSides: SimulatedSides.optional(),
  judgeModel: z.string(),
  seed: z.number().int(),
  /** Rubric dimension keys per task, in the order the form shows them. */
  rubric: z.record(z.string(), z.array(z.string()).min(1)),
  items: z.array(KeyItem).min(1),
})
export type KeyFile = z.infer<typeof KeyFile>

/** What graders see of an item: the task and the two blinded deliverables, nothing else. */
export const GraderItem = z.strictObject({
  id: z.string(),
  task: z.string(),
  /** The trial both deliverables come from: it tells apart items of one task, and says nothing of their sides. */
  trial: z.number().int().positive().optional(),
  a: z.string(),
  b: z.string(),
})
export type GraderItem = z.infer<typeof GraderItem>

/** What graders see of a task: its full prompt (brief, constraints and inputs) and its rubric. */
export const GraderTask = z.strictObject({
  id: z.string(),
  title: z.string(),
  /** The task exactly as agents and the judge read it. */
  prompt: z.string(),
  rubric: z.array(z.strictObject({ key: z.string(), description: z.string() })),
})
export type GraderTask = z.infer<typeof GraderTask>

/** The grader-facing data of an export (items.json, and embedded in the page). */
export const GraderPacket = z.strictObject({
  exportId: z.string(),
  /** Present when the run was simulated: which side the simulator played, so that no one grades simulator output unawares. */
  simulated: SimulatedSides.optional(),
  scale: z.strictObject({ min: z.literal(0), max: z.literal(10) }),
  tasks: z.array(GraderTask),
  items: z.array(GraderItem),
})
export type GraderPacket = z.infer<typeof GraderPacket>

/** The columns of a grades file, in order. One row per grader, item and answer. */
export const GRADE_COLUMNS = ['export', 'grader', 'item', 'target', 'dimension', 'value'] as const

/** One answer of one grader: the preference (target "pair", dimension "preference") or a 0-10 score of A or B on a rubric dimension. */
export interface GradeRow {
  grader: string
  item: string
  target: 'pair' | 'A' | 'B'
  dimension: string
  value: string
}
