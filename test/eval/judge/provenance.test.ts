import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { padMarkdown } from '../../../lib/eval/judge/padding.js'
import { checkProvenance, type ProvenancePair, provenancePairs, provenancePrompt } from '../../../lib/eval/judge/provenance.js'
import { LlmClient } from '../../../lib/llm/client.js'
import { loadPrices } from '../../../lib/llm/pricing.js'
import type { TestRecord } from '../../../lib/results/record.js'
import { Secret } from '../../../lib/secret.js'
import { SimKnowledge } from '../../../lib/sim/knowledge.js'
import { startSimulator, type Simulator } from '../../../lib/sim/server.js'
import { makeRecord } from '../../results/fixtures.js'

const knowledge = await SimKnowledge.load()
const registry = knowledge.registry
const task = registry.get('code_review_protocol')
const strong = knowledge.reference(task.id)!.strong

const record = (topology: string, trial: number, text = `${topology} ${trial}`, over: Partial<TestRecord> = {}): TestRecord => ({
  ...makeRecord({ task: task.id, topology, trial }),
  deliverable: { kind: 'markdown', text },
  ...over,
})

describe('provenancePairs', () => {
  it('pairs every organisation deliverable with a single-agent one of the same task and trial, taking single and self_refine in turn', () => {
    const records = [1, 2].flatMap((trial) => ['single', 'self_refine', 'star', 'pipeline', 'hrm'].map((t) => record(t, trial)))
    const pairs = provenancePairs(records, registry, { seed: 1 })
    expect(pairs).toHaveLength(6)
    expect(pairs.every((p) => p.single.deliverable.kind === 'markdown' && (p.single.deliverable.text.endsWith(` ${p.id.split('/')[1]}`)))).toBe(true)
    const used = pairs.map((p) => p.single.topology)
    expect(used.filter((t) => t === 'single')).toHaveLength(3)
    expect(used.filter((t) => t === 'self_refine')).toHaveLength(3)
  })

  it("carries each organisation's proposed role names from its events, for the blinding", () => {
    const events = [{ type: 'roles_proposed', callIds: ['c1'], detail: { roles: [{ id: 'proposed_load_auditor', name: 'Load Auditor', focus: 'the load at peak hours' }] } }]
    const pairs = provenancePairs([record('single', 1), record('self_decompose', 1, 'x', { events }), record('star', 1)], registry, { seed: 1 })
    expect(pairs.map((p) => [p.organisation.topology, p.organisation.proposedRoles])).toEqual([
      ['self_decompose', ['Load Auditor']],
      ['star', []],
    ])
  })

  it('leaves out failed records, trials without a single agent and tasks it does not know', () => {
    const records = [
      record('single', 1),
      record('star', 1, 'x', { status: 'error', deliverable: null }),
      record('star', 2),
      { ...record('star', 1), task: 'no_such_task' },
    ]
    expect(provenancePairs(records, registry, { seed: 1 })).toEqual([])
  })

  it('keeps a seeded sample when limited', () => {
    const records = [1, 2, 3, 4].flatMap((trial) => ['single', 'star', 'pipeline', 'hrm'].map((t) => record(t, trial)))
    const a = provenancePairs(records, registry, { limit: 5, seed: 7 })
    expect(a).toHaveLength(5)
    expect(provenancePairs(records, registry, { limit: 5, seed: 7 })).toEqual(a)
    expect(provenancePairs(records, registry, { limit: 5, seed: 8 }).map((p) => p.id)).not.toEqual(a.map((p) => p.id))
  })
})

describe('provenancePrompt', () => {
  it('shows the task and both candidates in nonce fences, and asks which one the organisation wrote', () => {
    const prompt = provenancePrompt(task, 'first text', 'second text', 'abc123')
    expect(prompt).toContain(task.brief)
    expect(prompt).toContain('<<<CANDIDATE A abc123>>>\nfirst text\n<<<END CANDIDATE A abc123>>>')
    expect(prompt).toContain('<<<CANDIDATE B abc123>>>\nsecond text\n<<<END CANDIDATE B abc123>>>')
    expect(prompt).toMatch(/Which one did the organisation write\? Answer "A" or "B"/)
  })
})

describe('checkProvenance', () => {
  let sim: Simulator
  let llm: LlmClient
  beforeAll(async () => {
    sim = await startSimulator({ knowledge })
    llm = new LlmClient({ baseURL: sim.url, apiKey: new Secret('sk-test'), timeoutMs: 10_000, retries: 0, maxConcurrency: 8, prices: loadPrices() })
  })
  afterAll(() => sim.close())

  const pairsOf = (single: (i: number) => string, org: (i: number) => string, n = 12): ProvenancePair[] =>
    Array.from({ length: n }, (_, i) => ({ id: `p${i}`, task, seed: 1000 + i, single: { topology: 'single', deliverable: { kind: 'markdown', text: single(i) } }, organisation: { topology: 'star', deliverable: { kind: 'markdown', text: org(i) }, proposedRoles: [] } }))
  const check = (pairs: ProvenancePair[], client = llm) => checkProvenance({ llm: client, judgeModel: 'sim-judge', pairs, seed: 3, maxTokens: 2048, createdAt: '2026-01-01T00:00:00.000Z' })

  it('flags a judge that tells them apart: here the organisation always writes three times as much', async () => {
    const result = await check(pairsOf(() => strong, () => padMarkdown(strong, 3)))
    expect(result.answers).toBe(24)
    expect(result.accuracy).toBeGreaterThan(0.9)
    expect(result.aboveChance).toBe(true)
    expect(result.byTopology).toEqual([{ topology: 'star', answers: 24, correct: result.correct, accuracy: result.accuracy }])
    expect(result.cost.calls).toBe(24)
    expect(result.cost.usd).toBeGreaterThan(0)
  })

  it('finds chance when the two deliverables cannot be told apart', async () => {
    const result = await check(pairsOf(() => strong, () => strong, 20))
    expect(result.accuracy).toBeGreaterThan(0.3)
    expect(result.accuracy).toBeLessThan(0.7)
    expect(result.ci!.lo).toBeLessThan(0.5)
    expect(result.aboveChance).toBe(false)
  })

  it('records failed answers with their cause and never counts them', async () => {
    const broken = await startSimulator({ knowledge, faults: [{ kind: 'malformed_json', match: { model: 'sim-judge' } }] })
    try {
      const client = new LlmClient({ baseURL: broken.url, apiKey: new Secret('sk-test'), timeoutMs: 10_000, retries: 0, maxConcurrency: 8, prices: loadPrices() })
      const result = await check(pairsOf(() => strong, () => strong, 2), client)
      expect(result.answers).toBe(0)
      expect(result.accuracy).toBeNull()
      expect(result.ci).toBeNull()
      expect(result.aboveChance).toBe(false)
      expect(result.failures).toHaveLength(4)
      expect(result.failures[0]).toMatchObject({ pair: 'p0', kind: 'parse' })
    } finally {
      await broken.close()
    }
  })
})
