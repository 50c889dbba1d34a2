import { expect, test } from 'vitest'
import { allOverlap, runTopology, useSimulator } from './harness.js'

const sim = useSimulator({ latency: { fixedMs: 40, jitterMs: 0 } })

test('star runs every role in parallel, then one synthesis that depends on all of them', async () => {
  const run = await runTopology(sim().url, 'star', 'code_review_execution')
  expect(run.error).toBeNull()
  const specialists = run.calls.filter((c) => c.phase === 'specialist')
  expect(specialists.map((c) => c.role).sort()).toEqual(run.task.roles.map((r) => r.id).sort())
  expect(allOverlap(specialists)).toBe(true)
  const synthesis = run.calls.filter((c) => c.phase === 'synthesis')
  expect(synthesis).toHaveLength(1)
  expect(synthesis[0]!.role).toBe('synthesizer')
  expect(synthesis[0]!.dependsOn.sort()).toEqual(specialists.map((c) => c.id).sort())
  expect(run.calls).toHaveLength(run.task.roles.length + 1)
})

test('the synthesizer reads every specialist\'s work in full', async () => {
  const run = await runTopology(sim().url, 'star', 'strategic_planning')
  const synthesis = run.requests.find((r) => r.phase === 'synthesis')!
  for (const r of run.requests.filter((x) => x.phase === 'specialist')) {
    const text = (await r.reply) as string
    expect(synthesis.user).toContain(text)
  }
})
