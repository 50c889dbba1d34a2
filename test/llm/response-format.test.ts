import { zodResponseFormat } from 'openai/helpers/zod'
import { describe, expect, test } from 'vitest'
import { z } from 'zod'
import { requestedResponseFormat, responseFormatOf } from '../../lib/llm/response-format.js'

describe('responseFormatOf', () => {
  const Answer = z.object({ answer: z.string(), confidence: z.number() })

  test('is the SDK\'s strict response format of the schema', () => {
    expect(JSON.stringify(responseFormatOf(Answer, 'answer'))).toBe(JSON.stringify(zodResponseFormat(Answer, 'answer')))
  })

  test('is built once per schema and name', () => {
    expect(responseFormatOf(Answer, 'answer')).toBe(responseFormatOf(Answer, 'answer'))
    expect(responseFormatOf(Answer, 'other')).not.toBe(responseFormatOf(Answer, 'answer'))
    expect(responseFormatOf(z.object({ answer: z.string(), confidence: z.number() }), 'answer')).not.toBe(responseFormatOf(Answer, 'answer'))
  })
})

describe('requestedResponseFormat', () => {
  const Answer = z.object({ answer: z.string() })

  test('json_schema sends the strict schema; json_object JSON mode; none nothing', () => {
    expect(requestedResponseFormat('json_schema', Answer, 'answer')).toBe(responseFormatOf(Answer, 'answer'))
    expect(requestedResponseFormat('json_object', Answer, 'answer')).toEqual({ type: 'json_object' })
    expect(requestedResponseFormat('none', Answer, 'answer')).toBeUndefined()
  })
})
