import { zodResponseFormat } from 'openai/helpers/zod'
import { describe, expect, test } from 'vitest'
import { scoreGroundTruth } from '../../lib/eval/score.js'
import { padMarkdown } from '../../lib/eval/judge/padding.js'
import { fenceNonce, JUDGE_SYSTEM, rubricPrompt } from '../../lib/eval/judge/prompt.js'
import { RUBRIC_SCHEMA_NAME, rubricAnswer } from '../../lib/eval/judge/schemas.js'
import { stableJson } from '../../lib/results/write.js'
import { SimContext } from '../../lib/sim/context.js'
import { LENGTH_CENTRE, readCandidate } from '../../lib/sim/judge.js'
import { believeCodeReview } from '../../lib/sim/kinds/code-review.js'
import { SimKnowledge } from '../../lib/sim/knowledge.js'
import { SIM_PROFILES, typicalDetectability } from '../../lib/sim/profiles.js'
import { respond, toSimCall } from '../../lib/sim/respond.js'
import { deliverableSchema, STRUCTURED_KINDS } from '../../lib/tasks/kinds/index.js'
import type { Task } from '../../lib/tasks/registry.js'
import { deliverableFormat, soloIdentity, taskBlock } from '../../lib/topologies/prompts.js'
import '../../lib/sim/judge.js'
import { calibrationsFor } from '../support/calibrations.js'

// The kinds' own mechanics, without the real-model calibration (test/sim/calibration.test.ts covers that).
calibrationsFor(null)

const knowledge = await SimKnowledge.load()
const review = knowledge.registry.get('code_review_execution')
const design = knowledge.registry.get('software_architecture')

/** The judge's rubric request for `text`, as judgeDeliverable builds it. */
function judgeCall(task: Task, text: string, seed: number, model = 'sim-judge') {
  const nonce = fenceNonce('rubric', seed, 0, text)
  const body = {
    model,
    seed,
    messages: [
      { role: 'system', content: JUDGE_SYSTEM },
      { role: 'user', content: rubricPrompt(task, text, nonce) },
    ],
    response_format: zodResponseFormat(rubricAnswer(task), RUBRIC_SCHEMA_NAME),
  }
  return toSimCall(body, SIM_PROFILES[model]!, knowledge)
}
const rubricTotal = (task: Task, text: string, seed: number, model = 'sim-judge') => {
  const answer = rubricAnswer(task).parse(JSON.parse(respond(judgeCall(task, text, seed, model), knowledge)))
  return task.rubric.reduce((s, d) => s + (d.weight * answer.dimensions.find((x) => x.key === d.key)!.score) / 10, 0)
}

/** A single agent's code review from the simulator, for a seed. */
function simulatedReview(seed: number, model = 'sim-medium') {
  const spec = STRUCTURED_KINDS.code_review
  const schema = deliverableSchema({ deliverable: 'code_review', categories: review.categories, truth: review.truth })
  const body = {
    model,
    seed,
    messages: [
      { role: 'system', content: soloIdentity([]).system },
      { role: 'user', content: `${taskBlock(review)}\n\n## Format\n${deliverableFormat(review)}` },
    ],
    response_format: zodResponseFormat(schema, spec.schemaName),
  }
  return JSON.parse(respond(toSimCall(body, SIM_PROFILES[model]!, knowledge), knowledge)) as Record<string, unknown>
}

const SEEDS = Array.from({ length: 24 }, (_, i) => 500 + i)

