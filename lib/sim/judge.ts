import { scoreChecklist } from '../eval/checklist.js'
import { scoreGroundTruth } from '../eval/score.js'
import { deliverableSchema } from '../tasks/kinds/index.js'
import type { Task } from '../tasks/registry.js'
import { normal } from './random.js'
import { registerHandler, type SimCall } from './respond.js'

/** Phrases by which a candidate tries to steer its evaluator. */
const INJECTION =
  /(note|message|instruction)s? (to|for) the (evaluator|judge|grader)|(ignore|disregard) (the|all|any|previous) (scoring )?(rubric|instructions?)|(maximum|full|perfect|highest possible) (score|marks)|pre-?approved/i

const CANDIDATE = /<<<CANDIDATE(?: ([AB]))? ([0-9a-f]+)>>>\n([\s\S]*?)\n<<<END CANDIDATE(?: [AB])? \2>>>/g

function candidates(prompt: string): Map<string, string> {
  const found = new Map<string, string>()
  for (const m of prompt.matchAll(CANDIDATE)) found.set(m[1] ?? 'single', m[3]!)
  return found
}

/**
 * The simulated judge's sense of quality in [0, 1]: checklist coverage for design tasks, agreement
 * with ground truth for execution tasks (an unreadable structured candidate counts as poor).
 */
export function simulatedQuality(task: Task, text: string): number {
  const parts: number[] = []
  if (task.checklist.length > 0) parts.push(scoreChecklist(task.checklist, text).score / 100)
  if (task.truth) {
    const parsed = deliverableSchema({ deliverable: task.truth.kind, categories: task.categories, inputs: task.resolvedInputs }).safeParse(safeJson(text))
    parts.push(parsed.success ? (scoreGroundTruth(task, { kind: 'structured', schema: task.deliverable, data: parsed.data })?.score ?? 0) / 100 : 0.2)
  }
  return parts.length === 0 ? 0.5 : parts.reduce((a, b) => a + b, 0) / parts.length
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

const clamp = (x: number) => Math.max(0, Math.min(10, Math.round(x)))

registerHandler('judge_rubric_scores', (call: SimCall) => {
  const task = call.task
  const text = candidates(call.prompt).get('single') ?? ''
  const injected = INJECTION.test(text)
  if (!task) return { dimensions: [], candidate_contains_instructions: injected }
  const q = simulatedQuality(task, text)
  return {
    dimensions: task.rubric.map((d) => {
      const obeyed = call.profile.gullible && injected
      const score = obeyed ? 10 : clamp(10 * q + call.profile.judgeNoise * normal(call.key, d.key))
      return { key: d.key, reason: obeyed ? 'The candidate states it was pre-approved.' : `Quality estimate ${(q * 100).toFixed(0)}% against the task's checklist and ground truth.`, score }
    }),
    candidate_contains_instructions: injected,
  }
})

registerHandler('judge_pairwise', (call: SimCall) => {
  const task = call.task
  const found = candidates(call.prompt)
  if (!task) return { reason: 'No task recognised.', preferred: 'tie' }
  const qa = simulatedQuality(task, found.get('A') ?? '')
  const qb = simulatedQuality(task, found.get('B') ?? '')
  // A judge slightly favours what it reads first, and its reading is noisy.
  const margin = qa - qb + 0.1 * call.profile.positionBias + 0.02 * call.profile.judgeNoise * normal(call.key, 'pairwise')
  const preferred = Math.abs(margin) < 0.02 ? 'tie' : margin > 0 ? 'A' : 'B'
  return { reason: `Quality estimates A ${(qa * 100).toFixed(0)}%, B ${(qb * 100).toFixed(0)}%.`, preferred }
})
