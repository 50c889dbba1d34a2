import { type ChecklistScore } from '../eval/checklist.js'
import { scoreGroundTruth, scoreTaskChecklist } from '../eval/score.js'
import type { GroundTruthScore } from '../eval/types.js'
import { UserError } from '../errors.js'
import { readJson } from '../llm/structured.js'
import { type CalibrationFile, type CalibrationRun, type CalibrationScores } from './calibration-file.js'
import { deliverableSchema } from './kinds/index.js'
import type { Task } from './registry.js'
import type { Deliverable } from '../topologies/types.js'

/**
 * How hard a task is for a strong real model: one-pass single-agent deliverables of real models,
 * kept beside the task (fixtures/calibration/<task>/single-agent.json) with their scores, the model,
 * the date and the method. A task whose calibrated single agent scores 90 or more is saturated:
 * differences between organisations on it cannot be interpreted. A design task's checklist is decided
 * here by its patterns, a lower bound of the judge's decision in a run: enough to show it saturated,
 * never to show headroom.
 */

/** At or above this calibrated score a task has no headroom left. */
export const SATURATED_AT = 90


/**
 * Reads a model's deliverable for a task: JSON that must match the task's deliverable schema for an
 * execution task (read as a run reads a reply: a fenced block or an object with text around it is accepted), or markdown text for a design task; never blank.
 */
export function parseCalibrationDeliverable(task: Task, text: string, where: string): Deliverable {
  // An empty reply is a failed run (a run retries it), not a model's score of 0.
  if (text.trim() === '') throw new UserError(`${where}: empty deliverable: an empty reply is a failed run, not a score; record the model's answer`)
  if (task.deliverable === 'markdown') return { kind: 'markdown', text }
  // Read as a run reads a model's reply (lib/llm/structured.ts), so a file scores as that reply would.
  const read = readJson(text)
  if (!read.ok) throw new UserError(`${where}: expected a JSON deliverable for ${task.id}: ${read.message}`)
  const parsed = deliverableSchema({ deliverable: task.deliverable, categories: task.categories, truth: task.truth }).safeParse(read.json)
  if (!parsed.success) throw new UserError(parsed.error.issues.slice(0, 8).map((i) => `${where}: field ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n'))
  return { kind: 'structured', schema: task.deliverable, data: parsed.data }
}

/** Scores a calibration deliverable with the project's own scorers; `warn` hears what the scorer could not read. */
export function scoreCalibration(task: Task, deliverable: Deliverable, warn: (warning: string) => void = () => {}): CalibrationScores {
  const gt: GroundTruthScore | null = scoreGroundTruth(task, deliverable)
  for (const w of gt?.warnings ?? []) warn(w)
  const checklist: ChecklistScore | null = scoreTaskChecklist(task, deliverable)
  const items = [...(gt?.mustCatch ?? []), ...(checklist?.mustPass ?? [])]
  return {
    groundTruth: gt?.score ?? null,
    checklist: checklist?.score ?? null,
    ...(checklist ? { checklistMethod: 'patterns' as const } : {}),
    metrics: gt?.metrics ?? {},
    mustCatch: { caught: items.filter((i) => i.caught).length, total: items.length, missed: items.filter((i) => !i.caught).map((i) => i.id) },
  }
}

/**
 * The detail of a deliverable's ground-truth score, as lines a calibrator reads before recording it
 * (whether the points it lost are real misses): every metric, then every count as hit/total. None
 * for a task without ground truth.
 */
export function groundTruthDetail(task: Task, deliverable: Deliverable): string[] {
  const gt = scoreGroundTruth(task, deliverable)
  if (!gt) return []
  const metrics = Object.entries(gt.metrics).map(([k, v]) => `${k} ${v ?? '–'}`)
  const counts = Object.entries(gt.counts).map(([k, c]) => `${k} ${c.hit}/${c.total}`)
  return [...(metrics.length > 0 ? [`  metrics: ${metrics.join(' · ')}`] : []), ...(counts.length > 0 ? [`  counts: ${counts.join(' · ')}`] : [])]
}

/** Whether a task's newest calibration run answered the prompt agents get now. */
export type CalibrationPromptStatus = 'same' | 'changed' | 'not-recorded'

export const PROMPT_STATUS_TEXT: Record<CalibrationPromptStatus, string> = {
  same: 'same prompt',
  changed: 'recorded on an earlier prompt (changed since)',
  'not-recorded': 'prompt not recorded',
}

/** The run a task's calibration status is read from: the last one recorded. */
export function newestRun(file: CalibrationFile): CalibrationRun {
  return file.runs[file.runs.length - 1]!
}

/** Compares the prompt digest of a calibration's newest run with `currentSha256`, the digest of the prompt rendered now. */
export function calibrationPromptStatus(file: CalibrationFile, currentSha256: string): CalibrationPromptStatus {
  const recorded = newestRun(file).promptSha256
  if (recorded === undefined) return 'not-recorded'
  return recorded === currentSha256 ? 'same' : 'changed'
}

/** What listings and reports say about a task's calibration. */
export interface CalibrationSummary {
  /** The runs the figures are taken from: those that answered the same prompt as the newest run. */
  runs: number
  /** Runs kept in the file that answered an earlier prompt: shown, never averaged in. */
  earlierPromptRuns: number
  models: string[]
  /** Mean over the counted runs of the ground-truth score (execution) or the checklist score (design). */
  score: number | null
  /** Null when the score is a lower bound: the headroom is then not known. */
  headroom: number | null
  /** The score is a design checklist decided by its patterns: a lower bound of what a run's judge gives. */
  lowerBound: boolean
  mustCatchRecall: number | null
  saturated: boolean
  /** Whether the newest run answered the current prompt; null when the current prompt's digest was not given. */
  prompt: CalibrationPromptStatus | null
}

/** `currentPromptSha256`: the digest of the task's single-agent prompt as rendered now, to tell whether the newest run answered it. */
export function summarizeCalibration(file: CalibrationFile | null, currentPromptSha256?: string): CalibrationSummary | null {
  if (!file) return null
  // A run on an earlier prompt describes that prompt: only the newest run's prompt is averaged.
  const newest = newestRun(file).promptSha256
  const counted = file.runs.filter((r) => r.promptSha256 === newest)
  const values = counted.map((r) => r.scores.groundTruth ?? r.scores.checklist).filter((v): v is number => v !== null)
  const score = values.length === 0 ? null : Math.round((values.reduce((s, v) => s + v, 0) / values.length) * 10) / 10
  const lowerBound = counted.some((r) => r.scores.groundTruth === null && r.scores.checklistMethod === 'patterns')
  const caught = counted.reduce((s, r) => s + r.scores.mustCatch.caught, 0)
  const total = counted.reduce((s, r) => s + r.scores.mustCatch.total, 0)
  return {
    runs: counted.length,
    earlierPromptRuns: file.runs.length - counted.length,
    models: [...new Set(counted.map((r) => r.model))],
    score,
    headroom: score === null || lowerBound ? null : Math.round((100 - score) * 10) / 10,
    lowerBound,
    mustCatchRecall: total === 0 ? null : caught / total,
    saturated: score !== null && score >= SATURATED_AT,
    prompt: currentPromptSha256 === undefined ? null : calibrationPromptStatus(file, currentPromptSha256),
  }
}
