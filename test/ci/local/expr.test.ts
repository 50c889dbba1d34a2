import { describe, expect, test } from 'vitest'
import { condition, evaluate, ExpressionError, interpolate } from '../../../lib/ci/local/expr.js'

const ctx = {
  contexts: {
    inputs: { shards: '', trials: '3', update_baseline: false },
    vars: { ORGBENCH_MODELS: 'a,b' },
    secrets: {},
    github: { run_attempt: '2' },
    needs: { plan: { result: 'success', outputs: { matrix: '{"include":[{"shard":1}]}' } } },
    steps: { merge: { outputs: { run_file: 'results/runs/x.json' } } },
  },
}

describe('GitHub expressions', () => {
  test('|| returns the first truthy operand, && the first falsy or the last', () => {
    expect(evaluate("inputs.shards || '4'", ctx)).toBe('4')
    expect(evaluate("inputs.models || vars.ORGBENCH_MODELS || vars.ORGBENCH_MODEL", ctx)).toBe('a,b')
    expect(evaluate("inputs.trials && 'yes'", ctx)).toBe('yes')
    expect(evaluate('inputs.update_baseline && true', ctx)).toBe(false)
  })
  test("comparisons: strings case-insensitively, mixed types as numbers, missing values are null ('')", () => {
    expect(evaluate("needs.plan.result == 'SUCCESS'", ctx)).toBe(true)
    expect(evaluate("secrets.ORGBENCH_BASE_URL != '' || secrets.ORGBENCH_PROVIDER != ''", ctx)).toBe(false)
    expect(evaluate('fromJSON(github.run_attempt) > 1', ctx)).toBe(true)
    expect(evaluate("github.run_attempt == 2", ctx)).toBe(true)
    expect(evaluate('!(1 < 2)', ctx)).toBe(false)
  })
  test('fromJSON, member access by dot and by index, and functions', () => {
    expect(evaluate('fromJSON(needs.plan.outputs.matrix).include[0].shard', ctx)).toBe(1)
    expect(evaluate("contains('enterprise,hard', 'HARD')", ctx)).toBe(true)
    expect(evaluate("format('{0}/{1}', 1, 4)", ctx)).toBe('1/4')
    expect(evaluate("startsWith('actions/checkout@v4', 'actions/')", ctx)).toBe(true)
  })
  test('interpolation keeps a whole expression typed and stringifies embedded ones', () => {
    expect(interpolate('${{ fromJSON(needs.plan.outputs.matrix) }}', ctx)).toEqual({ include: [{ shard: 1 }] })
    expect(interpolate('run ${{ steps.merge.outputs.run_file }} of ${{ inputs.missing }}!', ctx)).toBe('run results/runs/x.json of !')
  })
  test('a condition without a status function needs success; always() runs after a failure', () => {
    const failed = { ...ctx, status: { success: false, cancelled: false } }
    expect(condition("${{ inputs.trials == '3' }}", ctx)).toBe(true)
    expect(condition("inputs.trials == '3'", failed)).toBe(false)
    expect(condition('${{ always() }}', failed)).toBe(true)
    expect(condition(undefined, failed)).toBe(false)
    expect(condition('failure()', failed)).toBe(true)
  })
  test('a malformed expression says what is wrong', () => {
    expect(() => evaluate("inputs.x == 'open", ctx)).toThrow(ExpressionError)
    expect(() => evaluate('nosuch(1)', ctx)).toThrow('unknown function nosuch()')
    expect(() => evaluate('a b', ctx)).toThrow('unexpected "b"')
  })
})
