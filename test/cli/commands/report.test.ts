import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, test, vi } from 'vitest'
import { makeRecord, writeRunFixture } from '../../results/fixtures.js'
import { cli } from '../../support/cli.js'
import { tempDir } from '../../support/temp.js'

const records = () => ['single', 'star'].flatMap((topology) => [1, 2].map((trial) => makeRecord({ topology, trial })))

describe('orgbench report', () => {
  test('renders the report and one side-by-side page per task and trial from a results file', async () => {
    const dir = tempDir()
    await writeRunFixture(join(dir, 'run.json'), records())
    const out = join(dir, 'report')
    const r = await cli('report', join(dir, 'run.json'), '--out', out)
    expect(r.code).toBe(0)
    expect(r.err).toBe('')
    expect(r.out.split('\n')[0]).toBe(`report from ${join(dir, 'run.json')}:`)
    expect(r.out).toContain(`  ${relative(process.cwd(), join(out, 'index.html'))}\n`)
    expect(r.out.split('\n').at(-1)).toBe(`  ${relative(process.cwd(), join(out, 'cases/index.html'))} and 2 side-by-side page(s), one per task and trial`)
    expect(readdirSync(join(out, 'cases')).sort()).toEqual(['index.html', 'task_a-1.html', 'task_a-2.html'])
  })

  test('a report written over an earlier one leaves none of its pages: case pages, cost-center and track summaries', async () => {
    const dir = tempDir()
    const out = join(dir, 'report')
    await writeRunFixture(join(dir, 'big.json'), [...records(), makeRecord({ task: 'task_b', track: 'finance', costCenter: 'treasury' })], { runId: 'sim-big' })
    await writeRunFixture(join(dir, 'small.json'), records().filter((r) => r.trial === 1), { runId: 'sim-small' })
    expect((await cli('report', join(dir, 'big.json'), '--out', out)).code).toBe(0)
    writeFileSync(join(out, 'history.html'), 'history')
    const r = await cli('report', join(dir, 'small.json'), '--out', out)
    expect(r.code).toBe(0)
    expect(r.out.split('\n').at(-1)).toBe('  removed 4 file(s) of the earlier report there that this one does not rewrite')
    expect(readdirSync(join(out, 'cases')).sort()).toEqual(['index.html', 'task_a-1.html'])
    expect(readdirSync(join(out, 'cost-centers'))).toEqual(['engineering'])
    expect(readdirSync(join(out, 'tracks'))).toEqual(['enterprise'])
    expect(readFileSync(join(out, 'history.html'), 'utf8')).toBe('history')
  })

  test('a run whose records file is gone still gets its report, without side-by-side pages, and a note why', async () => {
    const dir = tempDir()
    await writeRunFixture(join(dir, 'run.json'), records())
    rmSync(join(dir, readdirSync(dir).find((n) => n.includes('records'))!))
    const out = join(dir, 'report')
    const r = await cli('report', join(dir, 'run.json'), '--out', out)
    expect(r.code).toBe(0)
    expect(r.err).toMatch(new RegExp(`^note: .*run\\.json: its records cannot be read, so its cases are not in the side-by-side pages`))
    expect(existsSync(join(out, 'index.html'))).toBe(true)
    expect(existsSync(join(out, 'cases'))).toBe(false)
  })

  test('--human naming a folder that does not exist is refused, exit 2', async () => {
    const dir = tempDir()
    await writeRunFixture(join(dir, 'run.json'), records())
    const r = await cli('report', join(dir, 'run.json'), '--out', join(dir, 'report'), '--human', join(dir, 'nope'))
    expect([r.code, r.err]).toEqual([2, `orgbench report: --human ${join(dir, 'nope')}: no such folder (expected a human-grading export folder or a folder of them)`])
  })

  test('history leaves simulated runs out and says so', async () => {
    const dir = tempDir()
    await writeRunFixture(join(dir, 'runs', 'run.json'), records())
    const r = await cli('report', 'history', join(dir, 'runs'), '--dir', join(dir, 'report'))
    expect(r.code).toBe(0)
    expect(r.out.split('\n')[0]).toBe('history from 1 run file(s): no complete real-model run; left out 1 (simulated or incomplete)')
    expect(existsSync(join(dir, 'report', 'history.html'))).toBe(true)
  })

  /*
   * What the check finds in Chromium is specified by check.ts's tests (chartProblems, casePageProblems)
   * and run on a real report by CI's browser job (npm run report:check); a Chromium start here costs
   * seconds, so only what is refused before one starts is tested here.
   */
  test('check refuses a folder without a report, and a missing Chromium, before starting a browser, exit 2', async () => {
    const dir = tempDir()
    const r = await cli('report', 'check', '--dir', dir)
    expect([r.code, r.err]).toEqual([2, `orgbench report check: ${join(dir, 'index.html')} does not exist; run orgbench report first`])
    writeFileSync(join(dir, 'index.html'), '<p>report</p>')
    vi.stubEnv('CHROMIUM_PATH', join(dir, 'no-chromium'))
    try {
      const none = await cli('report', 'check', '--dir', dir)
      expect([none.code, none.err]).toEqual([2, `orgbench report check: no Chromium at ${join(dir, 'no-chromium')}; install it (apt-get install -y chromium) or set CHROMIUM_PATH`])
    } finally {
      vi.unstubAllEnvs()
    }
  })

  test('check refuses report\'s own --out (its flag is --dir) instead of checking results/report', async () => {
    const r = await cli('report', 'check', '--out', tempDir())
    expect(r.code).toBe(2)
    expect(r.err.split('\n')[0]).toBe("orgbench report check: unknown option '--out'")
  })

  test('--help shows one default for --human: the folder read when none is given', async () => {
    const help = (await cli('report', '--help')).out.replace(/\s+/g, ' ')
    expect(help).toContain('repeat for several (default: results/human)')
    expect(help).not.toContain('(default: [])')
  })
})
