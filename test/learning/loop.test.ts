import { describe, expect, test } from 'vitest'
import { loadConfig } from '../../lib/config.js'
import { newArm, runAblation, runIteration } from '../../lib/learning/loop.js'
import { persistLearning } from '../../lib/learning/persist.js'
import { readersOf, retrospectivePrompt } from '../../lib/learning/retrospective.js'
import { OrgMemory } from '../../lib/memory/memory.js'
import type { TestRecord } from '../../lib/results/record.js'
import { runCase } from '../../lib/run/runner.js'
import { calibrationsFor } from '../support/calibrations.js'
import { sharedTempDir } from '../support/temp.js'
import { listedReaders, missedThemes } from '../../lib/sim/retrospective.js'
import { loadRegistry } from '../../lib/tasks/registry.js'
import type { CodeReviewTruth } from '../../lib/tasks/kinds/code-review.js'
import { splitInputs } from '../../lib/tasks/split.js'
import { type ChatClient, LlmCallError } from '../../lib/llm/client.js'
import { deliverableText } from '../../lib/topologies/types.js'
import { useSimulator } from '../topologies/harness.js'

const sim = useSimulator()
// Items of typical detectability: the calibrated simulator misses next to nothing of the training diffs, leaving a retrospective nothing to learn.
calibrationsFor(null)
const task = (await loadRegistry()).get('code_review_execution')
const memoryDir = sharedTempDir('orgbench-learn-')
const config = loadConfig({ env: { ORGBENCH_JUDGE: 'off', ORGBENCH_LEARN_ITERATIONS: '2', ORGBENCH_LEARN_TRAIN_TRIALS: '2', ORGBENCH_LEARN_HELDOUT_TRIALS: '3', ORGBENCH_MEMORY_DIR: memoryDir }, cwd: '/nonexistent' })

describe('a small learning run of the single agent on the simulator', async () => {
  const arm = newArm('single', OrgMemory.forMode('default'))
  const records: TestRecord[] = []
  const spec = { config, task, arm, baseURL: '', runId: 'test-learning', onRecord: (r: TestRecord) => records.push(r) }

  test('iteration 1: training and held-out seeds with the base memory, then a retrospective whose lessons reach the single agent', async () => {
    spec.baseURL = sim().url
    await runAblation(spec)
    const first = await runIteration(spec)
    expect(first).toMatchObject({ iteration: 1, memoryVersion: 'default', stop: { stop: false }, retrospective: { accepted: expect.any(Number) } })
    expect(first.retrospective!.accepted).toBeGreaterThan(0)
    const learned = arm.lessons.filter((l) => l.provenance !== null)
    expect(learned.length).toBe(first.retrospective!.accepted)
    for (const l of learned) {
      expect(l.audience).toEqual(['single'])
      expect(l.provenance).toMatchObject({ runId: 'test-learning', topology: 'single', iteration: 1, evidence: expect.stringMatching(/"recall_[a-z]+": \d+ of \d+/) })
    }
  })

  test('iteration 2 reads the learned memory on the same held-out seeds, and stops at the limit', async () => {
    const second = await runIteration(spec)
    expect(second).toMatchObject({ iteration: 2, memoryVersion: 'default+learn-single-i2', stop: { stop: true, reason: 'iteration limit 2 reached' }, retrospective: null })
    const heldOut = (i: number) => records.filter((r) => r.learning?.split === 'heldout' && r.learning.iteration === i)
    expect(heldOut(1).map((r) => r.seed)).toEqual(heldOut(2).map((r) => r.seed))
    expect(heldOut(2)[0]!.memory.lessons.length).toBeGreaterThan(heldOut(1)[0]!.memory.lessons.length)
    expect(records.filter((r) => r.learning?.split === 'ablation').map((r) => r.memory.version)).toEqual(['off', 'off', 'off'])
    // Every record of the run has its own trial number, so none overwrites another in the results file.
    expect(new Set(records.map((r) => r.trial)).size).toBe(records.length)
    // Training seeds are never held-out seeds.
    const seeds = (split: string) => new Set(records.filter((r) => r.learning?.split === split).map((r) => r.seed))
    expect([...seeds('train')].filter((s) => seeds('heldout').has(s))).toEqual([])
  })

  test('the complete run writes the next memory version, which the next run loads and names in its records', async () => {
    const file = persistLearning(memoryDir, task.id, [arm], { runId: 'test-learning', config })
    expect([file.version, file.parent]).toEqual([1, null])
    expect(file.evidence!.arms[0]!.curve.map((p) => p.memoryVersion)).toEqual(['default', 'default+learn-single-i2'])
    expect(file.evidence!.arms[0]!.memoryOff!.n).toBe(3)
    const record = await runCase({ config: { ...config, memory: 'persisted' }, task, topology: 'single', trial: 1, baseURL: sim().url })
    expect(record.memory.version).toBe(`${task.id}@v1`)
    expect(record.memory.lessons.map((l) => l.id)).toEqual(file.lessons.map((l) => l.id))
    // A run that started from v1 names v1 as its version's parent, whatever was written meanwhile.
    const fromV1 = newArm('single', OrgMemory.load('persisted', memoryDir, task, true))
    persistLearning(memoryDir, task.id, [arm], { runId: 'meanwhile', config })
    expect(persistLearning(memoryDir, task.id, [fromV1], { runId: 'from-v1', config })).toMatchObject({ version: 3, parent: 1 })
  })
})

