import { describe, expect, test } from 'vitest'
import { RETROSPECTIVE_SCHEMA, Retrospective, retrospectivePrompt } from '../../lib/learning/retrospective.js'
import { OrgMemory } from '../../lib/memory/memory.js'
import { SimKnowledge } from '../../lib/sim/knowledge.js'
import { SIM_PROFILES } from '../../lib/sim/profiles.js'
import { respond, toSimCall } from '../../lib/sim/respond.js'
import { listedReaders, MAX_SIM_LESSONS, missedThemes } from '../../lib/sim/retrospective.js'
import { themeLesson } from '../../lib/sim/lessons.js'
import { loadRegistry } from '../../lib/tasks/registry.js'
import { makeRecord } from '../results/fixtures.js'

const block = (counts: Record<string, { hit: number; total: number }> | null) => `Scores and their reasons:\n\`\`\`json\n${JSON.stringify({ groundTruth: counts && { score: 50, counts } }, null, 2)}\n\`\`\``

describe('missedThemes', () => {
  test('sums the misses of each theme over every scores block, most missed first, quoting each count that missed', () => {
    const prompt = [
      block({ recall_medium: { hit: 1, total: 3 }, recall_high: { hit: 2, total: 2 }, p0: { hit: 0, total: 1 } }),
      block({ recall_medium: { hit: 2, total: 3 }, recall_high: { hit: 1, total: 2 } }),
    ].join('\n\n')
    expect(missedThemes(prompt)).toEqual([
      { theme: 'medium', missed: 3, total: 6, evidence: '"recall_medium": 1 of 3; "recall_medium": 2 of 3' },
      { theme: 'high', missed: 1, total: 4, evidence: '"recall_high": 1 of 2' },
      { theme: 'p0', missed: 1, total: 1, evidence: '"p0": 0 of 1' },
    ])
  })

  test('passes over counts that name no theme (traps), themes missed nowhere, empty counts, blocks without ground truth and unreadable blocks', () => {
    const prompt = [block({ harmful_actions_taken: { hit: 2, total: 3 }, recall_low: { hit: 2, total: 2 }, recall_high: { hit: 0, total: 0 } }), block(null), 'Scores and their reasons:\n```json\n{not json\n```'].join('\n')
    expect(missedThemes(prompt)).toEqual([])
  })

  test('ties are broken by theme name', () => {
    expect(missedThemes(block({ recall_z_theme: { hit: 0, total: 1 }, recall_a_theme: { hit: 0, total: 1 } })).map((t) => t.theme)).toEqual(['a_theme', 'z_theme'])
  })
})

describe('listedReaders', () => {
  test('the ids the prompt lets lessons address, in its order; none when the prompt lists none', () => {
    expect(listedReaders('… Address each lesson to one or more of these agents (no other id reaches a prompt): planner, worker-1 , reviewer. Propose …')).toEqual(['planner', 'worker-1', 'reviewer'])
    expect(listedReaders('Address each lesson to one or more of these agents (no other id reaches a prompt): . Propose')).toEqual([])
    expect(listedReaders('no such sentence')).toEqual([])
  })
})

const knowledge = await SimKnowledge.load()
const task = (await loadRegistry()).get('code_review_execution')

describe('the simulated retrospective', () => {
  const scored = (counts: Record<string, { hit: number; total: number }>) => {
    const r = makeRecord({ task: task.id, topology: 'star' })
    return { ...r, scores: { ...r.scores, groundTruth: { score: 40, metrics: {}, counts, mustCatch: [] } } }
  }
  const answer = (readers: string[]) => {
    const prompt = retrospectivePrompt({ task, topology: 'star', iteration: 1, records: [scored({ recall_medium: { hit: 1, total: 4 }, recall_low: { hit: 1, total: 2 }, recall_high: { hit: 0, total: 2 } })], memory: OrgMemory.forMode('off'), readers })
    const body = { model: 'sim-strong', seed: 1, messages: [{ role: 'user', content: prompt }], response_format: { type: 'json_schema', json_schema: { name: RETROSPECTIVE_SCHEMA, schema: {} } } }
    return Retrospective.parse(JSON.parse(respond(toSimCall(body, SIM_PROFILES['sim-strong']!, knowledge), knowledge)))
  }

  test(`names at most ${MAX_SIM_LESSONS} failure modes, the most missed themes, and writes one lesson each for every listed reader; no protocol fix`, () => {
    const r = answer(['orchestrator', 'worker-1'])
    expect(r.failureModes).toEqual([
      { id: 'missed-medium', description: 'The deliverables missed 3 of 4 medium items.', evidence: '"recall_medium": 1 of 4' },
      { id: 'missed-high', description: 'The deliverables missed 2 of 2 high items.', evidence: '"recall_high": 0 of 2' },
    ])
    expect(r.lessons).toEqual([
      { failureMode: 'missed-medium', audience: ['orchestrator', 'worker-1'], text: themeLesson('medium') },
      { failureMode: 'missed-high', audience: ['orchestrator', 'worker-1'], text: themeLesson('high') },
    ])
    expect(r.protocolFixes).toEqual([])
  })
})
