import { describe, expect, test } from 'vitest'
import { cli } from '../../support/cli.js'

// The scenarios themselves take minutes (npm run reliability); only what is decided before they start is tested here.
describe('orgbench reliability', () => {
  test('--only is a comma-separated list; an unknown scenario is refused with the known ones before anything runs', async () => {
    const r = await cli('reliability', '--only', ' replay ,canry')
    expect(r.code).toBe(2)
    expect(r.out).toBe('')
    expect(r.err).toMatch(/^orgbench reliability: --only: unknown scenario "canry"; expected some of replay, .*\bcanary\b/)
  })
  test('the help names every scenario --only takes, the crash and resume among them', async () => {
    const summary = (await cli('reliability', '--help')).out.split('Options:')[0]!.replace(/\s+/g, ' ')
    expect(summary).toContain('(replay, crash: kill -9 and resume, dollar cap, RPM, faults, canary key, plan accuracy)')
  })
})
