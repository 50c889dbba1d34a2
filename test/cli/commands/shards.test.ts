import { describe, expect, test } from 'vitest'
import { cli } from '../../support/cli.js'

// The check itself runs a suite several times in child processes (minutes): `npm run shards:check`.
describe('orgbench shards check', () => {
  test.each([['1'], ['17'], ['2.5'], ['three']])('refuses --shards %s before running anything, exit 2', async (n) => {
    expect(await cli('shards', 'check', '--shards', n)).toEqual({ code: 2, out: '', err: `orgbench shards check: --shards: expected an integer from 2 to 16, got "${n}"` })
  })

  test.each([['-1'], ['0'], ['101']])('refuses --trials %s, outside 1 to 100, before running anything', async (n) => {
    expect(await cli('shards', 'check', '--trials', n)).toEqual({ code: 2, out: '', err: `orgbench shards check: --trials: expected an integer from 1 to 100, got "${n}"` })
  })

  test('refuses a --filter that matches no benchmark file, or fewer files than shards, before running anything', async () => {
    expect(await cli('shards', 'check', '--filter', 'benchmarks/nope/')).toEqual({ code: 2, out: '', err: 'orgbench shards check: --filter: "benchmarks/nope/" matches no benchmark file (benchmarks/<project>/<task>.test.ts)' })
    expect(await cli('shards', 'check', '--filter', 'benchmarks/enterprise/contract-review-execution.test.ts')).toEqual({
      code: 2,
      out: '',
      err: 'orgbench shards check: --filter: "benchmarks/enterprise/contract-review-execution.test.ts" matches 1 benchmark file(s), fewer than the 3 shards (--shards)',
    })
  })
})
