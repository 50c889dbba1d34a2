import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { loadConfig } from '../../lib/config.js'
import { type ChatClient, LlmCallError } from '../../lib/llm/client.js'
import { Ledger } from '../../lib/llm/ledger.js'
import { TestRecord } from '../../lib/results/record.js'
import { sharedClient } from '../../lib/llm/clients.js'
import { buildRecord, runCase, toRunError, trialSeed } from '../../lib/run/runner.js'
import { judgeCalls, promptSha256 } from '../../lib/eval/judge/evidence.js'
import { proposedRoleNames } from '../../lib/eval/judge/proposed-roles.js'
import { SimKnowledge } from '../../lib/sim/knowledge.js'
import { type Simulator, startSimulator } from '../../lib/sim/server.js'
import { messageParts } from '../../lib/llm/parts-message.js'
import { contentReads } from '../support/content-reads.js'
import { tempDir } from '../support/temp.js'

let knowledge: SimKnowledge
let sim: Simulator
beforeAll(async () => {
  knowledge = await SimKnowledge.load()
  sim = await startSimulator({ knowledge })
})
afterAll(() => sim.close())

const config = (env: Record<string, string> = {}) => loadConfig({ env: { ORGBENCH_JUDGE: 'off', ...env }, cwd: tempDir() })

describe('trialSeed', () => {
  test('is distinct per trial and per configured seed, the same for every topology', () => {
    expect(trialSeed(1, 1)).toBe(1001)
    expect(trialSeed(1, 3)).toBe(1003)
    expect(trialSeed(2, 1)).toBe(2001)
  })
})

describe('toRunError', () => {
  test('a model-call failure keeps its kind and call id', () => {
    const e = new LlmCallError({ kind: 'timeout', class: 'APIConnectionTimeoutError', status: null, message: 'Request timed out.' }, 'c004')
    expect(toRunError('organisation', e)).toEqual({ stage: 'organisation', kind: 'timeout', message: 'Request timed out.', callId: 'c004' })
  })

  test('anything else is described by its name and message', () => {
    expect(toRunError('scoring', new RangeError('bad range'))).toEqual({ stage: 'scoring', kind: 'RangeError', message: 'bad range', callId: null })
    expect(toRunError('test', 'plain string')).toEqual({ stage: 'test', kind: 'Error', message: 'plain string', callId: null })
  })
})

describe('sharedClient', () => {
  test('one client per endpoint and settings, so calls of a worker share the concurrency limit', () => {
    const c = config()
    const at = (baseURL: string) => ({ baseURL, gateway: null, runId: 'run-1', resumable: false })
    expect(sharedClient(c, at('http://127.0.0.1:1/v1'))).toBe(sharedClient(c, at('http://127.0.0.1:1/v1')))
    expect(sharedClient(c, at('http://127.0.0.1:2/v1'))).not.toBe(sharedClient(c, at('http://127.0.0.1:1/v1')))
  })
})

