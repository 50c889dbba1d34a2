import { describe, expect, test } from 'vitest'
import { LEARNABLE_KNOBS } from '../../lib/learning/protocol.js'
import { readersOf, Retrospective, retrospectivePrompt, scoresWithReasons } from '../../lib/learning/retrospective.js'
import { OrgMemory } from '../../lib/memory/memory.js'
import type { TestRecord } from '../../lib/results/record.js'
import { loadRegistry } from '../../lib/tasks/registry.js'
import { makeRecord } from '../results/fixtures.js'

const registry = await loadRegistry()
const task = registry.get('support_staffing_plan')
const withCalls = (roles: string[]): Pick<TestRecord, 'calls'> => ({ calls: roles.map((role) => ({ role }) as TestRecord['calls'][number]) })

describe('readersOf', () => {
  test('every role that made a call, once each, sorted, without the judge', () => {
    expect(readersOf([withCalls(['worker-2', 'judge', 'orchestrator']), withCalls(['worker-1', 'orchestrator', 'judge'])])).toEqual(['orchestrator', 'worker-1', 'worker-2'])
    expect(readersOf([withCalls(['judge'])])).toEqual([])
  })
})

describe('scoresWithReasons', () => {
  test("the learning seed's trial, the status, the errors in words, and each score with its reasons; missed must-catch items by their kind of miss", () => {
    const r = makeRecord({ trial: 3, headline: 62 })
    const record: TestRecord = {
      ...r,
      learning: { ...(r.learning ?? {}), seedTrial: 7 } as TestRecord['learning'],
      scores: { ...r.scores, groundTruth: { score: 50, metrics: { recall: 0.5 }, counts: {}, mustCatch: [{ id: 'sql', description: 'SQL injection in a query', caught: false }, { id: 'xss', description: 'XSS', caught: true }] }, checklist: null },
    }
    expect(scoresWithReasons(record, task)).toEqual({ trial: 7, status: 'ok', errors: [], headline: 62, groundTruth: { score: 50, metrics: { recall: 0.5 }, counts: {}, missedMustCatch: ['SQL injection in a query'] }, checklist: null, judge: null })
  })

  test('a missed item keeps its severity, category and expected verdict, but not its id, input, file or lines: those are where the answer lies', () => {
    const r = makeRecord({ trial: 3, headline: 62 })
    const mustCatch = [
      { id: 'd03-1', description: 'CRITICAL injection in services/support/tickets_api.py lines 60-60 (d03)', caught: false },
      { id: 'd03-not-approved', description: 'd03 must not be approved (expected BLOCK)', caught: false },
    ]
    const record: TestRecord = { ...r, scores: { ...r.scores, groundTruth: { score: 50, metrics: {}, counts: {}, mustCatch } } }
    expect(scoresWithReasons(record, registry.get('code_review_execution')).groundTruth).toMatchObject({ missedMustCatch: ['CRITICAL injection in … lines … (…)', '… must not be approved (expected BLOCK)'] })
  })

  test('a failed trial: its errors as "stage: kind: message", its record trial when it has no learning seed', () => {
    expect(scoresWithReasons(makeRecord({ trial: 4, status: 'error' }), task)).toMatchObject({ trial: 4, status: 'error', headline: null, errors: ['organisation: rate_limit: 429 after 3 retries'] })
  })
})

describe('retrospectivePrompt', () => {
  const ok = { ...makeRecord({ topology: 'hrm', headline: 70 }), deliverable: { kind: 'markdown' as const, text: 'EU 44 agents, US 35 agents.' } }
  const failed = makeRecord({ topology: 'hrm', status: 'error' })
  const prompt = retrospectivePrompt({ task, topology: 'hrm', iteration: 2, records: [ok, failed], memory: OrgMemory.forMode('default'), readers: ['planner', 'worker-1'] })

  test('every training deliverable in full, numbered, and a failed one marked as such', () => {
    expect(prompt).toContain('### Training case 1\nScores and their reasons:\n```json\n')
    expect(prompt).toContain('Deliverable:\n````markdown\nEU 44 agents, US 35 agents.\n````')
    expect(prompt).toContain('### Training case 2')
    expect(prompt).toContain('(no deliverable: the run failed)')
  })

  test('names the topology and iteration, the agents lessons may address, and the knobs the topology may learn', () => {
    expect(prompt).toContain('## Retrospective of the hrm organisation, iteration 2')
    expect(prompt).toContain('Address each lesson to one or more of these agents (no other id reaches a prompt): planner, worker-1.')
    expect(prompt).toContain(`Propose protocol fixes only for these knobs of hrm: ${LEARNABLE_KNOBS.hrm!.join(', ')}.`)
  })

  test("each reader's current lessons, quoted", () => {
    const memory = OrgMemory.forMode('default')
    expect(prompt).toContain(`- planner: ${memory.lessonsFor('planner').map((t) => JSON.stringify(t)).join(' ') || '(none)'}`)
  })

  test('a topology with no learnable knob is told to leave protocolFixes empty', () => {
    expect(retrospectivePrompt({ task, topology: 'star', iteration: 1, records: [ok], memory: OrgMemory.forMode('off'), readers: ['a'] })).toContain('Propose protocol fixes only for these knobs of star: none (leave protocolFixes empty).')
  })

  test('with memory off, each reader reads no lesson', () => {
    expect(retrospectivePrompt({ task, topology: 'star', iteration: 1, records: [ok], memory: OrgMemory.forMode('off'), readers: ['a'] })).toContain('- a: (none)')
  })
})

describe('Retrospective', () => {
  test('reads failure modes, lessons and protocol fixes; a lesson without its audience is refused', () => {
    const reply = { failureModes: [{ id: 'missed-us', description: 'the US figure was off by one', evidence: 'US 35 agents' }], lessons: [{ failureMode: 'missed-us', audience: ['planner'], text: 'Round headcounts up.' }], protocolFixes: [{ knob: 'cycles', value: '3', reason: 'more review' }] }
    expect(Retrospective.parse(reply)).toEqual(reply)
    expect(Retrospective.safeParse({ ...reply, lessons: [{ failureMode: 'missed-us', text: 'x' }] }).success).toBe(false)
  })
})
