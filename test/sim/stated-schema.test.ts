import { describe, expect, test } from 'vitest'
import { z } from 'zod'
import { schemaStatement } from '../../lib/llm/schema-statement.js'
import { PromptText } from '../../lib/sim/prompt-text.js'
import { statedSchema } from '../../lib/sim/stated-schema.js'

const Plan = z.object({ steps: z.array(z.string()) })

describe('statedSchema', () => {
  test("reads the name and the JSON Schema of the prompt's last statement, after the task block or in a whole prompt", () => {
    const statement = schemaStatement('hrm_plan', Plan)
    const expected = { name: 'hrm_plan', schema: JSON.parse(statement.split('\n')[1]!) as unknown }
    expect(statedSchema(new PromptText('# Task: x', 'the block', `\n\nPlan.\n\n${statement}`))).toEqual(expected)
    expect(statedSchema(new PromptText(`Earlier: ${schemaStatement('other', Plan)}\n\nNow.\n\n${statement}`))).toEqual(expected)
  })

  test('none in a prompt without a statement; a statement whose JSON does not read keeps its name', () => {
    expect(statedSchema(new PromptText('Write the deliverable in markdown.'))).toBeNull()
    expect(statedSchema(new PromptText('Reply with only a JSON object that matches the JSON schema "hrm_plan":\n{broken'))).toEqual({ name: 'hrm_plan', schema: undefined })
  })
})
