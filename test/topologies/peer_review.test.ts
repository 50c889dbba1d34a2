import { describe, expect, test } from 'vitest'
import { reviewedBy } from '../../lib/topologies/peer_review.js'
import { allOverlap, runTopology, useSimulator } from './harness.js'

const sim = useSimulator({ latency: { fixedMs: 40, jitterMs: 0 } })

describe('reviewedBy', () => {
  test('each reviewer critiques the next two drafts, round-robin', () => {
    expect([0, 1, 2, 3, 4].map((i) => reviewedBy(i, 5))).toEqual([[1, 2], [2, 3], [3, 4], [4, 0], [0, 1]])
  })
  test('a team of two critiques each other once; nobody reviews their own draft', () => {
    expect([reviewedBy(0, 2), reviewedBy(1, 2)]).toEqual([[1], [0]])
  })
})

test('peer_review: parallel drafts, parallel critiques of two drafts each, one synthesis of everything', async () => {
  const run = await runTopology(sim().url, 'peer_review', 'code_review_execution')
  expect(run.error).toBeNull()
  const roles = run.task.roles.map((r) => r.id)
  const drafts = run.calls.filter((c) => c.phase === 'draft')
  const critiques = run.calls.filter((c) => c.phase === 'critique')
  const synthesis = run.calls.filter((c) => c.phase === 'synthesis')
  expect(run.calls).toHaveLength(11)
  expect(drafts.map((c) => c.role).sort()).toEqual([...roles].sort())
  expect(critiques.map((c) => c.role).sort()).toEqual([...roles].sort())
  expect(synthesis).toHaveLength(1)
  expect(allOverlap(drafts)).toBe(true)
  expect(allOverlap(critiques)).toBe(true)

  const draftOf = (role: string) => drafts.find((d) => d.role === role)!.id
  roles.forEach((role, i) => {
    const critique = critiques.find((c) => c.role === role)!
    expect(critique.dependsOn).toEqual(reviewedBy(i, roles.length).map((j) => draftOf(roles[j]!)))
    expect(critique.startMs).toBeGreaterThanOrEqual(Math.max(...drafts.map((d) => d.endMs)))
  })
  expect(synthesis[0]!.dependsOn.sort()).toEqual([...drafts, ...critiques].map((c) => c.id).sort())
})

test('critics read the drafts they review in full, and the synthesizer reads every draft and every critique in full', async () => {
  const run = await runTopology(sim().url, 'peer_review', 'contract_review_execution')
  const drafts = run.requests.filter((r) => r.phase === 'draft')
  const critiques = run.requests.filter((r) => r.phase === 'critique')
  const synthesis = run.requests.find((r) => r.phase === 'synthesis')!
  for (const [i, critique] of critiques.entries()) {
    for (const j of reviewedBy(i, drafts.length)) expect(critique.user).toContain(JSON.stringify(await drafts[j]!.reply, null, 2))
    const reply = (await critique.reply) as { reviews: Array<{ draft: string }> }
    expect(reply.reviews.map((r) => r.draft)).toEqual(reviewedBy(i, drafts.length).map((j) => `Draft of the ${run.task.roles[j]!.name}`))
    expect(synthesis.user).toContain(JSON.stringify(reply, null, 2))
  }
  for (const d of drafts) expect(synthesis.user).toContain(JSON.stringify(await d.reply, null, 2))
})
