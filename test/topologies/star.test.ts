import { expect, test } from 'vitest'
import { allOverlap, isLlmCallError, runTopology, useSimulator } from './harness.js'

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

const oneSpecialistFails = useSimulator({ latency: { fixedMs: 40, jitterMs: 0 }, faults: [{ kind: 'bad_request', match: { text: 'Your role: Security reviewer' } }] })

test('when one specialist fails, the run fails only after its colleagues finished, so every paid call is in the ledger', async () => {
  const run = await runTopology(oneSpecialistFails().url, 'star', 'code_review_execution')
  expect(isLlmCallError(run.error)).toBe(true)
  const specialists = run.calls.filter((c) => c.phase === 'specialist')
  expect(specialists).toHaveLength(run.task.roles.length)
  expect(specialists.filter((c) => c.error !== null).map((c) => c.role)).toEqual(['security_reviewer'])
  expect(specialists.filter((c) => c.error === null).every((c) => c.completionTokens! > 0)).toBe(true)
  expect(run.calls.filter((c) => c.phase === 'synthesis')).toHaveLength(0)
})
