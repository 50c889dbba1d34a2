import { describe, expect, test } from 'vitest'
import { cli } from '../../support/cli.js'

// The checks themselves take minutes (npm run perf); only what is decided before they start is tested here.
describe('orgbench perf', () => {
  test('an unknown check in --only is refused with the known ones, instead of measuring nothing and passing', async () => {
    expect(await cli('perf', '--only', 'startup, startp')).toEqual({
      code: 2,
      out: '',
      err: 'orgbench perf: --only: unknown check "startp"; expected some of startup, overhead, floor, throughput, memory',
    })
  })
})
