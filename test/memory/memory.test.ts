import { describe, expect, test } from 'vitest'
import { loadConfig } from '../../lib/config.js'
import { DEFAULT_LESSONS } from '../../lib/memory/lessons.js'
import { addresses, OrgMemory } from '../../lib/memory/memory.js'
import { runCase } from '../../lib/run/runner.js'
import { loadRegistry } from '../../lib/tasks/registry.js'
import { TOPOLOGY_IDS } from '../../lib/topologies/types.js'
import { runTopology, type SentRequest, useSimulator } from '../topologies/harness.js'

const sim = useSimulator()

const text = (id: string) => DEFAULT_LESSONS.find((l) => l.id === id)!.text

describe('addresses', () => {
  test.each([
    [['all'], 'single', true],
    [['specialists'], 'security_reviewer', true],
    [['specialists'], 'proposed_risk_analyst', true],
    [['specialists'], 'synthesizer', false],
    [['specialists'], 'single', false],
    [['synthesizer', 'coordinator'], 'coordinator', true],
    [['synthesizer'], 'decomposer', false],
    // hrm's coordinator merges as a synthesizer does: a merging lesson learned in star reaches it.
    [['synthesizer'], 'coordinator', true],
    [['coordinator'], 'synthesizer', false],
    [['security_reviewer'], 'security_reviewer', true],
  ] as const)('%o addresses %s: %s', (audience, role, expected) => {
    expect(addresses(audience, role)).toBe(expected)
  })
})

describe('OrgMemory', () => {
  test('gives each agent the lessons addressed to it, in memory order', () => {
    const memory = OrgMemory.forMode('on')
    expect(memory.lessonsFor('synthesizer')).toEqual(['synthesis-keeps-values', 'synthesis-inputs-complete', 'domain-explicit', 'section-per-area'].map(text))
    expect(memory.lessonsFor('coordinator')).toEqual(memory.lessonsFor('synthesizer'))
    expect(memory.lessonsFor('single')).toEqual(['domain-explicit', 'section-per-area'].map(text))
    expect(memory.lessonsFor('decomposer')).toEqual([text('domain-explicit')])
    expect(memory.lessonsFor('concurrency_reviewer')).toEqual(['domain-explicit', 'structured-handoff'].map(text))
  })

  test('"off" is the ablation: no lessons for anyone', () => {
    const memory = OrgMemory.forMode('off')
    expect(memory.lessons).toEqual([])
    for (const role of ['single', 'synthesizer', 'coordinator', 'decomposer', 'security_reviewer']) expect(memory.lookup(role)).toEqual([])
  })

  test('records the lessons it was given', () => {
    expect(OrgMemory.forMode('on').toRecord()).toEqual({ mode: 'on', version: 'default', lessons: DEFAULT_LESSONS.map((l) => ({ id: l.id, text: l.text, audience: l.audience })) })
    expect(OrgMemory.forMode('off').toRecord()).toEqual({ mode: 'off', version: 'off', lessons: [] })
  })
})

// The original stored lessons under keys nothing read; here every lesson must provably reach its agents.
describe('lessons reach the prompts of the agents they address, and only those', () => {
  const fast = { maxSegments: 1, cycles: 1 }
  const collect = async (mode: 'on' | 'off') => {
    const requests: SentRequest[] = []
    for (const id of TOPOLOGY_IDS) {
      for (const taskId of ['code_review_execution', 'software_architecture']) {
        const run = await runTopology(sim().url, id, taskId, { lessons: OrgMemory.forMode(mode).lookup, options: id === 'hrm' ? fast : {} })
        expect(run.error).toBeNull()
        requests.push(...run.requests)
      }
    }
    return requests
  }

  test('with memory on', async () => {
    const requests = await collect('on')
    const reached = new Map<string, Set<string>>()
    for (const r of requests) {
      for (const lesson of DEFAULT_LESSONS) {
        const inPrompt = r.system.includes(lesson.text)
        expect(inPrompt, `${lesson.id} in ${r.role}/${r.phase}`).toBe(addresses(lesson.audience, r.role))
        if (inPrompt) reached.set(lesson.id, (reached.get(lesson.id) ?? new Set()).add(r.role))
      }
    }
    const roles = (id: string) => [...(reached.get(id) ?? [])]
    expect(roles('synthesis-keeps-values').sort()).toEqual(['coordinator', 'synthesizer'])
    expect(roles('synthesis-inputs-complete').sort()).toEqual(['coordinator', 'synthesizer'])
    expect(roles('section-per-area').sort()).toEqual(['coordinator', 'single', 'synthesizer'])
    expect(roles('domain-explicit')).toEqual(expect.arrayContaining(['single', 'synthesizer', 'coordinator', 'decomposer', 'security_reviewer', 'systems_architect']))
    expect(roles('structured-handoff')).toEqual(expect.arrayContaining(['security_reviewer', 'systems_architect']))
    expect(roles('structured-handoff').some((r) => r.startsWith('proposed_'))).toBe(true)
  })

  test('with memory off, no prompt carries any lesson', async () => {
    const requests = await collect('off')
    expect(requests.length).toBeGreaterThan(50)
    for (const r of requests) for (const lesson of DEFAULT_LESSONS) expect(`${r.system}\n${r.user}`).not.toContain(lesson.text)
  })
})

