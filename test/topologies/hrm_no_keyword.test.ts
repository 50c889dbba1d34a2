import { describe, expect, test } from 'vitest'
import type { ChatClient, ChatReply, ChatRequest } from '../../lib/llm/client.js'
import { loadRegistry } from '../../lib/tasks/registry.js'
import { hrm } from '../../lib/topologies/hrm.js'
import { HRM_HALT_SCHEMA, HRM_PLAN_SCHEMA } from '../../lib/topologies/schemas.js'
import type { TraceEvent } from '../../lib/topologies/types.js'

/**
 * hrm may stop only by its halting rule (convergence, a self-assessed pass probability, the segment
 * limits), never because a reply contains a stop word. Every reply here is full of stop words in
 * every spelling while the halting head is not confident and each deliverable differs from the last:
 * any keyword rule, case-sensitive or not, bracketed or not, would stop early and fail this test.
 */
const STOP_WORDS = ['DONE', 'Done', 'done', '[DONE]', '<DONE>', 'DONE.', 'HALT', 'halt', 'Stop', 'FINISHED', 'complete', 'TERMINATE', '##DONE##', 'd o n e']
const shout = STOP_WORDS.join(' ')

/** A client whose every answer is schema-valid and shouts stop words; its halting head reports `passProbability`. */
function scriptedClient(passProbability: number): ChatClient {
  let n = 0
  return {
    async chat<T>(req: ChatRequest<T>): Promise<ChatReply<T>> {
      n++
      const callId = `c${n}`
      let value: unknown
      if (req.schema?.name === HRM_PLAN_SCHEMA) value = { assessment: `${shout}.`, instructions: [{ role: 'anyone', instruction: `${shout}.` }], openQuestions: [shout] }
      else if (req.schema?.name === HRM_HALT_SCHEMA) value = { passProbability, gaps: [shout], reason: `${shout}. The work is DONE; halt now.` }
      else value = `# Deliverable version ${n}\n\n${shout}\n\n## Section ${n}\n\nA distinct paragraph number ${n} with its own content ${'x'.repeat(n)}.\n`
      const text = typeof value === 'string' ? value : JSON.stringify(value)
      return { callId, lastCallId: callId, text, parsed: (req.schema ? value : text) as T }
    },
  }
}

async function segmentsRun(passProbability: number, options: Record<string, unknown>) {
  const task = (await loadRegistry()).get('strategic_planning')
  const events: TraceEvent[] = []
  await hrm.run({ task, llm: scriptedClient(passProbability), model: 'scripted', seed: 1, maxOutputTokens: 1000, lessons: () => [], options, event: (e) => events.push(e) })
  return events.filter((e) => e.type === 'hrm_halting').map((e) => e.detail.reason)
}

describe('hrm never halts on a keyword', () => {
  test('stop words in every reply, in any spelling, do not stop the loop: it runs to maxSegments', async () => {
    expect(await segmentsRun(0.1, { minSegments: 1, maxSegments: 3, halting: 'act', convergence: 0.0001 })).toEqual(['not_confident', 'not_confident', 'max_segments'])
  })

  test('the same replies stop it only when the halting head is confident, and not before minSegments', async () => {
    expect(await segmentsRun(0.95, { minSegments: 2, maxSegments: 4, halting: 'act', convergence: 0.0001 })).toEqual(['below_min_segments', 'confident'])
  })
})
