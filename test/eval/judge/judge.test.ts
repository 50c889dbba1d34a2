import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { judgeCalls, promptSha256 } from '../../../lib/eval/judge/evidence.js'
import { judgeDeliverable, type JudgeSpec } from '../../../lib/eval/judge/judge.js'
import { LlmClient } from '../../../lib/llm/client.js'
import { Ledger, withLedger } from '../../../lib/llm/ledger.js'
import { loadPrices } from '../../../lib/llm/pricing.js'
import { Secret } from '../../../lib/secret.js'
import { startSimulator, type Simulator } from '../../../lib/sim/server.js'
import { loadRegistry, PROJECT_ROOT } from '../../../lib/tasks/registry.js'

const registry = await loadRegistry()
const task = registry.get('software_architecture')
const reference = (name: string) => readFileSync(join(PROJECT_ROOT, 'fixtures', 'calibration', task.id, `${name}.md`), 'utf8')
const strong = { kind: 'markdown' as const, text: reference('strong') }
const weak = { kind: 'markdown' as const, text: reference('weak') }

let sim: Simulator
let llm: LlmClient
beforeAll(async () => {
  sim = await startSimulator()
  llm = new LlmClient({ baseURL: sim.url, apiKey: new Secret('sk-test'), timeoutMs: 10_000, retries: 0, maxConcurrency: 4, prices: loadPrices() })
})
afterAll(() => sim.close())

const spec = (over: Partial<JudgeSpec> = {}): JudgeSpec => ({
  llm,
  model: 'sim-judge',
  agentModel: 'sim-strong',
  task,
  deliverable: strong,
  proposedRoles: [],
  baseline: null,
  repeats: 1,
  seed: 7,
  maxTokens: 4096,
  ...over,
})

const judged = async (over: Partial<JudgeSpec> = {}) => {
  const ledger = new Ledger()
  const result = await withLedger(ledger, () => judgeDeliverable(spec(over)))
  return { result, ledger }
}

