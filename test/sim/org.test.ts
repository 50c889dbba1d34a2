import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { zodResponseFormat } from 'openai/helpers/zod'
import { beforeAll, describe, expect, test } from 'vitest'
import type { z } from 'zod'
import { SimKnowledge } from '../../lib/sim/knowledge.js'
import { quotedWork } from '../../lib/sim/org.js'
import { SIM_PROFILES } from '../../lib/sim/profiles.js'
import { respond, toSimCall } from '../../lib/sim/respond.js'
import { PROJECT_ROOT, type Task } from '../../lib/tasks/registry.js'
import { handoffBlock, roleIdentity, structuralIdentity, taskBlock } from '../../lib/topologies/prompts.js'
import { Critique, CRITIQUE_SCHEMA, HaltAssessment, HRM_HALT_SCHEMA, HRM_PLAN_SCHEMA, HrmPlan, ROLE_PROPOSAL_SCHEMA, RoleProposal } from '../../lib/topologies/schemas.js'
import type { Deliverable } from '../../lib/topologies/types.js'

let knowledge: SimKnowledge
beforeAll(async () => {
  knowledge = await SimKnowledge.load()
})

/** Asks the simulator's handler for `schema` the way the LLM client would, and validates the reply. */
function ask<T>(schemaName: string, schema: z.ZodType<T>, system: string, user: string, seed = 1, model = 'sim-strong'): T {
  const body = { model, seed, messages: [{ role: 'system', content: system }, { role: 'user', content: user }], response_format: zodResponseFormat(schema, schemaName) }
  return schema.parse(JSON.parse(respond(toSimCall(body, SIM_PROFILES[model]!, knowledge), knowledge)))
}
const task = (id: string): Task => knowledge.registry.get(id)
const calibration = (id: string, which: 'strong' | 'weak') => readFileSync(join(PROJECT_ROOT, 'fixtures', 'calibration', id, `${which}.md`), 'utf8')
const generalist = structuralIdentity('coordinator', 'coordinator', 'You keep the plan.', [])

describe('quotedWork', () => {
  test('reads back structured and markdown work quoted by handoffBlock', () => {
    const work: Deliverable[] = [
      { kind: 'structured', schema: 's', data: { reviews: [{ diff: 'd01', findings: [] }] } },
      { kind: 'markdown', text: '# Plan\n\n```yaml\na: 1\n```\n' },
    ]
    const prompt = handoffBlock('Work', work.map((content, i) => ({ from: `Agent ${i}`, title: `Work ${i}`, content })))
    expect(quotedWork(prompt)).toEqual([
      { title: 'Work 0', from: 'Agent 0', deliverable: { kind: 'structured', schema: 'quoted', data: work[0]!.kind === 'structured' ? work[0]!.data : null } },
      { title: 'Work 1', from: 'Agent 1', deliverable: work[1] },
    ])
  })
})

describe('simulated critiques', () => {
  test('review each quoted draft by its heading; an empty draft is missing what the critic would report', () => {
    const t = task('code_review_execution')
    const empty: Deliverable = { kind: 'structured', schema: 'code_review_deliverable', data: { reviews: [] } }
    const user = `${taskBlock(t)}\n\n${handoffBlock('Drafts to review, in full', [
      { from: 'A', title: 'Draft of A', content: empty },
      { from: 'B', title: 'Draft of B', content: empty },
    ])}`
    const critique = ask(CRITIQUE_SCHEMA, Critique, roleIdentity(t.roles[0]!, []).system, user)
    expect(critique.reviews.map((r) => r.draft)).toEqual(['Draft of A', 'Draft of B'])
    for (const review of critique.reviews) {
      expect(review.problems.length).toBeGreaterThan(0)
      expect(review.problems.every((p) => p.kind === 'missing')).toBe(true)
      expect(review.assessment).toMatch(/^0 of its 0 items match my own reading; \d+ of mine are missing from it\.$/)
    }
  })

  test('are deterministic in the request', () => {
    const t = task('strategic_planning')
    const user = `${taskBlock(t)}\n\n${handoffBlock('Drafts', [{ from: 'A', title: 'Draft of A', content: { kind: 'markdown', text: calibration('strategic_planning', 'weak') } }])}`
    expect(ask(CRITIQUE_SCHEMA, Critique, generalist.system, user)).toEqual(ask(CRITIQUE_SCHEMA, Critique, generalist.system, user))
  })
})

