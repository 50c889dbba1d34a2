import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../lib/config.js'
import { join } from 'node:path'
import { carriedFrom, changedTasks, errorCauses, rescoredStatus, rescoreRecords, rescoringJudgeEndpoint, writeRescoredRun } from '../../lib/run/rescore.js'
import { renderRunSummary } from '../../lib/results/render.js'
import { loadPrices } from '../../lib/llm/pricing.js'
import { publicConfig } from '../../lib/config.js'
import { openRun, type RunHandle } from '../../lib/results/read.js'
import type { RunError, TestRecord } from '../../lib/results/record.js'
import { RunFile } from '../../lib/results/schema.js'
import { writeRun } from '../../lib/results/store.js'
import { tempDir } from '../support/temp.js'
import type { PeerResults } from '../../lib/run/peers.js'
import { runCase } from '../../lib/run/runner.js'
import { startSimulator, type Simulator } from '../../lib/sim/server.js'
import { taskDigest } from '../../lib/tasks/digest.js'
import { learningView } from '../../lib/tasks/split.js'
import { loadRegistry, type Registry, type Task } from '../../lib/tasks/registry.js'

const registry = await loadRegistry()
let sim: Simulator
beforeAll(async () => {
  sim = await startSimulator()
})
afterAll(() => sim.close())

const collect = async (records: AsyncIterable<TestRecord>) => {
  const all: TestRecord[] = []
  for await (const r of records) all.push(r)
  return all
}

/** A small stored run (written and opened like any results file): single and star on two tasks, one trial each, judged. */
async function storedRun(): Promise<{ handle: RunHandle; records: TestRecord[] }> {
  const config = loadConfig({ env: { ORGBENCH_TRIALS: '1' } })
  const records: TestRecord[] = []
  for (const taskId of ['code_review_execution', 'strategic_planning']) {
    const task = registry.get(taskId)
    const single = await runCase({ config, task, topology: 'single', trial: 1, baseURL: sim.url })
    const peers: PeerResults = { scheduled: (t) => t === 'single', record: async () => single }
    records.push(single, await runCase({ config, task, topology: 'star', trial: 1, baseURL: sim.url, peers }))
  }
  return { handle: await store('stored', records, config), records }
}

/** Writes records as a complete results file and opens it. */
async function store(runId: string, records: TestRecord[], config: ReturnType<typeof loadConfig>): Promise<RunHandle> {
  const path = join(tempDir(), `${runId}.json`)
  await writeRun(path, (async function* () { yield* records })(), {
    runId,
    createdAt: new Date(0).toISOString(),
    config: publicConfig(config),
    prices: loadPrices(),
    commit: null,
    vitest: { reason: 'passed', passed: records.length, failed: 0, skipped: 0 },
    status: { status: 'complete', reasons: [] },
    sessions: 1,
    warnings: [],
  })
  return openRun(path)
}

describe('re-scoring a stored run', () => {
  it('reproduces every score with the same judge, making judge calls only', async () => {
    const { handle, records: stored } = await storedRun()
    const before = { ...sim.stats.byModel }
    const records = await collect(rescoreRecords(handle, { config: loadConfig({ env: {} }), baseURL: sim.url, registry }))
    const after = sim.stats.byModel

    // Zero generation: the agents' model got no new request; the judge did.
    expect(after['sim-strong']).toBe(before['sim-strong'])
    // Four rubric judgements, two orders of pairwise preference for each star, and a checklist judgement per design deliverable.
    expect(after['sim-judge']! - before['sim-judge']!).toBe(4 + 2 * 2 + 2)
    expect(records.map((r) => r.scores)).toEqual(stored.map((r) => r.scores))
    expect(records.map((r) => r.cost.org)).toEqual(stored.map((r) => r.cost.org))
    for (const r of records) expect(r.scores.judge?.score).not.toBeNull()
  })

  it('re-judges with a new judge model, keeping the organisation identity and marking the provenance', async () => {
    const { handle, records: stored } = await storedRun()
    const config = loadConfig({ env: { ORGBENCH_JUDGE_MODEL: 'sim-gullible-judge' } })
    const records = await collect(rescoreRecords(handle, { config, baseURL: sim.url, registry }))
    expect(new Set(records.map((r) => r.judgeModel))).toEqual(new Set(['sim-gullible-judge']))
    expect(records.map((r) => r.model)).toEqual(stored.map((r) => r.model))
    const path = join(tempDir(), 'rescored.json')
    const file = await writeRescoredRun(handle, (async function* () { yield* records })(), { path, config, runId: 'rescored', createdAt: new Date(0).toISOString(), prices: loadPrices() })
    expect(RunFile.parse(file).rescoredFrom).toBe('stored')
    expect(file.config.judgeModel).toBe('sim-gullible-judge')
    const written = await collect(openRun(path).records())
    expect(written).toEqual(records)
    expect(written.flatMap((r) => r.calls).filter((c) => c.role === 'judge').every((c) => c.model === 'sim-gullible-judge')).toBe(true)
  })
})

