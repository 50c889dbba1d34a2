import { describe, expect, test } from 'vitest'
import { z } from 'zod'
import { messageParts, partsMessage } from '../../lib/llm/parts-message.js'
import { schemaStatement, withSchemaStated } from '../../lib/llm/schema-statement.js'

const Verdict = z.object({ preferred: z.enum(['A', 'B', 'tie']), reason: z.string().min(1) })

describe('schemaStatement', () => {
  test('names the schema and gives its JSON Schema, the word JSON included (JSON mode refuses a prompt without it)', () => {
    const statement = schemaStatement('judge_pairwise', Verdict)
    expect(statement.split('\n')[0]).toBe('Reply with only a JSON object that matches the JSON schema "judge_pairwise":')
    expect(JSON.parse(statement.split('\n')[1]!)).toMatchObject({ type: 'object', properties: { preferred: { enum: ['A', 'B', 'tie'] }, reason: { type: 'string' } }, required: ['preferred', 'reason'] })
    expect(schemaStatement('judge_pairwise', Verdict)).toBe(statement)
  })
})

describe('withSchemaStated', () => {
  test('ends the last user message with the statement; the messages given are not changed', () => {
    const messages = [
      { role: 'system' as const, content: 'You judge.' },
      { role: 'user' as const, content: 'First.' },
      { role: 'assistant' as const, content: 'Noted.' },
      { role: 'user' as const, content: 'Which is better?' },
    ]
    const stated = withSchemaStated(messages, 'judge_pairwise', Verdict)
    expect(stated.map((m) => m.content)).toEqual(['You judge.', 'First.', 'Noted.', `Which is better?\n\n${schemaStatement('judge_pairwise', Verdict)}`])
    expect(messages[3]!.content).toBe('Which is better?')
  })

  test('a prompt that states the schema already (a deliverable\'s) is left as it is', () => {
    const messages = [{ role: 'user' as const, content: `Review the change.\n\n${schemaStatement('judge_pairwise', Verdict)}` }]
    expect(withSchemaStated(messages, 'judge_pairwise', Verdict)).toEqual(messages)
  })

  test('a message kept as its shared opening and its rest stays so, the statement at the end of the rest', () => {
    const stated = withSchemaStated([partsMessage('user', 'the task block', ' and the assignment')], 'judge_pairwise', Verdict)
    expect(messageParts(stated[0])).toEqual({ opening: 'the task block', rest: ` and the assignment\n\n${schemaStatement('judge_pairwise', Verdict)}` })
  })

  test('a kept message is searched part by part: its whole text, some 100 KB for a prompt with a task, is not built', () => {
    const message = partsMessage('user', 'the task block', ` and the assignment\n\n${schemaStatement('judge_pairwise', Verdict)}`)
    let joined = 0
    const read = Object.getOwnPropertyDescriptor(message, 'content')!.get!
    Object.defineProperty(message, 'content', { get: () => (joined++, read.call(message)), enumerable: true, configurable: true })
    const stated = withSchemaStated([message], 'judge_pairwise', Verdict)
    expect(joined).toBe(0)
    expect(stated).toHaveLength(1)
    expect(stated[0]).toBe(message)
  })
})