describe('runCase', () => {
  test('a design task run by the single agent: a valid record with checklist score and headline, no ground truth', async () => {
    const task = knowledge.registry.get('software_architecture')
    const record = await runCase({ config: config(), task, topology: 'single', trial: 2, baseURL: sim.url })
    expect(() => TestRecord.parse(record)).not.toThrow()
    expect(record).toMatchObject({ task: 'software_architecture', track: 'general', topology: 'single', trial: 2, seed: 1002, status: 'ok', simulated: true, provider: 'sim', model: 'sim-strong' })
    expect(record.scores.groundTruth).toBeNull()
    expect(record.scores.checklist).not.toBeNull()
    // The judge is off, so the headline is the checklist score alone.
    expect(record.scores.headline).toBe(record.scores.checklist!.score)
    expect(record.calls.map((c) => [c.role, c.phase])).toEqual([['single', 'answer']])
    expect(record.deliverable?.kind).toBe('markdown')
    expect(record.cost.org.calls).toBe(1)
  })

  test('an execution task: ground-truth score and must-catch items in the record', async () => {
    const task = knowledge.registry.get('incident_response_execution')
    const record = await runCase({ config: config(), task, topology: 'single', trial: 1, baseURL: sim.url })
    expect(record.status).toBe('ok')
    expect(record.scores.headline).toBe(record.scores.groundTruth!.score)
    expect(record.mustCatch.total).toBe(record.scores.groundTruth!.mustCatch.length)
  })

  test('every call of a case, the judge\'s too, goes to the client the spec names when it names one', async () => {
    const task = knowledge.registry.get('software_architecture')
    const c = config({ ORGBENCH_JUDGE: 'on' })
    const inner = sharedClient(c, { baseURL: sim.url, gateway: null, runId: 'run-own-client', resumable: false })
    const seen: string[] = []
    const llm: ChatClient = { chat: (req) => (seen.push(`${req.role}/${req.phase}`), inner.chat(req)) }
    const record = await runCase({ config: c, task, topology: 'star', trial: 1, baseURL: 'http://127.0.0.1:9/unused', llm })
    expect(record.status).toBe('ok')
    expect(seen.length).toBe(record.calls.length)
    expect(seen).toContain('judge/judge:checklist')
    expect(seen.filter((s) => s.startsWith('judge/judge:rubric')).length).toBe(c.judgeRepeats)
  })

  test('no prompt of a case, the judge\'s included, is ever read whole between the topology and the endpoint: each opens with its task, kept apart', async () => {
    const c = config({ ORGBENCH_JUDGE: 'on', ORGBENCH_CACHE: 'read-write', ORGBENCH_CACHE_DIR: tempDir() })
    const inner = sharedClient(c, { baseURL: sim.url, gateway: null, runId: 'run-parts', resumable: true })
    const counter = contentReads()
    const opened: string[] = []
    const llm: ChatClient = {
      chat: (req) => {
        counter.watch(req.messages)
        const parts = messageParts(req.messages.find((m) => m.role === 'user'))
        if (parts) opened.push(`${req.role}/${req.phase}`)
        return inner.chat(req)
      },
    }
    let calls = 0
    // A task with ground truth (a contract with '–' and '’': two-byte text), and a design task the checklist judge reads.
    for (const id of ['contract_review_execution', 'software_architecture']) {
      const record = await runCase({ config: c, task: knowledge.registry.get(id), topology: 'star', trial: 1, baseURL: 'http://127.0.0.1:9/unused', llm })
      expect(record.status).toBe('ok')
      calls += record.calls.length
    }
    expect(opened.length).toBe(calls)
    expect(opened).toEqual(expect.arrayContaining(['judge/judge:rubric', 'judge/judge:checklist']))
    expect(counter.watched).toBe(calls)
    expect(counter.reads).toBe(0)
  })

  test('a failed model call makes an error record with its cause and no score, never a 0', async () => {
    sim.addFault({ kind: 'bad_request', match: { text: 'fault-marker-for-runner-test' } })
    const base = knowledge.registry.get('strategic_planning')
    const task = { ...base, brief: `${base.brief}\n(fault-marker-for-runner-test)` }
    const record = await runCase({ config: config(), task, topology: 'single', trial: 1, baseURL: sim.url })
    expect(record.status).toBe('error')
    expect(record.errors).toEqual([{ stage: 'organisation', kind: 'api', message: expect.stringContaining('400'), callId: 'c001' }])
    expect(record.scores).toMatchObject({ headline: null, groundTruth: null, checklist: null })
    expect(record.deliverable).toBeNull()
    expect(record.calls[0]!.error?.status).toBe(400)
  })

  test('a judge whose prompt the server cut to its context window makes an error record with that cause and no score; the judge calls keep their cost', async () => {
    sim.addFault({ kind: 'context_cut', contextTokens: 4_096, match: { model: 'sim-judge', text: 'cut-marker-for-runner-test' } })
    const base = knowledge.registry.get('code_review_execution')
    const task = { ...base, brief: `${base.brief}\n(cut-marker-for-runner-test)` }
    const record = await runCase({ config: config({ ORGBENCH_JUDGE: 'on' }), task, topology: 'single', trial: 1, baseURL: sim.url })
    expect(record.status).toBe('error')
    expect(record.errors.length).toBeGreaterThan(0)
    for (const e of record.errors) expect(e).toMatchObject({ stage: 'judge', kind: 'context_truncated', message: expect.stringContaining('sim-judge: the endpoint reported 4096 prompt tokens') })
    expect(record.scores.headline).toBeNull()
    const judged = record.calls.filter((c) => c.role === 'judge')
    expect(judged.length).toBeGreaterThan(0)
    for (const c of judged) expect(c).toMatchObject({ promptTokens: 4_096, attempts: 1, error: { kind: 'context_truncated' } })
    expect(judged.every((c) => c.costUsd! > 0)).toBe(true)
  })

  test('a judge call the dollar cap refused makes a budget error record with no score, even when only the pairwise calls were refused', async () => {
    const task = knowledge.registry.get('software_architecture')
    const c = config({ ORGBENCH_JUDGE: 'on' })
    const inner = sharedClient(c, { baseURL: sim.url, gateway: null, runId: 'run-cap-refuses-pairwise', resumable: false })
    const cap = 'ORGBENCH_MAX_USD=2: this call could cost up to $0.00976 and $1.99151 of the cap is already spent'
    // The cap as the client applies it: the call is refused before it is sent.
    const llm: ChatClient = {
      chat: (req) => (req.phase === 'judge:pairwise' ? Promise.reject(new LlmCallError({ kind: 'budget', class: 'BudgetRefused', status: null, message: cap }, 'c099')) : inner.chat(req)),
    }
    const single = await runCase({ config: c, task, topology: 'single', trial: 1, baseURL: sim.url, llm })
    expect(single.status).toBe('ok')
    const peers = { scheduled: (t: string) => t === 'single', record: async () => single }
    const record = await runCase({ config: c, task, topology: 'star', trial: 1, baseURL: sim.url, peers, llm })
    expect(record.status).toBe('error')
    expect(record.scores.headline).toBeNull()
    expect(record.errors).toEqual([{ stage: 'judge', kind: 'budget', message: `the dollar cap refused judge call(s) pairwise#1, pairwise#2: ${cap}`, callId: null }])
    // The cause is kept: the rubric judgement that was made, and the refused steps.
    expect(record.scores.judge!.score).not.toBeNull()
    expect(record.scores.judge!.pairwise).toBeNull()
    expect(record.scores.judge!.failures.map((f) => [f.step, f.kind])).toEqual([['pairwise#1', 'budget'], ['pairwise#2', 'budget']])
  })

  test('self_refine@hrm spends the median of hrm\'s finished trials of the task, and is self_refine at that budget (same agent, prompts, model, seed, output cap)', async () => {
    const task = knowledge.registry.get('code_review_execution')
    const hrm = [18_000, 30_000, 24_000].map((prompt) => ({ deliverable: { kind: 'markdown', text: 'x' }, cost: { org: { tokens: { prompt, completion: 0, cached: 0, reasoning: 0 } } } }) as unknown as TestRecord)
    const peers = { scheduled: (t: string) => t === 'hrm', record: async (_t: string, trial: number) => hrm[trial - 1] ?? null }
    const record = await runCase({ config: config({ ORGBENCH_TRIALS: '3' }), task, topology: 'self_refine@hrm', trial: 1, baseURL: sim.url, peers })
    expect(record).toMatchObject({ topology: 'self_refine@hrm', status: 'ok' })
    expect(record.events.find((e) => e.type === 'self_refine_budget')!.detail).toMatchObject({ targetTokens: 24_000, source: 'hrm-median' })
    const plain = await runCase({ config: config({ ORGBENCH_TRIALS: '3', ORGBENCH_SELF_REFINE_BUDGET: '24000' }), task, topology: 'self_refine', trial: 1, baseURL: sim.url })
    const shape = (r: TestRecord) => r.calls.map((c) => [c.role, c.phase, c.model, c.promptTokens, c.completionTokens])
    expect(shape(record)).toEqual(shape(plain))
    expect(record.deliverable).toEqual(plain.deliverable)
  })

  test('self_refine@hrm whose peer never finished, or is not in the run, is an error record naming the cause, with no call and no score', async () => {
    const task = knowledge.registry.get('code_review_execution')
    const failed = await runCase({ config: config({ ORGBENCH_TRIALS: '2' }), task, topology: 'self_refine@hrm', trial: 1, baseURL: sim.url, peers: { scheduled: () => true, record: async () => null } })
    expect(failed).toMatchObject({ status: 'error', calls: [], deliverable: null, scores: { headline: null } })
    expect(failed.errors).toEqual([{ stage: 'organisation', kind: 'peer', message: expect.stringMatching(/^none of hrm's 2 trial\(s\) of this task finished/), callId: null }])
    const absent = await runCase({ config: config(), task, topology: 'self_refine@hrm', trial: 1, baseURL: sim.url, peers: { scheduled: () => false, record: async () => null } })
    expect(absent.errors).toEqual([{ stage: 'organisation', kind: 'peer', message: 'hrm is not scheduled in this run: self_refine@hrm has no spend to match', callId: null }])
  })

  test('an unknown topology is an error record too', async () => {
    const task = knowledge.registry.get('strategic_planning')
    const record = await runCase({ config: config(), task, topology: 'committee', trial: 1, baseURL: sim.url })
    expect(record.status).toBe('error')
    expect(record.errors[0]).toMatchObject({ stage: 'organisation', message: expect.stringMatching(/^unknown topology "committee"/) })
  })
})

describe('buildRecord', () => {
  test('a test cut short leaves an error record that says so', () => {
    const task = knowledge.registry.get('strategic_planning')
    const record = buildRecord({
      spec: { config: config(), task, topology: 'star', trial: 3 },
      ledger: new Ledger(),
      events: [],
      errors: [{ stage: 'test', kind: 'interrupted', message: 'the test ended before the run finished (timeout or abort)', callId: null }],
      deliverable: null,
      groundTruth: null,
      checklist: null,
      wallMs: 12.345,
    })
    expect(() => TestRecord.parse(record)).not.toThrow()
    expect(record).toMatchObject({ status: 'error', scores: { headline: null }, timing: { wallMs: 12.35, criticalPathMs: 0, sumOfCallsMs: 0 }, cost: { qualityPerDollar: null } })
  })

  test("what the scorer could not read is among the record's warnings, and the stored ground truth keeps its schema", () => {
    const task = knowledge.registry.get('support_triage_execution')
    const groundTruth = { score: 0, metrics: {}, counts: {}, mustCatch: [], warnings: ['none of the ids matched'] }
    const record = buildRecord({ spec: { config: config(), task, topology: 'single', trial: 1 }, ledger: new Ledger(), events: [], errors: [], deliverable: { kind: 'structured', schema: task.deliverable, data: { tickets: [] } }, groundTruth, checklist: null, wallMs: 1 })
    expect(record.warnings).toEqual(['none of the ids matched'])
    expect(record.scores.groundTruth).toEqual({ score: 0, metrics: {}, counts: {}, mustCatch: [] })
    expect(() => TestRecord.parse(record)).not.toThrow()
  })
})

describe('judge evidence in the record', () => {
  test("a judged record's evidence rebuilds byte for byte from the stored record and the single agent of its trial", async () => {
    const task = knowledge.registry.get('software_architecture')
    const c = config({ ORGBENCH_JUDGE: 'on' })
    const single = await runCase({ config: c, task, topology: 'single', trial: 1, baseURL: sim.url })
    const peers = { scheduled: (t: string) => t === 'single', record: async () => single }
    const star = await runCase({ config: c, task, topology: 'star', trial: 1, baseURL: sim.url, peers })
    // What an auditor has: the records as stored (JSON), the task at the run's commit.
    const [stored, storedSingle] = [star, single].map((r) => TestRecord.parse(JSON.parse(JSON.stringify(r))))
    const judge = stored!.scores.judge!
    expect(judge.evidence!.map((e) => e.step)).toEqual([...Array.from({ length: c.judgeRepeats }, (_, i) => `rubric#${i + 1}`), 'pairwise#1', 'pairwise#2'])
    const rebuilt = judgeCalls({ task, deliverable: stored!.deliverable!, proposedRoles: proposedRoleNames(stored!.events), baseline: storedSingle!.deliverable, seed: judge.seed, repeats: c.judgeRepeats })
    expect(rebuilt.map((x) => promptSha256(x.messages))).toEqual(judge.evidence!.map((e) => e.promptSha256))
    expect(rebuilt.map((x) => x.seed)).toEqual(judge.evidence!.map((e) => e.callSeed))
    // The raw replies are kept: each parses as the judge's JSON answer.
    for (const e of judge.evidence!) expect(() => JSON.parse(e.reply!)).not.toThrow()
  })
})