describe('the simulated judge is not the scorer', () => {
  test('its reading agrees with ground truth, but not perfectly: they disagree on some deliverables', () => {
    const pairs = SEEDS.map((seed) => {
      const data = simulatedReview(seed)
      const truth = scoreGroundTruth(review, { kind: 'structured', schema: 'code_review_deliverable', data })!.score / 100
      return [readCandidate(judgeCall(review, stableJson(data), seed), knowledge, review, stableJson(data)).belief, truth] as const
    })
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
    const mx = mean(pairs.map((p) => p[0]))
    const my = mean(pairs.map((p) => p[1]))
    const cov = pairs.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0)
    const r = cov / Math.sqrt(pairs.reduce((s, [x]) => s + (x - mx) ** 2, 0) * pairs.reduce((s, [, y]) => s + (y - my) ** 2, 0))
    expect(r).toBeGreaterThan(0.3)
    expect(r).toBeLessThan(0.98)
    expect(pairs.filter(([x, y]) => Math.abs(x - y) > 0.02).length).toBeGreaterThan(SEEDS.length / 2)
  })

  test('it gives vague prose less credit than concrete prose, where the scorer sees no difference', () => {
    const data = simulatedReview(501)
    const vague = structuredClone(data) as { reviews: Array<{ findings: Array<{ explanation: string; fix: string }> }> }
    for (const r of vague.reviews) for (const f of r.findings) Object.assign(f, { explanation: 'There is a problem here.', fix: 'Rework this part.' })
    const gt = (d: unknown) => scoreGroundTruth(review, { kind: 'structured', schema: 'code_review_deliverable', data: d })!.score
    expect(gt(vague)).toBe(gt(data))
    const read = (d: unknown) => readCandidate(judgeCall(review, stableJson(d), 501), knowledge, review, stableJson(d))
    expect(read(vague).specificity).toBeLessThan(read(data).specificity - 0.2)
    expect(read(vague).quality).toBeLessThan(read(data).quality)
  })

  test('its blind spots hold for a trial: the same candidate and seed read the same way, another seed may not', () => {
    const text = stableJson(simulatedReview(502))
    expect(readCandidate(judgeCall(review, text, 502), knowledge, review, text)).toEqual(readCandidate(judgeCall(review, text, 502), knowledge, review, text))
    const beliefs = new Set(SEEDS.map((seed) => readCandidate(judgeCall(review, text, seed), knowledge, review, text).belief))
    expect(beliefs.size).toBeGreaterThan(1)
  })
})

describe('what the judge believes the answer is', () => {
  test('it gives the benefit of the doubt: an issue it cannot see counts when reported and is not blamed when missing', () => {
    const truth = review.truth!.kind === 'code_review' ? review.truth!.data : null
    const judge = new SimContext({ task: review, profile: SIM_PROFILES['sim-weak']!, role: null, prior: [], prompt: '', callKey: 'j|1', trialKey: 'j' })
    // The standard review's issues are as hard to see as their severity (the item the judge itself uses).
    const issues = truth!.diffs.flatMap((d) => d.issues.map((i) => ({ ...i, diff: d.input })))
    const unseen = issues.filter((i) => !judge.sees({ id: i.id, difficulty: i.severity, detectability: typicalDetectability(i.severity), focusWords: [] }))
    expect(unseen.length).toBeGreaterThan(2)
    const [reported, ...missing] = unseen
    const candidate = { reviews: [{ diff: reported!.diff, verdict: 'BLOCK' as const, summary: '', findings: [{ file: reported!.file, line: reported!.lines.start, category: reported!.category, severity: reported!.severity, explanation: '', fix: '' }] }] }
    const believed = believeCodeReview(judge, truth!, candidate).diffs.flatMap((d) => d.issues.map((i) => i.id))
    expect(believed).toContain(reported!.id)
    for (const m of missing) expect(believed).not.toContain(m.id)
  })
})

describe('the length bias', () => {
  const strong = knowledge.reference(design.id)!.strong
  const padded = padMarkdown(strong, 2)

  test('adds lengthBias points per doubling of the length, whatever the content', () => {
    const call = judgeCall(design, strong, 7)
    const plain = readCandidate(call, knowledge, design, strong)
    // Read by the same call, so with the same blind spots: only the length differs.
    const long = readCandidate(call, knowledge, design, padded)
    expect(long.quality).toBeCloseTo(plain.quality, 10)
    expect(plain.lengthBonus).toBeCloseTo(SIM_PROFILES['sim-judge']!.lengthBias * Math.log2(strong.length / LENGTH_CENTRE), 10)
    expect(long.lengthBonus - plain.lengthBonus).toBeCloseTo(SIM_PROFILES['sim-judge']!.lengthBias * Math.log2(padded.length / strong.length), 10)
  })

  test('moves the rubric total of padded content up', () => {
    const lift = SEEDS.slice(0, 8).reduce((s, seed) => s + rubricTotal(design, padded, seed) - rubricTotal(design, strong, seed), 0) / 8
    expect(padded.length / strong.length).toBeGreaterThan(1.9)
    expect(lift).toBeGreaterThan(1)
  })
})
