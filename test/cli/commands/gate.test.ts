import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { GATE_EXIT_CODES, GATE_FLAGS } from '../../../lib/results/gate-command.js'
import { cli } from '../../support/cli.js'
import { tempDir } from '../../support/temp.js'
import { trials, writeRunFixture } from '../../results/fixtures.js'

/** `orgbench gate` as the command line declares it: each flag of the gate, and its value handed on under the flag's own name. */
describe('orgbench gate: the command line', () => {
  test('--help lists every gate flag with its value placeholder, and the exit codes', async () => {
    const r = await cli('gate', '--help')
    expect(r.code).toBe(0)
    for (const f of GATE_FLAGS) expect(r.out).toContain(f.value ? `--${f.name} ${f.value}` : `--${f.name}`)
    expect(r.out).toContain('--max-judge-error-rate <pct>')
    expect(r.out).toContain('--update-baseline ')
    expect(r.out).toContain(GATE_EXIT_CODES)
  })

  test('a flag of several words reaches the gate under its dashed name: a non-number for --max-judge-error-rate is refused by name, exit 2', async () => {
    const dir = tempDir()
    const base = join(dir, 'base.json')
    const current = join(dir, 'current.json')
    await writeRunFixture(base, trials([80, 81, 79]), { runId: 'sim-base' })
    await writeRunFixture(current, trials([80, 81, 79]), { runId: 'sim-current' })
    expect(await cli('gate', '--baseline', base, '--current', current, '--max-judge-error-rate', 'ten')).toMatchObject({ code: 2, out: '', err: expect.stringContaining('--max-judge-error-rate: expected a number, got "ten"') })
    expect(await cli('gate', '--baseline', base, '--current', current, '--margin-cost', '1e')).toMatchObject({ code: 2, err: expect.stringContaining('--margin-cost: expected a number, got "1e"') })
    expect((await cli('gate', '--baseline', base, '--current', current, '--max-judge-error-rate', '10')).code).toBe(0)
  })

  test('--update-baseline and --force are booleans: a simulated run becomes the baseline with both, and the command says so on stdout', async () => {
    const dir = tempDir()
    const current = join(dir, 'current.json')
    const target = join(dir, 'baseline.json')
    await writeRunFixture(current, trials([80, 81, 79]), { runId: 'sim-current' })
    expect(await cli('gate', '--update-baseline', '--baseline', target, '--current', current)).toMatchObject({ code: 2, err: expect.stringContaining('sim-current is a simulated run') })
    expect(existsSync(target)).toBe(false)
    const r = await cli('gate', '--update-baseline', '--force', '--baseline', target, '--current', current)
    expect(r).toMatchObject({ code: 0, err: '' })
    expect(r.out).toBe(`baseline ${target} is now sim-current (sim-strong, simulated, 3 records)`)
    expect(existsSync(target)).toBe(true)
  })
})
