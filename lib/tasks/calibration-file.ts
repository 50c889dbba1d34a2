import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { UserError } from '../errors.js'
import { Points } from '../results/case-rules.js'
import { StoredDeliverable } from '../results/record.js'
import { readSchemaFile } from '../schema-file.js'

/*
 * The calibration file of a task (fixtures/calibration/<task>/single-agent.json): one-pass
 * single-agent deliverables of real models with their scores (see calibration.ts for what they mean).
 */

export const CalibrationScores = z.strictObject({
  /** Ground-truth score 0-100 (execution tasks); null for design tasks. */
  groundTruth: Points.nullable(),
  /** Checklist score 0-100 (design tasks); null without a checklist. */
  checklist: Points.nullable(),
  /**
   * Who decided the checklist items: the patterns. A run decides a checklist with the judge model,
   * which `calibration record` does not call (it needs a judge endpoint), so this score is a lower
   * bound of the run's: it can show a task saturated, never that it leaves headroom.
   */
  checklistMethod: z.literal('patterns').optional(),
  metrics: z.record(z.string(), z.number().nullable()),
  mustCatch: z.strictObject({ caught: z.number().int(), total: z.number().int(), missed: z.array(z.string()) }),
})
export type CalibrationScores = z.infer<typeof CalibrationScores>

export const CalibrationRun = z.strictObject({
  model: z.string().min(1),
  date: z.iso.date(),
  /** How the deliverable was produced, in words a reader can repeat. */
  method: z.string().min(20),
  topology: z.literal('single'),
  memory: z.enum(['on', 'off']),
  /**
   * SHA-256 (hex) of the single agent's prompt the deliverable answers, as `orgbench tasks --prompt <task>`
   * renders it with the run's memory: it tells whether the task's prompt changed since. Runs recorded
   * before it was kept lack it.
   */
  promptSha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected the 64 hex digits of a SHA-256').optional(),
  /** The deliverable exactly as the model handed it in (validated against the task's schema). */
  deliverable: StoredDeliverable,
  scores: CalibrationScores,
})
export type CalibrationRun = z.infer<typeof CalibrationRun>

export const CalibrationFile = z.strictObject({
  task: z.string(),
  runs: z.array(CalibrationRun).min(1),
})
export type CalibrationFile = z.infer<typeof CalibrationFile>

/** Where a task's calibration lives. */
export function calibrationPath(fixturesDir: string, taskId: string): string {
  return join(fixturesDir, 'calibration', taskId, 'single-agent.json')
}

/**
 * A task's calibration, or null when it has none; a malformed file is an error naming its field, as
 * is one that names another task (copied from its folder): the simulator would follow that task's runs.
 */
export function readCalibration(fixturesDir: string, taskId: string): CalibrationFile | null {
  const path = calibrationPath(fixturesDir, taskId)
  if (!existsSync(path)) return null
  const file = readSchemaFile(path, CalibrationFile, 5)
  if (file.task !== taskId) throw new UserError(`${path}: field task: expected "${taskId}" (the folder it lives in), got "${file.task}"`)
  return file
}

/** What is wrong with a task's calibration file, each naming the file and the field; none when it reads or the task has none. */
export function calibrationFileProblems(fixturesDir: string, taskId: string): string[] {
  try {
    readCalibration(fixturesDir, taskId)
    return []
  } catch (e) {
    if (e instanceof UserError) return e.message.split('\n')
    throw e
  }
}
