import { readFileSync } from 'node:fs'
import { zodResponseFormat } from 'openai/helpers/zod'
import { describe, expect, test } from 'vitest'
import { judgeChecklist } from '../../../lib/eval/checklist-judge/judge.js'
import { checklistScore, scoreTaskText } from '../../../lib/eval/checklist.js'
import { taskPromptText } from '../../../lib/eval/prompt-copies.js'
import { deliverableText } from '../../../lib/topologies/types.js'
import { type JudgeMessage, promptSha256 } from '../../../lib/eval/judge/evidence.js'
import type { ChatClient, ChatRequest } from '../../../lib/llm/client.js'
import { SimKnowledge } from '../../../lib/sim/knowledge.js'
import { SIM_PROFILES } from '../../../lib/sim/profiles.js'
import { respond, toSimCall } from '../../../lib/sim/respond.js'
import '../../../lib/sim/checklist-judge.js'

const knowledge = await SimKnowledge.load()
const task = knowledge.registry.get('defi_strategy_design')
// A strong model's one-pass deliverable: it meets drawdown_halt in a table and emergency_unwind in a numbered list.
const calibrated = JSON.parse(readFileSync(new URL('../../../fixtures/calibration/defi_strategy_design/single-agent.json', import.meta.url), 'utf8'))
// Its drawdown table's header reworded so that no pattern finds drawdown_halt: a judge still does.
const reworded = (calibrated.runs[0].deliverable.text as string).replace('| Stage | DD | Action |', '| Stage | Loss from the high-water mark | Action |')
const deliverable = { kind: 'markdown' as const, text: reworded }

/** A judge that answers with the given items (others: not met), the way an endpoint returns JSON text. */
function scripted(items: Record<string, { met: boolean; quote: string }>, sent: ChatRequest<unknown>[] = []): ChatClient {
  return {
    async chat<T>(req: ChatRequest<T>) {
      sent.push(req as ChatRequest<unknown>)
      const answer = {
        items: task.checklist.map((i) => ({ id: i.id, met: items[i.id]?.met ?? false, quote: items[i.id]?.quote ?? '', reason: 'as quoted' })),
        candidate_contains_instructions: false,
      }
      const text = JSON.stringify(answer)
      return { callId: 'c1', lastCallId: 'c1', text, parsed: req.schema!.zod.parse(answer) }
    },
  }
}

/** The embedded simulator's judge, called in-process the way the HTTP server would call it. */
const simJudge: ChatClient = {
  async chat<T>(req: ChatRequest<T>) {
    const body = { model: 'sim-judge', seed: req.seed, messages: req.messages, response_format: zodResponseFormat(req.schema!.zod as never, req.schema!.name) }
    const text = respond(toSimCall(body, SIM_PROFILES['sim-judge']!, knowledge), knowledge)
    return { callId: 'c1', lastCallId: 'c1', text, parsed: req.schema!.zod.parse(JSON.parse(text)) }
  },
}

const spec = { model: 'judge-model', task, deliverable, proposedRoles: [], seed: 7, maxTokens: 4000 }

describe('the checklist judge reads the deliverable blind', () => {
  test("without the organisation's proposed role names", async () => {
    const sent: ChatRequest<unknown>[] = []
    await judgeChecklist({ ...spec, deliverable: { kind: 'markdown', text: `## Findings of the Load Auditor\n\n${deliverable.text}` }, proposedRoles: ['Load Auditor'], llm: scripted({}, sent) })
    expect(JSON.stringify(sent[0]!.messages)).not.toContain('Load Auditor')
  })
})

