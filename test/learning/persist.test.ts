import { describe, expect, test } from 'vitest'
import { finalMemory, learnedTask, learningEvidence, persistLearning } from '../../lib/learning/persist.js'
import { type ArmState, newArm } from '../../lib/learning/loop.js'
import { OrgMemory } from '../../lib/memory/memory.js'
import { defaultStoredLessons, readVersion, writeVersion } from '../../lib/memory/store.js'
import type { StoredLesson } from '../../lib/memory/lessons.js'
import { tempDir } from '../support/temp.js'

const config = { learn: { iterations: 3, trainTrials: 2, heldOutTrials: 3, budgetTokens: 400 }, simulated: true, provider: 'sim' as const, model: 'sim-strong' }
const scores = (...values: Array<number | null>) => new Map(values.map((v, i) => [101 + i, v]))
const lesson = (topology: string, text: string): StoredLesson => ({ id: `learned-${topology}-${text.length}`, text, audience: [topology], provenance: { runId: 'learn-1', topology, iteration: 1, failureMode: 'missed the medium items', evidence: '"recall_medium": 1 of 3' } })

/** An arm that ran two iterations: held-out scores at each, and a stop reason. */
function arm(topology: string, first: Array<number | null>, last: Array<number | null>, over: Partial<ArmState> = {}): ArmState {
  return { ...newArm(topology, OrgMemory.forMode('default')), heldOut: [scores(...first), scores(...last)], stop: { stop: true, reason: 'iteration limit' } as ArmState['stop'], ...over }
}

describe('learningEvidence', () => {
  const star = arm('star', [60, 70, 80], [70, 80, 90])
  const single = arm('single', [60, 70, 80], [62, 72, 82], { ablation: scores(50, 60, null) })
  const evidence = learningEvidence([star, single], { runId: 'learn-1', config })

  test('records the run, its endpoint and settings', () => {
    expect(evidence).toMatchObject({ runId: 'learn-1', simulated: true, provider: 'sim', model: 'sim-strong', settings: config.learn })
    expect(evidence).not.toHaveProperty('split')
  })

  test("each arm's held-out curve by iteration, its improvement paired by seed, and its stop reason", () => {
    expect(evidence.arms.map((a) => [a.topology, a.curve.map((p) => [p.iteration, p.mean, p.n, p.errors]), a.improvement.mean, a.improvement.n, a.stop])).toEqual([
      ['star', [[1, 70, 3, 0], [2, 80, 3, 0]], 10, 3, 'iteration limit'],
      ['single', [[1, 70, 3, 0], [2, 72, 3, 0]], 2, 3, 'iteration limit'],
    ])
  })

  test('the score with memory off over the seeds that scored, only for an arm that measured it', () => {
    expect(evidence.arms[0]!.memoryOff).toBeNull()
    expect(evidence.arms[1]!.memoryOff).toMatchObject({ mean: 55, n: 2 })
  })

  test("the organisation's improvement minus the single agent's, paired by seed", () => {
    expect(evidence.differences.map((d) => [d.org, d.single, d.mean, d.n])).toEqual([['star', 'single', 8, 3]])
  })

  test('an arm that did not finish says so', () => {
    expect(learningEvidence([arm('star', [1], [2], { stop: null })], { runId: 'r', config }).arms[0]!.stop).toBe('not finished')
  })
})

describe('finalMemory', () => {
  test("the base lessons plus each arm's learned ones, and each arm's protocol fixes under its topology (an arm without fixes has no entry)", () => {
    const star = arm('star', [1], [2], { lessons: [...newArm('star', OrgMemory.forMode('default')).lessons, lesson('star', 'Name the owner of each item.')] })
    const hrm = arm('hrm', [1], [2], { protocol: { cycles: 3 } })
    const memory = finalMemory([star, hrm], 400)
    expect(memory.lessons.map((l) => l.id)).toEqual([...defaultStoredLessons().map((l) => l.id), expect.stringMatching(/^learned-/)])
    expect(memory.lessons.at(-1)).toMatchObject({ text: 'Name the owner of each item.', audience: ['star'] })
    expect(memory.protocol).toEqual({ hrm: { cycles: 3 } })
  })
})

describe('persistLearning', () => {
  test('writes the next version with the run as its author and the version the arms started from as its parent', () => {
    const dir = tempDir()
    const v1 = writeVersion(dir, 'code_review_execution', { writtenBy: 'earlier', lessons: defaultStoredLessons(), protocol: {}, dropped: [], evidence: null })
    writeVersion(dir, 'code_review_execution', { writtenBy: 'later', lessons: defaultStoredLessons(), protocol: {}, dropped: [], evidence: null })
    const base = OrgMemory.fromFile(v1)
    const written = persistLearning(dir, 'code_review_execution', [{ ...arm('star', [60], [70]), base }], { runId: 'learn-9', config })
    expect(written).toMatchObject({ version: 3, parent: 1, writtenBy: 'learn-9', evidence: { runId: 'learn-9' } })
    expect(readVersion(dir, 'code_review_execution', 3).evidence?.arms.map((a) => a.topology)).toEqual(['star'])
  })
})

describe('learnedTask', () => {
  test('with no arm run, nothing learned and why', () => {
    expect(learnedTask('t', [], { runId: 'r', config }, { notWritten: 'the dollar cap stopped the run' })).toEqual({ task: 't', version: null, notWritten: 'the dollar cap stopped the run', evidence: null, lessons: [] })
  })

  test('not written: what the arms measured and the lessons they learned, without the defaults', () => {
    const star = arm('star', [60], [70], { lessons: [...newArm('star', OrgMemory.forMode('default')).lessons, lesson('star', 'Quote the line of each finding.')] })
    const t = learnedTask('t', [star], { runId: 'r', config }, { notWritten: 'an arm errored' })
    expect(t).toMatchObject({ version: null, notWritten: 'an arm errored', evidence: { runId: 'r' } })
    expect(t.lessons.map((l) => l.text)).toEqual(['Quote the line of each finding.'])
  })

  test('written: names the version', () => {
    const dir = tempDir()
    const file = persistLearning(dir, 't', [arm('star', [60], [70])], { runId: 'r', config })
    expect(learnedTask('t', [], { runId: 'r', config }, { written: file })).toMatchObject({ task: 't', version: 't@v1', notWritten: null, lessons: [] })
  })
})
