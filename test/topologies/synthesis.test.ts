import { describe, expect, test } from 'vitest'
import type { ChatClient, ChatRequest } from '../../lib/llm/client.js'
import { STRUCTURED_KINDS } from '../../lib/tasks/kinds/index.js'
import { loadRegistry, type Task } from '../../lib/tasks/registry.js'
import { deliverableFormat, taskBlock } from '../../lib/topologies/prompts.js'
import { synthesize } from '../../lib/topologies/synthesis.js'
import type { RunContext } from '../../lib/topologies/types.js'

const registry = await loadRegistry()
const ASSIGNMENT =
  'Keep every concrete value and every well-founded finding; remove duplicates; drop claims the task inputs contradict; where colleagues disagree, decide on the evidence.'

/** A context whose client answers every call with `reply` and keeps what it was asked; lessons are looked up by role. */
function context(task: Task, reply: { text: string; parsed: unknown }) {
  const sent: Array<ChatRequest<unknown>> = []
  const askedLessons: string[] = []
  const llm: ChatClient = {
    chat: async <T>(req: ChatRequest<T>) => {
      sent.push(req as ChatRequest<unknown>)
      return { callId: 'c009', lastCallId: 'c010', text: reply.text, parsed: reply.parsed as T }
    },
  }
  const ctx: RunContext = {
    task,
    llm,
    model: 'sim-strong',
    seed: 1234,
    maxOutputTokens: 4096,
    lessons: (role) => (askedLessons.push(role), role === 'synthesizer' ? ['Carry every value over.'] : ['not for the synthesizer']),
    options: {},
    event: () => {},
  }
  return { ctx, sent, askedLessons }
}

describe('synthesize', () => {
  test("one synthesizer call that reads the task, every piece of earlier work in full, and the merge assignment, with the synthesizer's lessons", async () => {
    const task = registry.get('strategic_planning')
    const { ctx, sent, askedLessons } = context(task, { text: '# The merged plan', parsed: '# The merged plan' })
    const reply = await synthesize(ctx, { context: ['## Work\n\nfinance says A', '## More work\n\nops says B'], dependsOn: ['c003', 'c004'], what: "the specialists' work" })
    expect(reply).toEqual({ callId: 'c009', lastCallId: 'c010', value: { kind: 'markdown', text: '# The merged plan' } })
    expect(askedLessons).toEqual(['synthesizer'])
    expect(sent).toHaveLength(1)
    const req = sent[0]!
    expect(req).toMatchObject({ role: 'synthesizer', phase: 'synthesis', model: 'sim-strong', seed: 1234, maxTokens: 4096, dependsOn: ['c003', 'c004'] })
    expect(req.schema).toBeUndefined()
    expect(req.messages).toEqual([
      {
        role: 'system',
        content: "You are the synthesizer of a team working on the task below. You merge your colleagues' work into one deliverable.\n\nLessons from earlier runs of this organisation:\n- Carry every value over.",
      },
      {
        role: 'user',
        content: [
          taskBlock(task),
          '## Work\n\nfinance says A',
          '## More work\n\nops says B',
          `## Your assignment\nMerge the specialists' work into the single complete deliverable. ${ASSIGNMENT}`,
          `## Format\n${deliverableFormat(task)}`,
        ].join('\n\n'),
      },
    ])
  })

  test("a structured task's synthesis asks for the task's deliverable schema and returns the parsed deliverable", async () => {
    const task = registry.get('code_review_execution')
    const data = { summary: 'merged', issues: [] }
    const { ctx, sent } = context(task, { text: JSON.stringify(data), parsed: data })
    const reply = await synthesize(ctx, { context: [], dependsOn: [], what: 'the drafts and critiques' })
    const schemaName = STRUCTURED_KINDS.code_review.schemaName
    expect(reply.value).toEqual({ kind: 'structured', schema: schemaName, data })
    expect(sent[0]!.schema?.name).toBe(schemaName)
    expect(sent[0]!.messages[1]!.content).toContain("## Your assignment\nMerge the drafts and critiques into the single complete deliverable.")
  })

  test('without lessons the synthesizer is told only its duty', async () => {
    const { ctx, sent } = context(registry.get('strategic_planning'), { text: 't', parsed: 't' })
    await synthesize({ ...ctx, lessons: () => [] }, { context: [], dependsOn: [], what: 'x' })
    expect(sent[0]!.messages[0]!.content).toBe("You are the synthesizer of a team working on the task below. You merge your colleagues' work into one deliverable.")
  })
})
