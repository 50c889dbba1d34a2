import { describe, expect, test } from 'vitest'
import { sameModelWarning } from '../../../lib/eval/judge/same-model.js'
import { importGraph } from '../../support/import-graph.js'

describe('sameModelWarning', () => {
  test('names the model both sides use, the risk, and the variable that sets another judge', () => {
    expect(sameModelWarning('gpt-4o-mini')).toBe('the judge model equals the agent model (gpt-4o-mini): self-preference is possible; set ORGBENCH_JUDGE_MODEL to a model from another family')
  })

  test('quotes a provider-prefixed model name unchanged', () => {
    expect(sameModelWarning('meta-llama/llama-3.3-70b-instruct')).toContain('(meta-llama/llama-3.3-70b-instruct)')
  })

  test('loads no package: the global setup prints it in the main process, which must not load the openai SDK', () => {
    const graph = importGraph('lib/eval/judge/same-model.ts')
    expect([...graph.packages]).toEqual([])
    expect([...graph.files]).toEqual(['lib/eval/judge/same-model.ts'])
  })
})
