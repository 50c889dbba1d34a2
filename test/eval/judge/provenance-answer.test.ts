import { describe, expect, test } from 'vitest'
import { PROVENANCE_SCHEMA_NAME, ProvenanceAnswer } from '../../../lib/eval/judge/provenance-answer.js'
import { responseFormatOf } from '../../../lib/llm/response-format.js'

const issues = (value: unknown) => ProvenanceAnswer.safeParse(value).error?.issues.map((i) => [i.path.join('.'), i.code])

describe("the provenance check's answer", () => {
  test('names candidate A or B as the organisation, with a reason', () => {
    expect(ProvenanceAnswer.parse({ reason: 'B merges two drafts.', organisation: 'B' })).toEqual({ reason: 'B merges two drafts.', organisation: 'B' })
    expect(ProvenanceAnswer.parse({ reason: 'A is longer.', organisation: 'A' }).organisation).toBe('A')
  })

  test('refuses "tie", lower case, an empty or missing reason: an answer that names no candidate is a failure, never a guess', () => {
    expect(issues({ reason: 'x', organisation: 'tie' })).toEqual([['organisation', 'invalid_value']])
    expect(issues({ reason: 'x', organisation: 'a' })).toEqual([['organisation', 'invalid_value']])
    expect(issues({ reason: '', organisation: 'A' })).toEqual([['reason', 'too_small']])
    expect(issues({ organisation: 'A' })).toEqual([['reason', 'invalid_type']])
  })

  test('is requested from the endpoint as the strict JSON schema "judge_provenance", the choice described for the model', () => {
    const format = responseFormatOf(ProvenanceAnswer, PROVENANCE_SCHEMA_NAME)
    expect(format.json_schema).toMatchObject({
      name: 'judge_provenance',
      strict: true,
      schema: {
        type: 'object',
        properties: {
          reason: { type: 'string', minLength: 1 },
          organisation: { type: 'string', enum: ['A', 'B'], description: 'the candidate written by the organisation of several agents' },
        },
        required: ['reason', 'organisation'],
        additionalProperties: false,
      },
    })
  })
})