describe('the train/held-out split of the inputs in a learning run', async () => {
  const split = splitInputs(task)
  if (split.mode !== 'inputs') throw new Error('code_review_execution splits its diffs')
  const arm = newArm('single', OrgMemory.forMode('default'))
  const records: TestRecord[] = []
  let prompt = ''
  // The retrospective's client records what it is shown, then fails as an endpoint can.
  const llm: ChatClient = {
    chat: async (req) => {
      prompt = req.messages.map((m) => (typeof m.content === 'string' ? m.content : '')).join('\n')
      throw new LlmCallError({ kind: 'api', class: 'InternalServerError', status: 500, message: '500 upstream overloaded' }, 'call-1')
    },
  }
  const onlyIn = (ids: readonly string[], r: TestRecord) => r.scores.groundTruth!.mustCatch.every((m) => ids.some((id) => m.id.startsWith(`${id}-`)))
  const issues = (side: typeof split.train) => (side.truth!.data as CodeReviewTruth).diffs.reduce((n, d) => n + d.issues.length, 0)
  const scored = (r: TestRecord) => Object.entries(r.scores.groundTruth!.counts).filter(([k]) => ['recall_critical', 'recall_high', 'recall_medium', 'recall_low'].includes(k)).reduce((n, [, c]) => n + c.total, 0)

  test('no held-out diff is scored in training or reaches the retrospective; a failed retrospective is a recorded error', async () => {
    const summary = await runIteration({ config, task, arm, baseURL: sim().url, runId: 'test-split', llm, onRecord: (r: TestRecord) => records.push(r) })
    const train = records.filter((r) => r.learning!.split === 'train')
    const heldOut = records.filter((r) => r.learning!.split === 'heldout')
    expect(train.length).toBe(2)
    expect(heldOut.length).toBe(3)
    for (const r of train) {
      expect(onlyIn(split.trainIds, r)).toBe(true)
      expect(scored(r)).toBe(issues(split.train))
    }
    for (const r of heldOut) {
      expect(onlyIn(split.heldOutIds, r)).toBe(true)
      expect(scored(r)).toBe(issues(split.heldOut))
    }
    // The training side's brief: it speaks of the training diffs alone.
    expect(prompt).toContain(split.train.brief)
    expect(prompt).not.toContain('Fourteen pull requests, d01 to d14')
    for (const id of split.trainIds) expect(prompt).toContain(`### Input ${id}:`)
    for (const id of split.heldOutIds) {
      expect(prompt).not.toContain(`### Input ${id}:`)
      expect(prompt).not.toContain(task.resolvedInputs.find((i) => i.id === id)!.rendered)
      expect(prompt).not.toMatch(new RegExp(`"${id}-\\d+`))
    }
    expect(summary.retrospective).toMatchObject({ accepted: 0, error: { kind: 'api', message: '500 upstream overloaded' }, cost: { calls: 0 } })
    expect(arm.lessons.filter((l) => l.provenance !== null)).toEqual([])
  })
})

describe('the retrospective prompt and the simulated retrospective', () => {
  test('the prompt holds every deliverable in full, the scores with reasons and the readers; the sim learns only from the missed counts', async () => {
    const record = await runCase({ config, task, topology: 'star', trial: 1, baseURL: sim().url, memory: OrgMemory.forMode('default') })
    const readers = readersOf([record])
    expect(readers).toEqual([...task.roles.map((r) => r.id), 'synthesizer'].sort())
    const prompt = retrospectivePrompt({ task, topology: 'star', iteration: 1, records: [record], memory: OrgMemory.forMode('default'), readers })
    expect(prompt).toContain(deliverableText(record.deliverable!))
    expect(prompt).toContain(task.brief)
    expect(listedReaders(prompt)).toEqual(readers)
    const counts = record.scores.groundTruth!.counts
    const expected = Object.entries(counts).filter(([k, c]) => k.startsWith('recall_') && c.hit < c.total).map(([k]) => k.slice('recall_'.length))
    expect(missedThemes(prompt).map((t) => t.theme).sort()).toEqual(expected.sort())
  })
})

describe('protocol fixes reach the topology that reads them', () => {
  test('a learned hrm knob in memory changes how hrm runs', async () => {
    const fixed = { ...config, judge: 'off' as const }
    const hrmTask = (await loadRegistry()).get('strategic_planning')
    const run = (maxSegments: number) => runCase({ config: fixed, task: hrmTask, topology: 'hrm', trial: 1, baseURL: sim().url, memory: new OrgMemory('on', [], 'test@v1', { hrm: { halting: 'fixed', minSegments: 1, maxSegments, cycles: 1 } }) })
    const [one, two] = await Promise.all([run(1), run(2)])
    expect(one.status).toBe('ok')
    expect(two.calls.length).toBeGreaterThan(one.calls.length)
  })
})