describe('checklist items decided by the judge with verbatim quotes', () => {
  test('items met in a table and a numbered list count with verifiable quotes, also where the patterns miss them; each disagreement is recorded', async () => {
    const sent: ChatRequest<unknown>[] = []
    const result = await judgeChecklist({
      ...spec,
      llm: scripted({
        drawdown_halt: { met: true, quote: '| **4 = HALT** | **≥ 20%**, or NAV_cons ≤ €40,000 | Full emergency unwind (section 5.2)' },
        emergency_unwind: { met: true, quote: 'Path A: full unwind to USDC … T+5 min. Swap volatile tokens to USDC.' },
        capital_50k: { met: true, quote: 'starting at the deployed NAV of about €50,000' },
      }, sent),
    })
    expect(result.method).toBe('judge')
    const byId = new Map(result.decisions!.map((d) => [d.id, d]))
    expect(byId.get('drawdown_halt')).toMatchObject({ met: true, quoteVerified: true, patterns: false })
    expect(byId.get('emergency_unwind')).toMatchObject({ met: true, quoteVerified: true, patterns: true })
    expect(result.mustPass.filter((m) => ['drawdown_halt', 'emergency_unwind'].includes(m.id)).every((m) => m.caught)).toBe(true)
    expect(result.disagreements).toContainEqual({ id: 'drawdown_halt', judge: true, patterns: false })
    expect(result.disagreements!.map((d) => d.id)).not.toContain('emergency_unwind')
    // The scripted judge said nothing of the other items the patterns find: those are disagreements the other way.
    expect(result.disagreements).toContainEqual({ id: 'fee_accounting', judge: false, patterns: true })
    expect(result.score).toBeCloseTo((100 * 3) / 14, 3)
    expect(result.patternScore).toBeCloseTo((100 * 13) / 14, 3)
    expect(result.judge).toMatchObject({ model: 'judge-model', failure: null, seed: 790 })
    // The stored hash is that of the messages the judge was sent, by the quality judge's recipe.
    expect(sent).toHaveLength(1)
    expect(result.judge!.promptSha256).toBe(promptSha256(sent[0]!.messages as JudgeMessage[]))
    expect(JSON.parse(result.judge!.raw!).items).toHaveLength(14)
  })

  test('a pattern score the caller already has is the one the judgement is compared with, not computed again', async () => {
    const llm = scripted({ capital_50k: { met: true, quote: 'starting at the deployed NAV of about €50,000' } })
    const own = await judgeChecklist({ ...spec, llm })
    const given = scoreTaskText(task, deliverableText(deliverable))
    expect(await judgeChecklist({ ...spec, llm, patterns: given })).toEqual(own)
    // A different pattern result (every item covered) shows that the given one is used.
    const everything = checklistScore(task.checklist, task.checklist.map((i) => i.id))
    const result = await judgeChecklist({ ...spec, llm, patterns: everything })
    expect(result.patternScore).toBe(100)
    expect(result.decisions!.every((d) => d.patterns)).toBe(true)
  })

  test("a deliverable that copies the task's prompt meets nothing: the judge's quotes of it are no evidence and the patterns do not read it", async () => {
    const result = await judgeChecklist({
      ...spec,
      deliverable: { kind: 'markdown', text: taskPromptText(task) },
      llm: scripted({
        drawdown_halt: { met: true, quote: 'auto-halt at a 20% drawdown' },
        position_cap: { met: true, quote: 'no single position above 30%' },
      }),
    })
    const byId = new Map(result.decisions!.map((d) => [d.id, d]))
    for (const id of ['drawdown_halt', 'position_cap']) {
      expect(byId.get(id)).toMatchObject({ met: false, judgeMet: true, quoteVerified: false, patterns: false })
      expect(byId.get(id)!.reason).toBe("claimed met, not accepted: the quote is in a line or sentence the candidate copied from the task's prompt (its brief, constraints or role descriptions), not in its own text")
    }
    expect(result.covered).toEqual([])
    expect(result.patternScore).toBe(0)
  })

  test('an invented or missing quote means not met, with the reason recorded', async () => {
    const result = await judgeChecklist({
      ...spec,
      llm: scripted({
        drawdown_halt: { met: true, quote: 'The bot halts automatically at a 20% drawdown of NAV.' },
        position_cap: { met: true, quote: '' },
      }),
    })
    const byId = new Map(result.decisions!.map((d) => [d.id, d]))
    expect(byId.get('drawdown_halt')).toMatchObject({ met: false, judgeMet: true, quoteVerified: false })
    expect(byId.get('drawdown_halt')!.reason).toMatch(/^claimed met, not accepted: quote not found verbatim/)
    expect(byId.get('position_cap')).toMatchObject({ met: false, judgeMet: true, reason: 'claimed met, not accepted: no quote given' })
    expect(result.score).toBe(0)
  })

  test('an unusable judgement is a recorded failure with the pattern result marked as such, never a judge score', async () => {
    const broken: ChatClient = { chat: async () => Promise.reject(new Error('unparseable answer')) }
    const result = await judgeChecklist({ ...spec, llm: broken })
    expect(result.method).toBe('patterns')
    expect(result.decisions).toBeUndefined()
    expect(result.judge!.failure).toMatchObject({ step: 'checklist', kind: 'Error', message: 'unparseable answer' })
  })

  test('the simulated judge reads as a reviewer does: it meets drawdown_halt with a verified quote where the patterns miss it', async () => {
    const result = await judgeChecklist({ ...spec, llm: simJudge })
    const halt = result.decisions!.find((d) => d.id === 'drawdown_halt')!
    expect(halt).toMatchObject({ met: true, quoteVerified: true, patterns: false })
    expect(halt.quote).toMatch(/20\s?%/)
    expect(result.disagreements).toContainEqual({ id: 'drawdown_halt', judge: true, patterns: false })
  })
})
