import { expect, test } from 'vitest'
import { runTopology, useSimulator } from './harness.js'

const sim = useSimulator({ latency: { fixedMs: 5, jitterMs: 0 } })

test('pipeline runs the roles in order, one stage after the other, each depending on all earlier stages', async () => {
  const run = await runTopology(sim().url, 'pipeline', 'code_review_execution')
  expect(run.error).toBeNull()
  const calls = [...run.calls].sort((a, b) => a.id.localeCompare(b.id))
  expect(calls.map((c) => c.role)).toEqual(run.task.roles.map((r) => r.id))
  expect(calls.map((c) => c.phase)).toEqual(run.task.roles.map(() => 'stage'))
  expect(calls.map((c) => c.labels.stage)).toEqual([1, 2, 3, 4, 5])
  calls.forEach((c, i) => {
    expect(c.dependsOn).toEqual(calls.slice(0, i).map((x) => x.id))
    if (i > 0) expect(c.startMs).toBeGreaterThanOrEqual(calls[i - 1]!.endMs)
  })
})

test('the last stage sees the complete work of every earlier stage, and its deliverable is the organisation\'s', async () => {
  const run = await runTopology(sim().url, 'pipeline', 'code_review_execution')
  const stages = run.requests
  const last = stages.at(-1)!
  for (const [i, stage] of stages.slice(0, -1).entries()) {
    const work = await stage.reply
    expect(last.user).toContain(`Stage ${i + 1}: work of the ${run.task.roles[i]!.name}`)
    expect(last.user).toContain(JSON.stringify(work, null, 2))
  }
  expect(run.deliverable).toEqual({ kind: 'structured', schema: 'code_review_deliverable', data: await last.reply })
})