describe('simulated hrm plan', () => {
  test('gives one instruction per task role and counts the items of the latest notes', () => {
    const t = task('contract_review_execution')
    const note = (risks: Array<{ clause: string; category: string }>): Deliverable => ({
      kind: 'structured',
      schema: 'contract_review_deliverable',
      data: { overallRisk: 'HIGH', summary: 'x', risks: risks.map((r) => ({ ...r, severity: 'HIGH', explanation: 'Some prose.', amendment: 'New wording.' })) },
    })
    const user = `${taskBlock(t)}\n\n${handoffBlock('Latest notes', [
      { from: 'A', title: 'Notes of A (segment 1, cycle 1, pass 1)', content: note([{ clause: '4.1', category: 'audit_rights' }]) },
      { from: 'B', title: 'Notes of B (segment 1, cycle 1, pass 1)', content: note([{ clause: '4.1', category: 'audit_rights' }, { clause: '9.2', category: 'indemnity' }]) },
    ])}`
    const plan = ask(HRM_PLAN_SCHEMA, HrmPlan, generalist.system, user)
    expect(plan.instructions.map((i) => i.role)).toEqual(t.roles.map((r) => r.id))
    // Items: the top-level object (shared) and two risks, one of them in B's notes only.
    expect(plan.assessment).toBe('The latest notes of 2 specialists hold 3 distinct items; 1 rest on one specialist only.')
    expect(plan.openQuestions).toEqual(['Is this supported by the inputs: risks category=indemnity, clause=9.2, severity=HIGH?'])
  })
})

describe('simulated halting head', () => {
  const assess = (id: string, text: string, model = 'sim-strong') =>
    ask(HRM_HALT_SCHEMA, HaltAssessment, generalist.system, `${taskBlock(task(id))}\n\n${handoffBlock('The deliverable to assess', [{ from: 'coordinator', title: 'Deliverable of segment 1', content: { kind: 'markdown', text } }])}`, 1, model)

  test.each(['software_architecture', 'strategic_planning', 'ai_incident_response'])('on %s, a stronger deliverable gets a higher pass probability', (id) => {
    expect(assess(id, calibration(id, 'strong')).passProbability).toBeGreaterThan(assess(id, calibration(id, 'weak')).passProbability)
  })

  test('a weaker model is more confident about the same deliverable', () => {
    const weak = calibration('software_architecture', 'weak')
    expect(assess('software_architecture', weak, 'sim-weak').passProbability).toBeGreaterThan(assess('software_architecture', weak).passProbability)
  })

  test('with nothing to assess, the probability is 0', () => {
    expect(ask(HRM_HALT_SCHEMA, HaltAssessment, generalist.system, taskBlock(task('strategic_planning'))).passProbability).toBe(0)
  })
})

describe('simulated role proposals', () => {
  const propose = (id: string, seed: number) => ask(ROLE_PROPOSAL_SCHEMA, RoleProposal, 'You are the organiser of a team.', taskBlock(task(id)), seed)

  test('pick 3 to 5 of the task\'s roles, by name and focus, in task order', () => {
    const t = task('support_triage_execution')
    const sizes = new Set<number>()
    for (let seed = 1; seed <= 30; seed++) {
      const { roles } = propose(t.id, seed)
      sizes.add(roles.length)
      const indices = roles.map((r) => t.roles.findIndex((x) => x.name === r.name && x.focus === r.focus))
      expect(indices.every((i) => i >= 0)).toBe(true)
      expect(indices).toEqual([...indices].sort((a, b) => a - b))
    }
    expect([...sizes].sort()).toEqual([3, 4, 5])
  })

  test('are deterministic in the request', () => {
    expect(propose('code_review_protocol', 7)).toEqual(propose('code_review_protocol', 7))
  })
})