describe('judgeDeliverable', () => {
  it('scores every rubric dimension with a reason, and records its calls under the role "judge"', async () => {
    const { result, ledger } = await judged()
    expect(result.dimensions.map((d) => d.key)).toEqual(task.rubric.map((d) => d.key))
    for (const d of result.dimensions) expect(d.reason.length).toBeGreaterThan(0)
    expect(result.score).toBeGreaterThan(80)
    expect(ledger.calls.map((c) => [c.role, c.phase])).toEqual([['judge', 'judge:rubric']])
    expect(result.failures).toEqual([])
  })

  it('sends the complete task and the complete deliverable inside the nonce fence', async () => {
    const chat = vi.spyOn(llm, 'chat')
    await judged()
    const user = String(chat.mock.calls[0]![0].messages[1]!.content)
    chat.mockRestore()
    expect(user).toContain(task.brief)
    const nonce = /<<<CANDIDATE ([0-9a-f]{16})>>>/.exec(user)?.[1]
    expect(nonce).toBeDefined()
    const inside = user.slice(user.indexOf(`<<<CANDIDATE ${nonce}>>>`), user.indexOf(`<<<END CANDIDATE ${nonce}>>>`))
    // The whole deliverable is inside the fence (normalised whitespace only).
    for (const paragraph of strong.text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean)) expect(inside).toContain(paragraph)
  })

  it("blinds the organisation's proposed role names in every prompt: the rubric and both pairwise orders", async () => {
    const text = `## Findings of the Load Auditor\n\n${strong.text}`
    const chat = vi.spyOn(llm, 'chat')
    const { result } = await judged({ deliverable: { kind: 'markdown', text }, proposedRoles: ['Load Auditor'], baseline: { label: 'single', deliverable: weak } })
    const prompts = chat.mock.calls.map((c) => String(c[0].messages[1]!.content))
    chat.mockRestore()
    expect(prompts).toHaveLength(3)
    for (const p of prompts) expect(p).not.toContain('Load Auditor')
    expect(result.blindRules).toEqual({ 'contribution-heading': 1 })
    expect((await judged({ deliverable: { kind: 'markdown', text } })).result.blindRules).toEqual({})
  })

  it("records how often the organisation's role names are still in what the judge read", async () => {
    const text = `${strong.text}\n\nThe Load Auditor recommended that the Load Auditor's rule be kept.\n`
    expect((await judged({ deliverable: { kind: 'markdown', text }, proposedRoles: ['Load Auditor'] })).result.roleNamesLeft).toBe(2)
    expect((await judged({ deliverable: { kind: 'markdown', text: strong.text }, proposedRoles: ['Load Auditor'] })).result.roleNamesLeft).toBe(0)
  })

  it('ranks a strong deliverable above a weak one', async () => {
    const s = (await judged({ deliverable: strong })).result.score!
    const w = (await judged({ deliverable: weak })).result.score!
    expect(s).toBeGreaterThan(w + 50)
  })

  it('keeps evidence of every call: the hash of the exact messages sent, the nonce, the seed and the raw reply', async () => {
    const chat = vi.spyOn(llm, 'chat')
    const { result } = await judged({ repeats: 2, baseline: { label: 'single', deliverable: weak } })
    const sent = await Promise.all(chat.mock.calls.map(async (c, i) => ({ messages: c[0].messages, seed: c[0].seed, reply: (await chat.mock.results[i]!.value).text as string })))
    chat.mockRestore()
    expect(result.evidence!.map((e) => e.step)).toEqual(['rubric#1', 'rubric#2', 'pairwise#1', 'pairwise#2'])
    for (const e of result.evidence!) {
      const call = sent.find((c) => c.seed === e.callSeed)!
      expect(e.promptSha256).toBe(createHash('sha256').update(JSON.stringify(call.messages)).digest('hex'))
      expect(String(call.messages[1]!.content)).toContain(`nonce ${e.nonce}`)
      expect(e.reply).toBe(call.reply)
      expect(e.reasked).toBe(false)
    }
    // Rebuilt from its inputs alone (as an auditor would from a stored record), every prompt is the same, byte for byte.
    const rebuilt = judgeCalls({ task, deliverable: JSON.parse(JSON.stringify(strong)), proposedRoles: [], baseline: JSON.parse(JSON.stringify(weak)), seed: 7, repeats: 2 })
    expect(rebuilt.map((c) => promptSha256(c.messages))).toEqual(result.evidence!.map((e) => e.promptSha256))
    expect(rebuilt.map((c) => c.messages)).toEqual(rebuilt.map((c) => sent.find((s) => s.seed === c.seed)!.messages))
  })

  it.each(['json_object', 'none'] as const)('with ORGBENCH_RESPONSE_FORMAT=%s its prompt states the rubric answer\'s schema, and the judgement reads', async (responseFormat) => {
    const client = new LlmClient({ baseURL: sim.url, apiKey: new Secret('sk-test'), timeoutMs: 10_000, retries: 0, maxConcurrency: 4, prices: loadPrices(), responseFormat })
    const chat = vi.spyOn(client, 'chat')
    const ledger = new Ledger()
    const result = await withLedger(ledger, () => judgeDeliverable(spec({ llm: client })))
    expect(result.failures).toEqual([])
    expect(result.dimensions.map((d) => d.key)).toEqual(task.rubric.map((d) => d.key))
    // The judge's own messages are as in any mode; the client states the schema the endpoint does not hold the reply to.
    expect(JSON.stringify(chat.mock.calls[0]![0].messages)).not.toContain('JSON schema "judge_rubric_scores"')
    expect(ledger.calls).toHaveLength(1)
  })

  it('turns a malformed judgement into a recorded failure with the raw text, never a 0', async () => {
    const local = await startSimulator({ faults: [{ kind: 'malformed_json', match: { model: 'sim-judge' } }] })
    const client = new LlmClient({ baseURL: local.url, apiKey: new Secret('sk-test'), timeoutMs: 10_000, retries: 0, maxConcurrency: 4, prices: loadPrices() })
    try {
      const ledger = new Ledger()
      const result = await withLedger(ledger, () => judgeDeliverable(spec({ llm: client })))
      expect(result.score).toBeNull()
      expect(result.dimensions).toEqual([])
      expect(result.failures).toHaveLength(1)
      expect(result.failures[0]).toMatchObject({ step: 'rubric#1', kind: 'parse' })
      expect(result.failures[0]!.raw).toMatch(/^\{/)
      // The evidence keeps the failed call too: its prompt hash and the raw reply that could not be used.
      expect(result.evidence).toEqual([expect.objectContaining({ step: 'rubric#1', reply: result.failures[0]!.raw, reasked: false })])
      // The judgement was re-asked once with the validation error before giving up.
      expect(ledger.calls.map((c) => c.phase)).toEqual(['judge:rubric', 'judge:rubric:reask'])
    } finally {
      await local.close()
    }
  })

  it('records what blinding removed in the result, and sends the judge the text without it', async () => {
    const chat = vi.spyOn(llm, 'chat')
    const signed = { kind: 'markdown' as const, text: `${strong.text}\n\n— The Synthesizer\n` }
    const { result } = await judged({ deliverable: signed })
    const user = String(chat.mock.calls[0]![0].messages[1]!.content)
    chat.mockRestore()
    expect(result.blindRules).toEqual({ 'sign-off': 1 })
    expect(result.neutralised).toBe(1)
    expect(user).not.toContain('The Synthesizer')
    expect(user).not.toMatch(/sign-off|blindRules/)
  })

  it('records the spread over repeats so judge noise can be told from a real change', async () => {
    const { result, ledger } = await judged({ repeats: 3 })
    expect(ledger.calls).toHaveLength(3)
    for (const d of result.dimensions) expect(d.repeats).toHaveLength(3)
    expect(result.repeatSpread).not.toBeNull()
    expect(result.repeatSpread!).toBeGreaterThanOrEqual(0)
  })

  it('asks the pairwise question in both orders and counts a win only when both agree', async () => {
    const { result, ledger } = await judged({ deliverable: strong, baseline: { label: 'single', deliverable: weak } })
    expect(ledger.calls.filter((c) => c.phase === 'judge:pairwise')).toHaveLength(2)
    expect(result.pairwise).toEqual({
      against: 'single',
      outcome: 'win',
      consistent: true,
      orders: [
        { first: 'candidate', preferred: 'candidate' },
        { first: 'baseline', preferred: 'candidate' },
      ],
    })
  })

  it('counts a verdict that flips with the order as a tie', async () => {
    // Two deliverables of equal quality and a judge that prefers whatever it reads first.
    const { result } = await judged({ model: 'sim-biased-judge', deliverable: strong, baseline: { label: 'single', deliverable: strong } })
    expect(result.pairwise?.orders.map((o) => o.preferred)).toEqual(['candidate', 'baseline'])
    expect(result.pairwise?.consistent).toBe(false)
    expect(result.pairwise?.outcome).toBe('tie')
  })

  it('flags a judge that is the agents own model', async () => {
    expect((await judged({ model: 'sim-judge', agentModel: 'sim-judge' })).result.sameModelAsAgents).toBe(true)
    expect((await judged()).result.sameModelAsAgents).toBe(false)
  })

  it('notices instructions aimed at it inside the candidate', async () => {
    const canary = { kind: 'markdown' as const, text: reference('canary') }
    const { result } = await judged({ deliverable: canary })
    expect(result.injectionFlagged).toBe(true)
    expect(result.score).toBeLessThan(30)
  })
})