// A learning run trains only some arms, and its lessons name the agents of those arms (task roles
// expanded from "specialists", the synthesizer, the single agent). One memory version serves every
// organisation, so each lesson must reach the agent that does that job in every one of them.
describe('learned lessons reach the agent doing the same job in every organisation', () => {
  const taskId = 'code_review_execution'
  const learned = (id: string, text: string, audience: string[]) => ({ id, text, audience })
  test.each(TOPOLOGY_IDS)('%s', async (topology) => {
    const task = (await loadRegistry()).get(taskId)
    const lessons = [
      learned('learned-star-merge', 'Watch for findings that only one colleague reports: keep each with its reference when you merge.', ['synthesizer']),
      learned('learned-star-roles', 'Watch for every changed line of every file: quote the line number of each finding you report.', task.roles.map((r) => r.id)),
      learned('learned-single-solo', 'Watch for the last file of the input: read every file to its end before you write the verdict.', ['single']),
    ]
    const memory = new OrgMemory('on', lessons, `${taskId}@v1`)
    const run = await runTopology(sim().url, topology, taskId, { lessons: memory.lookup, options: topology === 'hrm' ? { maxSegments: 1, cycles: 1 } : {} })
    expect(run.error).toBeNull()
    const readers = (id: string) => [...new Set(run.requests.filter((r) => r.system.includes(lessons.find((l) => l.id === id)!.text)).map((r) => (r.role.startsWith('proposed_') ? 'proposed' : r.role)))].sort()
    const roleIds = task.roles.map((r) => r.id).sort()
    const expected: Record<string, { merge: string[]; roles: string[]; solo: string[] }> = {
      single: { merge: [], roles: [], solo: ['single'] },
      self_refine: { merge: [], roles: [], solo: ['single'] },
      star: { merge: ['synthesizer'], roles: roleIds, solo: [] },
      pipeline: { merge: [], roles: roleIds, solo: [] },
      peer_review: { merge: ['synthesizer'], roles: roleIds, solo: [] },
      hrm: { merge: ['coordinator'], roles: roleIds, solo: [] },
      self_decompose: { merge: ['synthesizer'], roles: ['proposed'], solo: [] },
    }
    expect({ merge: readers('learned-star-merge'), roles: readers('learned-star-roles'), solo: readers('learned-single-solo') }).toEqual(expected[topology])
  })
})

describe('the memory a run used is in its record', () => {
  test.each(['default', 'off'] as const)('ORGBENCH_MEMORY=%s', async (mode) => {
    const config = loadConfig({ env: { ORGBENCH_MEMORY: mode, ORGBENCH_JUDGE: 'off' }, cwd: '/nonexistent' })
    const task = (await loadRegistry()).get('strategic_planning')
    const record = await runCase({ config, task, topology: 'star', trial: 1, baseURL: sim().url })
    expect(record.memory).toEqual(OrgMemory.forMode(mode).toRecord())
    expect(record.memory.lessons).toHaveLength(mode === 'default' ? 5 : 0)
  })
})
