import { scoreGroundTruth, scoreTaskChecklist } from '../eval/score.js'
import { summarizeCalibration } from '../tasks/calibration.js'
import { readCalibration } from '../tasks/calibration-file.js'
import type { Task } from '../tasks/registry.js'
import { renderFirstCalls } from '../topologies/render-prompt.js'
import type { Deliverable } from '../topologies/types.js'
import { calibrationOf } from './calibration.js'
import type { SimKnowledge } from './knowledge.js'
import { profileFor, REFERENCE_PROFILE, SIM_PROFILES, type SimProfile } from './profiles.js'
import { respond, toSimCall } from './respond.js'

/**
 * Does the simulated single agent score what the calibrated real single agent scored? Each task's
 * single-agent call is rendered exactly as the benchmark sends it (memory off), answered by the
 * simulator for a number of seeds, and scored directly with the task's scorer: no Vitest run, no
 * server, so the whole check takes seconds.
 */

/** How far (points) the simulated single agent may be from the calibrated real one. */
export const SIM_TOLERANCE = 10

export interface SimCheckRow {
  task: string
  tier: 'standard' | 'hard'
  /** The calibrated real single agent's score (mean over its runs): ground truth, or checklist for a design task. */
  real: number
  /** The simulated single agent's mean score over the seeds, on the same scale. */
  simulated: number
  /** The real score is a design checklist decided by its patterns: a lower bound of the judge's decision in a run. */
  lowerBound: boolean
  /** Whether the simulator reads this task's calibration item by item (design tasks: not yet). */
  followed: boolean
  /** Within ±SIM_TOLERANCE of the real score. */
  within: boolean
}

function knownProfile(profile: string): SimProfile {
  const found = profileFor(profile)
  if (!found) throw new Error(`unknown simulated profile "${profile}": expected one of ${Object.keys(SIM_PROFILES).join(', ')}`)
  return found
}

/** The simulated single agent's deliverable for a task and seed, scored as the calibration was (ground truth, or checklist). */
export async function simulatedSingleScores(knowledge: SimKnowledge, task: Task, profile: string, seeds: readonly number[]): Promise<number[]> {
  const simProfile = knownProfile(profile)
  const [call] = await renderFirstCalls({ task, topology: 'single', lessons: () => [], maxOutputTokens: 8_192 })
  if (!call) throw new Error(`the single topology made no call for ${task.id}`)
  return seeds.map((seed) => {
    const body = { model: profile, seed, messages: call.messages, ...(call.schema ? { response_format: { type: 'json_schema', json_schema: { name: call.schema, schema: {} } } } : {}) }
    const content = respond(toSimCall(body, simProfile, knowledge), knowledge)
    const deliverable: Deliverable = task.deliverable === 'markdown' ? { kind: 'markdown', text: content } : { kind: 'structured', schema: call.schema ?? task.deliverable, data: JSON.parse(content) }
    const score = task.truth ? scoreGroundTruth(task, deliverable)?.score : scoreTaskChecklist(task, deliverable)?.score
    if (score === undefined) throw new Error(`${task.id}: the simulated single agent's deliverable has no ground-truth or checklist score`)
    return score
  })
}

/** One row per task with a calibration: calibrated real score against the simulated single agent's mean over `seeds`. */
export async function checkSimulatedSingle(knowledge: SimKnowledge, fixturesDir: string, opts: { profile?: string; seeds: readonly number[] }): Promise<SimCheckRow[]> {
  const profile = opts.profile ?? 'sim-strong'
  knownProfile(profile)
  const rows: SimCheckRow[] = []
  for (const task of knowledge.registry.tasks) {
    const summary = summarizeCalibration(readCalibration(fixturesDir, task.id))
    const real = summary?.score
    if (real === null || real === undefined) continue
    const scores = await simulatedSingleScores(knowledge, task, profile, opts.seeds)
    const simulated = Math.round((scores.reduce((s, v) => s + v, 0) / scores.length) * 10) / 10
    rows.push({ task: task.id, tier: task.tier, real, lowerBound: summary!.lowerBound, simulated, followed: calibrationOf(task) !== null, within: Math.abs(simulated - real) <= SIM_TOLERANCE })
  }
  return rows
}

/** Mean real and simulated score per tier, over the rows of that tier. */
export function tierMeans(rows: readonly SimCheckRow[]): Array<{ tier: string; tasks: number; real: number; simulated: number; within: boolean }> {
  const mean = (xs: number[]) => Math.round((xs.reduce((s, v) => s + v, 0) / xs.length) * 10) / 10
  return (['standard', 'hard'] as const)
    .map((tier) => rows.filter((r) => r.tier === tier))
    .filter((rs) => rs.length > 0)
    .map((rs) => {
      const real = mean(rs.map((r) => r.real))
      const simulated = mean(rs.map((r) => r.simulated))
      return { tier: rs[0]!.tier, tasks: rs.length, real, simulated, within: Math.abs(simulated - real) <= SIM_TOLERANCE }
    })
}

/** The check as a table: per task, then per tier; the words say what the numbers are. Only sim-strong is held to the tolerance. */
export function renderSimCheck(rows: readonly SimCheckRow[], profile: string, seeds: number): string {
  const held = profile === REFERENCE_PROFILE
  const verdict = (within: boolean) => (!held ? '' : within ? 'ok' : `OUTSIDE ±${SIM_TOLERANCE}`)
  const pad = (s: string, n: number) => s.padEnd(n)
  const num = (x: number) => x.toFixed(1).padStart(6)
  const width = Math.max(30, ...rows.map((r) => r.task.length))
  const line = (task: string, tier: string, real: string, sim: string, diff: string, note: string) => `${pad(task, width)}  ${pad(tier, 8)}  ${real}  ${sim}  ${diff}  ${note}`
  const out = [line('task', 'tier', '  real', `   sim`, '  diff', ''), line('-'.repeat(width), '--------', '------', '------', '------', '')]
  for (const r of rows) {
    const note = !r.followed ? `not followed item by item (design task${r.lowerBound ? '; real is a lower bound' : ''})` : verdict(r.within)
    out.push(line(r.task, r.tier, num(r.real), num(r.simulated), num(r.simulated - r.real), note))
  }
  for (const t of tierMeans(rows.filter((r) => r.followed))) out.push(line(`mean of ${t.tier} (${t.tasks} task(s))`, t.tier, num(t.real), num(t.simulated), num(t.simulated - t.real), verdict(t.within)))
  out.push(
    '',
    `real: the calibrated real single agent (fixtures/calibration/<task>/single-agent.json, mean over runs); sim: ${profile} as the single agent, mean over ${seeds} seed(s),`,
    `scored directly with the task's scorer (ground truth; checklist for a design task). Simulated numbers test the machinery, not the topologies.`,
    ...(rows.some((r) => r.lowerBound)
      ? [`A lower bound: a design checklist decided by its patterns; a run decides it with the judge model, which calibration record does not call.`]
      : []),
    held ? `${REFERENCE_PROFILE} is held to ±${SIM_TOLERANCE} points per calibrated task and per tier.` : `Only ${REFERENCE_PROFILE} is held to ±${SIM_TOLERANCE}: ${profile} is a weaker model than the calibrated one by design.`,
  )
  return out.map((l) => l.trimEnd()).join('\n')
}