describe('re-scoring a learning run', () => {
  it('scores each case against the side of the split its agents were given, as the run did', async () => {
    const config = loadConfig({ env: { ORGBENCH_TRIALS: '1' } })
    const whole = registry.get('code_review_execution')
    const record = await runCase({ config, task: learningView(whole, 'heldout'), topology: 'single', trial: 1, baseURL: sim.url, learning: { iteration: 1, split: 'heldout', seedTrial: 1 } })
    const [rescored] = await collect(rescoreRecords(await store('learning', [record], config), { config: loadConfig({ env: {} }), baseURL: sim.url, registry }))
    expect(record.scores.groundTruth?.score).toBeGreaterThan(0)
    expect(rescored!.scores).toEqual(record.scores)
  })

  it('says nothing changed when neither side of the split changed', () => {
    const whole = registry.get('code_review_execution')
    const sides = (['train', 'heldout'] as const).map((side) => ({ task: whole.id, taskDigest: taskDigest(learningView(whole, side)) }))
    expect(changedTasks(sides, registry)).toEqual([])
    expect(changedTasks([...sides].reverse(), registry)).toEqual([])
  })
})

describe('the judge endpoint a re-scored run records', () => {
  it('is the one the re-scoring judged on, not the original run\'s, and none when the judge used the agents\' endpoint', async () => {
    const { handle, records } = await storedRun()
    const judgedElsewhere: RunHandle = { ...handle, run: { ...handle.run, config: { ...handle.run.config, judgeProvider: 'custom', judgeEndpoint: 'http://127.0.0.1:1111' } } }
    const rescore = (env: Record<string, string>) =>
      writeRescoredRun(judgedElsewhere, (async function* () { yield* records })(), { path: join(tempDir(), 'rescored.json'), config: loadConfig({ env }), runId: 'rescored', createdAt: new Date(0).toISOString(), prices: loadPrices() })
    const judgeSettings = (file: RunFile) => ({ provider: file.config.judgeProvider, endpoint: file.config.judgeEndpoint })

    const own = await rescore({ ORGBENCH_JUDGE_BASE_URL: 'http://127.0.0.1:2222/v1', ORGBENCH_JUDGE_MODEL: 'sim-judge' })
    expect(judgeSettings(own)).toEqual({ provider: 'custom', endpoint: 'http://127.0.0.1:2222' })
    const agents = await rescore({})
    expect(judgeSettings(agents)).toEqual({ provider: undefined, endpoint: undefined })
    expect(agents.config).not.toHaveProperty('judgeEndpoint')
  })

  it("is the endpoint the re-scoring was given when the judge shares it, while the agents' endpoint stays the run's; the summary names both simulators", async () => {
    const { handle, records } = await storedRun()
    const config = loadConfig({ env: { ORGBENCH_BASE_URL: 'http://127.0.0.1:3333/v1', ORGBENCH_MODEL: 'sim-strong', ORGBENCH_JUDGE_MODEL: 'sim-judge' } })
    const file = await writeRescoredRun(handle, (async function* () { yield* records })(), { path: join(tempDir(), 'rescored.json'), config, runId: 'rescored', createdAt: new Date(0).toISOString(), prices: loadPrices() })
    expect(file.config).toMatchObject({ provider: 'sim', endpoint: 'embedded simulator', judgeProvider: 'custom', judgeEndpoint: 'http://127.0.0.1:3333' })
    expect(renderRunSummary(file, 'rescored.json', { wide: true })).toContain('SIMULATED (agents: embedded simulator; judge: orgbench simulator at http://127.0.0.1:3333; neither a real model)')
    // The same with the judge on an endpoint of its own.
    const own = await writeRescoredRun(handle, (async function* () { yield* records })(), { path: join(tempDir(), 'rescored.json'), config: loadConfig({ env: { ORGBENCH_JUDGE_BASE_URL: 'http://127.0.0.1:2222/v1', ORGBENCH_JUDGE_MODEL: 'sim-judge' } }), runId: 'rescored', createdAt: new Date(0).toISOString(), prices: loadPrices() })
    expect(renderRunSummary(own, 'rescored.json', { wide: true })).toContain('SIMULATED (agents: embedded simulator; judge: orgbench simulator at http://127.0.0.1:2222; neither a real model)')
  })
})

describe('rescoringJudgeEndpoint', () => {
  const run = { provider: 'custom', endpoint: 'http://127.0.0.1:43120' }
  it('is none when the judge used the run\'s own endpoint, and the embedded simulator when that judged a real run', () => {
    expect(rescoringJudgeEndpoint(run, loadConfig({ env: { ORGBENCH_BASE_URL: 'http://127.0.0.1:43120/v1', ORGBENCH_MODEL: 'real-x' } }))).toBeNull()
    expect(rescoringJudgeEndpoint(run, loadConfig({ env: {} }))).toEqual({ judgeProvider: 'sim', judgeEndpoint: 'embedded simulator' })
    expect(rescoringJudgeEndpoint(run, loadConfig({ env: { ORGBENCH_BASE_URL: 'http://127.0.0.1:43120/v1', ORGBENCH_MODEL: 'real-x', ORGBENCH_JUDGE_BASE_URL: 'http://127.0.0.1:9999/v1', ORGBENCH_JUDGE_MODEL: 'j' } }))).toEqual({
      judgeProvider: 'custom',
      judgeEndpoint: 'http://127.0.0.1:9999',
    })
  })
})

