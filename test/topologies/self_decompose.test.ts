import { describe, expect, test } from 'vitest'
import { loadConfig } from '../../lib/config.js'
import { runCase } from '../../lib/run/runner.js'
import { startSimulator } from '../../lib/sim/server.js'
import { loadRegistry } from '../../lib/tasks/registry.js'
import { proposedRoleId } from '../../lib/topologies/role-names.js'
import { PROPOSAL_ASSIGNMENT, proposedRoleLessons } from '../../lib/topologies/self_decompose.js'
import { allOverlap, runTopology, useSimulator } from './harness.js'

const sim = useSimulator({ latency: { fixedMs: 40, jitterMs: 0 } })

describe('proposedRoleLessons', () => {
  const taskRoles = ['privacy_counsel', 'commercial_counsel', 'risk_officer'].map((id) => ({ id, name: id.replace('_', ' '), focus: 'x'.repeat(20), memoryKey: id }))
  // Memory as a learning run leaves it: "specialists" expanded into the task roles that ran.
  const held: Record<string, string[]> = {
    privacy_counsel: ['for all roles', 'for privacy'],
    commercial_counsel: ['for all roles', 'for commercial'],
    risk_officer: ['for all roles'],
    proposed_liability_analyst: ['for the analyst'],
  }
  const lookup = (id: string) => held[id] ?? []

  test('a proposed role that is a task role (by name or id) reads that role\'s lessons', () => {
    expect(proposedRoleLessons(lookup, taskRoles, { id: 'proposed_privacy_counsel', name: 'Privacy Counsel' })).toEqual(['for all roles', 'for privacy'])
    expect(proposedRoleLessons(lookup, taskRoles, { id: 'proposed_commercial_counsel', name: 'commercial_counsel' })).toEqual(['for all roles', 'for commercial'])
  })

  test('any other proposed role reads the lessons every task role reads, and its own', () => {
    expect(proposedRoleLessons(lookup, taskRoles, { id: 'proposed_data_auditor', name: 'Data Auditor' })).toEqual(['for all roles'])
    expect(proposedRoleLessons(lookup, taskRoles, { id: 'proposed_liability_analyst', name: 'Liability Analyst' })).toEqual(['for all roles', 'for the analyst'])
  })
})

test('self_decompose: one proposal, the proposed roles in parallel, one synthesis', async () => {
  const run = await runTopology(sim().url, 'self_decompose', 'code_review_execution')
  expect(run.error).toBeNull()
  const proposal = run.calls.filter((c) => c.phase === 'decompose')
  const specialists = run.calls.filter((c) => c.phase === 'specialist')
  const synthesis = run.calls.filter((c) => c.phase === 'synthesis')
  expect(proposal.map((c) => c.role)).toEqual(['decomposer'])
  expect(specialists.length).toBeGreaterThanOrEqual(3)
  expect(specialists.length).toBeLessThanOrEqual(5)
  expect(run.calls).toHaveLength(specialists.length + 2)
  expect(allOverlap(specialists)).toBe(true)
  for (const s of specialists) expect(s.dependsOn).toEqual([proposal[0]!.id])
  expect(synthesis[0]!.dependsOn.sort()).toEqual(specialists.map((c) => c.id).sort())

  const proposed = ((await run.requests[0]!.reply) as { roles: Array<{ name: string; focus: string }> }).roles
  expect(specialists.map((c) => c.role).sort()).toEqual(proposed.map((r) => proposedRoleId(r.name)).sort())
  for (const role of proposed) {
    const request = run.requests.find((r) => r.role === proposedRoleId(role.name))!
    expect(request.system).toContain(`\nYour role: ${role.name}\n`)
    expect(request.system).toContain(role.focus)
    expect(run.events[0]!.detail.roles).toContainEqual({ id: proposedRoleId(role.name), name: role.name, focus: role.focus })
  }
})

test('an invalid proposal is re-asked once, then the run is recorded as an error and no role runs', async () => {
  const faulty = await startSimulator({ faults: [{ kind: 'malformed_json', match: { text: PROPOSAL_ASSIGNMENT.slice(0, 40) } }] })
  try {
    const config = loadConfig({ env: { ORGBENCH_JUDGE: 'off' } })
    const task = (await loadRegistry()).get('strategic_planning')
    const record = await runCase({ config, task, topology: 'self_decompose', trial: 1, baseURL: faulty.url })
    expect(record.status).toBe('error')
    expect(record.errors).toHaveLength(1)
    expect(record.errors[0]).toMatchObject({ stage: 'organisation', kind: 'parse' })
    expect(record.calls.map((c) => `${c.role}/${c.phase}/${c.error?.kind}`)).toEqual(['decomposer/decompose/parse', 'decomposer/decompose:reask/parse'])
    expect(record.deliverable).toBeNull()
    expect(record.scores.headline).toBeNull()
  } finally {
    await faulty.close()
  }
})
