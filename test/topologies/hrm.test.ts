import { describe, expect, test } from 'vitest'
import { allOverlap, runTopology, useSimulator } from './harness.js'

const sim = useSimulator({ latency: { fixedMs: 20, jitterMs: 0 } })

const byId = <T extends { id: string }>(xs: readonly T[]) => [...xs].sort((a, b) => a.id.localeCompare(b.id))
const halting = (run: Awaited<ReturnType<typeof runTopology>>) => run.events.filter((e) => e.type === 'hrm_halting').map((e) => e.detail)

describe('hrm call graph', () => {
  test('per segment: N cycles of (every specialist × T passes, then one plan), then one output; fixed mode runs maxSegments', async () => {
    const run = await runTopology(sim().url, 'hrm', 'code_review_execution', { options: { cycles: 2, passes: 1, maxSegments: 2, halting: 'fixed' } })
    expect(run.error).toBeNull()
    const roles = run.task.roles.map((r) => r.id)
    const spec = (segment: number, cycle: number) => roles.map((r) => `${r}/specialist s${segment}c${cycle}p1`)
    const expected = [1, 2].flatMap((segment) => [
      ...spec(segment, 1),
      `coordinator/plan s${segment}c1`,
      ...spec(segment, 2),
      `coordinator/plan s${segment}c2`,
      `coordinator/output s${segment}`,
    ])
    const label = (l: Record<string, number>) => ['segment', 'cycle', 'pass'].filter((k) => k in l).map((k) => `${k[0]}${l[k]}`).join('')
    expect(byId(run.calls).map((c) => `${c.role}/${c.phase} ${label(c.labels)}`)).toEqual(expected)
    expect(run.calls).toHaveLength(2 * (2 * (roles.length + 1) + 1))
    expect(halting(run).map((d) => [d.segment, d.halt, d.reason, d.passProbability])).toEqual([
      [1, false, 'fixed_segments', null],
      [2, true, 'max_segments', null],
    ])
    expect(run.events.filter((e) => e.type === 'hrm_plan').map((e) => [e.detail.segment, e.detail.cycle])).toEqual([[1, 1], [1, 2], [2, 1], [2, 2]])
  })

  test('specialists of a cycle work in parallel, each pass depending on the current plan and its own notes', async () => {
    const run = await runTopology(sim().url, 'hrm', 'code_review_execution', { options: { cycles: 2, passes: 2, maxSegments: 1 } })
    const calls = byId(run.calls)
    const plans = calls.filter((c) => c.phase === 'plan')
    const firstPasses = calls.filter((c) => c.phase === 'specialist' && c.labels.cycle === 1 && c.labels.pass === 1)
    expect(allOverlap(firstPasses)).toBe(true)
    for (const role of run.task.roles) {
      const mine = calls.filter((c) => c.role === role.id)
      expect(mine.map((c) => `${c.labels.cycle}.${c.labels.pass}`)).toEqual(['1.1', '1.2', '2.1', '2.2'])
      expect(mine.map((c) => c.dependsOn)).toEqual([[], [mine[0]!.id], [plans[0]!.id, mine[1]!.id], [plans[0]!.id, mine[2]!.id]])
    }
    // The coordinator reads the latest pass of each specialist only.
    expect(plans[0]!.dependsOn.sort()).toEqual(calls.filter((c) => c.labels.cycle === 1 && c.labels.pass === 2).map((c) => c.id).sort())
  })

  test('the coordinator updates its plan from the latest notes only, never from earlier passes', async () => {
    const run = await runTopology(sim().url, 'hrm', 'strategic_planning', { options: { cycles: 2, passes: 2, maxSegments: 1 } })
    const plans = run.requests.filter((r) => r.phase === 'plan')
    const name = run.task.roles[0]!.name
    expect(plans[0]!.user).toContain(`Notes of the ${name} (segment 1, cycle 1, pass 2)`)
    expect(plans[0]!.user).not.toContain(`Notes of the ${name} (segment 1, cycle 1, pass 1)`)
    expect(plans[1]!.user).toContain(`Notes of the ${name} (segment 1, cycle 2, pass 2)`)
    expect(plans[1]!.user).not.toContain('cycle 1, pass')
    // Specialists see the raw task, their own notes and the current plan.
    const pass = run.requests.find((r) => r.role === run.task.roles[0]!.id && r.labels.cycle === 2 && r.labels.pass === 1)!
    expect(pass.user).toContain(`Notes of the ${name} (segment 1, cycle 1, pass 2)`)
    expect(pass.user).toContain(JSON.stringify(await plans[0]!.reply, null, 2))
    expect(pass.user).not.toContain(`Notes of the ${run.task.roles[1]!.name}`)
  })
})

