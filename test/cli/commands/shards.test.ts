import { describe, expect, test } from 'vitest'
import { cli } from '../../support/cli.js'

// The check itself runs a suite several times in child processes (minutes): `npm run shards:check`.
describe('orgbench shards check', () => {
  test.each([['1'], ['17'], ['2.5'], ['three']])('refuses --shards %s before running anything, exit 2', async (n) => {
    expect(await cli('shards', 'check', '--shards', n)).toEqual({ code: 2, out: '', err: `orgbench shards check: --shards: expected an integer from 2 to 16, got "${n}"` })
  })

  test('refuses --trials that is not a whole number', async () => {
    expect(await cli('shards', 'check', '--trials', '-1')).toEqual({ code: 2, out: '', err: 'orgbench shards check: --trials: expected an integer, got "-1"' })
  })
})
