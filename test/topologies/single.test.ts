import { expect, test } from 'vitest'
import { callSequence, runTopology, useSimulator } from './harness.js'

const sim = useSimulator()

test('single makes one call and hands in its answer as the deliverable', async () => {
  const run = await runTopology(sim().url, 'single', 'code_review_execution')
  expect(callSequence(run.calls)).toEqual(['single/answer'])
  expect(run.deliverable).toEqual({ kind: 'structured', schema: 'code_review_deliverable', data: await run.requests[0]!.reply })
})