describe('hrm halting', () => {
  test('ACT mode halts when the deliverable has converged between segments', async () => {
    // Simulated segments differ by about 0.3 (each call takes fresh looks at a fifth of the items, see lib/sim/README.md).
    const run = await runTopology(sim().url, 'hrm', 'contract_review', { options: { maxSegments: 4, haltThreshold: 1, convergence: 0.35 } })
    const decisions = halting(run)
    const last = decisions.at(-1)!
    expect(last).toMatchObject({ halt: true, reason: 'converged' })
    expect(last.distance as number).toBeLessThan(0.35)
    expect(last.segment as number).toBeLessThan(4)
    expect(decisions.slice(0, -1).every((d) => d.halt === false && d.reason === 'not_confident')).toBe(true)
    expect(run.calls.filter((c) => c.phase === 'output')).toHaveLength(last.segment as number)
  })

  test('ACT mode stops at maxSegments when nothing else stops it, asking the halting head before', async () => {
    const run = await runTopology(sim().url, 'hrm', 'code_review_execution', { options: { cycles: 1, maxSegments: 3, haltThreshold: 1, convergence: 0 } })
    expect(halting(run).map((d) => [d.segment, d.halt, d.reason])).toEqual([
      [1, false, 'not_confident'],
      [2, false, 'not_confident'],
      [3, true, 'max_segments'],
    ])
    const halts = run.calls.filter((c) => c.phase === 'halt')
    expect(halts.map((c) => c.labels.segment)).toEqual([1, 2])
    const outputs = byId(run.calls.filter((c) => c.phase === 'output'))
    expect(halts.map((h) => h.dependsOn)).toEqual([[outputs[0]!.id], [outputs[1]!.id]])
    for (const d of halting(run).slice(0, 2)) expect(d.passProbability as number).toBeLessThan(1)
  })

  test('ACT mode halts on a self-assessed pass probability at the threshold, but never before minSegments', async () => {
    const confident = await runTopology(sim().url, 'hrm', 'strategic_planning', { options: { cycles: 1, haltThreshold: 0, convergence: 0 } })
    expect(halting(confident).map((d) => [d.segment, d.halt, d.reason])).toEqual([[1, true, 'confident']])
    const patient = await runTopology(sim().url, 'hrm', 'strategic_planning', { options: { cycles: 1, minSegments: 2, haltThreshold: 0, convergence: 0 } })
    expect(halting(patient).map((d) => [d.segment, d.halt, d.reason])).toEqual([
      [1, false, 'below_min_segments'],
      [2, true, 'confident'],
    ])
    // The halting head is not asked when the rule cannot stop anyway.
    expect(patient.calls.filter((c) => c.phase === 'halt').map((c) => c.labels.segment)).toEqual([2])
  })

  test('each later segment\'s output reads the previous deliverable, and the last output is the deliverable', async () => {
    const run = await runTopology(sim().url, 'hrm', 'code_review_execution', { options: { cycles: 1, maxSegments: 2, halting: 'fixed' } })
    const outputs = run.requests.filter((r) => r.phase === 'output')
    expect(outputs[1]!.user).toContain(JSON.stringify(await outputs[0]!.reply, null, 2))
    expect(run.deliverable).toEqual({ kind: 'structured', schema: 'code_review_deliverable', data: await outputs[1]!.reply })
  })
})