describe('what a re-scoring says of tasks changed since the run', () => {
  const task = registry.get('code_review_execution')
  /** A registry holding `task` as it is now. */
  const now = (t: Task) => ({ tasks: [t], get: () => t }) as unknown as Registry
  const truth = structuredClone(task.truth!) as Extract<Task['truth'], { kind: 'code_review' }>
  truth.data.diffs[0]!.verdict = truth.data.diffs[0]!.verdict === 'BLOCK' ? 'REQUEST_CHANGES' : 'BLOCK'

  it('records carry the digest of the task they were made with; a re-scored one keeps what its deliverable was written for', async () => {
    const { handle, records: stored } = await storedRun()
    expect(stored.map((r) => r.taskDigest)).toEqual(stored.map((r) => taskDigest(registry.get(r.task))))
    const records = await collect(rescoreRecords(handle, { config: loadConfig({ env: {} }), baseURL: sim.url, registry }))
    expect(records.map((r) => r.taskDigest)).toEqual(stored.map((r) => r.taskDigest))
  })

  it('names a task whose ground truth changed, saying the deliverables were written from the same inputs', () => {
    const cases = [{ task: task.id, taskDigest: taskDigest(task) }]
    expect(changedTasks(cases, now(task))).toEqual([])
    expect(changedTasks(cases, now({ ...task, truth }))).toEqual([`${task.id}: its ground truth changed since the run: the deliverables were written from the same inputs`])
    expect(changedTasks(cases, now({ ...task, truth, brief: `${task.brief} More.` }))).toEqual([
      `${task.id}: its brief or inputs changed: the deliverables were written for other inputs; its ground truth changed since the run`,
    ])
  })

  it('says so when the run is older than the digests', () => {
    expect(changedTasks([{ task: task.id }, { task: 'other' }], now(task))).toEqual([
      `${task.id}, other: the run records no digest of these tasks (it was made before they were kept), so whether they changed since cannot be told; the re-scored run records the digests of now`,
    ])
  })
})

describe('how a re-scored run ended', () => {
  const stored = { status: 'partial' as const, statusReasons: ['filtered by ORGBENCH_TASKS=code_review_execution'] }
  const judgeError = (message: string): RunError => ({ stage: 'judge', kind: 'api', message, callId: null })
  const at = (topology: string, trial: number, status: 'ok' | 'error', errors: RunError[] = []) => ({ task: 'code_review_execution', topology, trial, status, errors })

  it('keeps the stored run\'s status while a case succeeds, and is failed when none does', () => {
    expect(rescoredStatus(stored, [at('single', 1, 'ok'), at('star', 1, 'error')])).toEqual({ status: 'partial', reasons: stored.statusReasons })
    expect(rescoredStatus(stored, [at('single', 1, 'error'), at('star', 1, 'error')])).toEqual({ status: 'failed', reasons: ['no case succeeded (all 2 errored)'] })
  })

  it('names each cause of the errored cases once, with how many cases it hit and the first in full', () => {
    const refused = judgeError('401 Incorrect API key provided')
    expect(
      errorCauses([
        at('single', 1, 'error', [refused, judgeError('401 again')]),
        at('star', 1, 'error', [refused]),
        at('star', 2, 'error', [{ stage: 'organisation', kind: 'rate_limit', message: '429', callId: null }]),
        at('single', 2, 'ok', [refused]),
      ]),
    ).toEqual([
      '2 case(s), first code_review_execution × single #1: judge: api: 401 Incorrect API key provided',
      '1 case(s), first code_review_execution × star #2: organisation: rate_limit: 429',
    ])
    expect(errorCauses([at('single', 1, 'ok')])).toEqual([])
  })

  it('tells the errors a case already had in the run (kept as they were) from those the re-scoring made', () => {
    const capped = { stage: 'organisation' as const, kind: 'budget', message: 'ORGBENCH_MAX_USD reached', callId: null }
    const original = [at('single', 1, 'error', [capped]), at('star', 1, 'ok'), at('star', 2, 'error', [capped])]
    const carried = carriedFrom(original)
    expect(carried(at('single', 1, 'error', [capped]))).toBe(true)
    expect(carried(at('star', 1, 'error', [judgeError('401')]))).toBe(false)
    // The same case erring again in another way is the re-scoring's.
    expect(carried(at('star', 2, 'error', [capped, judgeError('401')]))).toBe(false)
    expect(carried(at('single', 1, 'ok'))).toBe(false)
    // A judge that failed in the run is asked again: failing again the same way is the re-scoring's error.
    const judged = [at('single', 1, 'error', [judgeError('401')])]
    expect(carriedFrom(judged)(at('single', 1, 'error', [judgeError('401')]))).toBe(false)
  })
})
