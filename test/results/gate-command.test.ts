import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { runCli } from '../../lib/cli/program.js'
import { GATE_FLAGS, gateOptionsFromFlags } from '../../lib/results/gate-command.js'
import { stableJson } from '../../lib/results/write.js'
import { openRun } from '../../lib/results/read.js'
import { writePointer } from '../../lib/results/pointer.js'
import { sharedTempDir } from '../support/temp.js'
import { trials, writeRunFixture } from './fixtures.js'

const dir = sharedTempDir('orgbench-gate-')
const file = (name: string, content: unknown) => {
  const path = join(dir, name)
  writeFileSync(path, typeof content === 'string' ? content : stableJson(content))
  return path
}
const runFile = async (name: string, ...args: Parameters<typeof writeRunFixture> extends [string, ...infer R] ? R : never) => {
  await writeRunFixture(join(dir, name), ...args)
  return join(dir, name)
}
const base = await runFile('base.json', trials([80, 81, 79]), { runId: 'sim-base' })
const same = await runFile('same.json', trials([80, 81, 79]), { runId: 'sim-same' })
const worse = await runFile('worse.json', trials([60, 61, 59]), { runId: 'sim-worse' })
const real = await runFile('real.json', trials([80, 81, 79], { simulated: false }), { runId: 'real-run', simulated: false })

async function run(args: string[]) {
  const out: string[] = []
  const err: string[] = []
  const code = await runCli(['gate', ...args], { out: (t) => out.push(t), err: (t) => err.push(t) })
  return { code, out: out.join('\n'), err: err.join('\n') }
}

describe('orgbench gate', () => {
  test('exits 0 when nothing regressed and 1 on a FAIL, writing markdown and JSON on request', async () => {
    expect((await run(['--baseline', base, '--current', same])).code).toBe(0)
    const md = join(dir, 'gate.md')
    const json = join(dir, 'gate.json')
    const r = await run(['--baseline', base, '--current', worse, '--markdown', md, '--json', json])
    expect(r.code).toBe(1)
    expect(r.out.split('\n')[0]).toMatch(/^FAIL: sim-worse/)
    expect(readFileSync(md, 'utf8')).toMatch(/^## ❌ Regression gate: FAIL/)
    expect(JSON.parse(readFileSync(json, 'utf8')).verdict).toBe('FAIL')
  })
  test('non-inferiority mode and margins come from flags: a 30-point margin lets a 20-point drop pass', async () => {
    const r = await run(['--baseline', base, '--current', worse, '--mode', 'non-inferiority', '--margin-headline', '30'])
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/^mode: non-inferiority/m)
    expect(await run(['--baseline', base, '--current', worse, '--mode', 'strict'])).toMatchObject({ code: 2, err: expect.stringContaining('--mode: expected "detect" or "non-inferiority", got "strict"') })
  })
  test('exits 2 when nothing could be compared, instead of a PASS', async () => {
    const one = await runFile('one.json', trials([80]), { runId: 'sim-one' })
    const r = await run(['--baseline', base, '--current', one, '--json', join(dir, 'nothing.json')])
    expect(r).toMatchObject({ code: 2, out: '', err: expect.stringContaining('nothing comparable between sim-one and the baseline sim-base: none of the 1 task × topology cells in common has two trials on each side') })
    expect(existsSync(join(dir, 'nothing.json'))).toBe(false)
  })
  test('exits 2 with a clear message on unusable input', async () => {
    expect(await run(['--baseline', base, '--current', file('bad.json', '{"schemaVersion": 9}')])).toMatchObject({ code: 2, err: expect.stringContaining('bad.json: field schemaVersion: 9 is newer than this orgbench reads (3)') })
    expect(await run(['--baseline', real, '--current', same])).toMatchObject({ code: 2, err: expect.stringContaining('cannot compare a simulated run (sim-same) with a real baseline (real-run)') })
    expect(await run(['--baseline', join(dir, 'none.json'), '--current', same])).toMatchObject({ code: 2, err: expect.stringContaining('no baseline at') })
    expect(await run(['--baseline', base, '--current', same, '--alpha', 'x'])).toMatchObject({ code: 2, err: expect.stringContaining('--alpha: expected a number, got "x"') })
    expect(await run(['--current', same, '--bogus'])).toMatchObject({ code: 2, err: expect.stringContaining('--bogus') })
  })
  test('a baseline read from a results file of an earlier version is said to be, in the text, the markdown and the JSON', async () => {
    const old = file('old-base.json', { ...JSON.parse(readFileSync(base, 'utf8')), schemaVersion: 2 })
    const md = join(dir, 'old-gate.md')
    const json = join(dir, 'old-gate.json')
    const r = await run(['--baseline', old, '--current', same, '--markdown', md, '--json', json])
    const warning = `--baseline ${old}: read from a version-2 results file (old-base.json): the judge's prompts and raw replies were not stored`
    expect(r.out).toContain('note: --baseline')
    expect(r.out.replace(/\n\s+/g, ' ')).toContain(warning)
    expect(readFileSync(md, 'utf8')).toContain(`- ${warning}`)
    expect(JSON.parse(readFileSync(json, 'utf8')).notes).toContain(warning)
  })

  test('without --current it gates the run LATEST points at in ORGBENCH_RESULTS_DIR, and says so', async () => {
    const runs = join(dir, 'runs')
    await writeRunFixture(join(runs, 'sim-worse.json'), trials([60, 61, 59]), { runId: 'sim-worse' })
    const saved = process.env.ORGBENCH_RESULTS_DIR
    process.env.ORGBENCH_RESULTS_DIR = runs
    try {
      expect(await run(['--baseline', base])).toMatchObject({ code: 2, err: expect.stringContaining(`${join(runs, 'LATEST')}: no run written yet`) })
      writePointer(runs, { runId: 'sim-worse', file: 'sim-worse.json', records: 'sim-worse.records.jsonl.gz', status: 'complete', simulated: true })
      const r = await run(['--baseline', base])
      expect(r.code).toBe(1)
      expect(r.out).toContain(`gating ${join(runs, 'sim-worse.json')} (the latest run) against ${base}`)
      // A bare LATEST, as the README writes it, is the pointer of ORGBENCH_RESULTS_DIR, for either side.
      expect((await run(['--baseline', base, '--current', 'LATEST'])).code).toBe(1)
      expect((await run(['--baseline', 'LATEST', '--current', same])).code).toBe(0)
    } finally {
      if (saved === undefined) delete process.env.ORGBENCH_RESULTS_DIR
      else process.env.ORGBENCH_RESULTS_DIR = saved
    }
  })
  test('refuses a learning run as the run to gate, as a baseline and as a new baseline, exit 2, naming the file', async () => {
    const learning = await runFile('learning.json', trials([80, 81, 79], { simulated: false }), { runId: 'learn-run', simulated: false })
    const stored = JSON.parse(readFileSync(learning, 'utf8')) as { totals: { spend: unknown } }
    writeFileSync(learning, stableJson({ ...stored, learning: { splits: [], retrospectives: [], cost: stored.totals.spend } }))
    const expected = (flag: string) => `orgbench gate: ${flag} ${learning}: a learning run (its cases pool the memory-off ablation and the training and held-out cases of every iteration, which score different inputs, so its topology tables and differences are not a benchmark result); the gate expects the results file of a benchmark run`
    expect(await run(['--baseline', base, '--current', learning])).toEqual({ code: 2, out: '', err: expected('--current') })
    expect(await run(['--baseline', learning, '--current', real])).toEqual({ code: 2, out: '', err: expected('--baseline') })
    const target = join(dir, 'learning-baseline.json')
    expect(await run(['--update-baseline', '--force', '--baseline', target, '--current', learning])).toEqual({ code: 2, out: '', err: expected('--current') })
    expect(existsSync(target)).toBe(false)
  })

  test('--update-baseline refuses a simulated run unless forced, and writes a real one', async () => {
    const target = join(dir, 'baseline.json')
    expect(await run(['--update-baseline', '--baseline', target, '--current', same])).toMatchObject({ code: 2, err: expect.stringContaining('is a simulated run') })
    expect(existsSync(target)).toBe(false)
    expect((await run(['--update-baseline', '--baseline', target, '--current', real])).code).toBe(0)
    // The baseline is a copy of the run: its run file and its records beside it, readable as any run.
    const baseline = openRun(target)
    expect(baseline.run.runId).toBe('real-run')
    expect(baseline.run.records.file).toBe('baseline.records.jsonl.gz')
    const copied = []
    for await (const r of baseline.records()) copied.push(r)
    expect(copied).toHaveLength(3)
    expect((await run(['--update-baseline', '--baseline', target, '--current', same, '--force'])).code).toBe(0)
  })
  test('--update-baseline to a .json.br name writes it compacted, and the next gate reads it', async () => {
    const target = join(dir, 'baselines', 'model.json.br')
    expect((await run(['--update-baseline', '--baseline', target, '--current', real])).code).toBe(0)
    expect(openRun(target).run.records.file).toBe('model.records.jsonl.br')
    // The gate reads the compacted baseline (and names it as the same run as --current).
    expect(await run(['--baseline', target, '--current', real])).toMatchObject({ code: 2, err: expect.stringContaining('the baseline and this run are the same run (real-run): nothing was compared') })
  })
  test('--update-baseline replaces a baseline that cannot be read instead of failing on it', async () => {
    const target = join(dir, 'broken.json.br')
    writeFileSync(target, '{"written": "plain under a .br name"}')
    expect((await run(['--update-baseline', '--baseline', target, '--current', real])).code).toBe(0)
    expect(openRun(target).run.runId).toBe('real-run')
  })
  test('--update-baseline to a name that is neither .json nor .json.br exits 2 and writes nothing', async () => {
    const target = join(dir, 'odd', 'baseline.json.gz')
    expect(await run(['--update-baseline', '--baseline', target, '--current', real])).toMatchObject({ code: 2, err: `orgbench gate: ${target}: expected a run file name ending in .json (plain) or .json.br (compacted); nothing was written` })
    expect(existsSync(join(dir, 'odd'))).toBe(false)
  })
  test('--update-baseline refuses a failed run and notes a partial one', async () => {
    const target = join(dir, 'baseline-status.json')
    const failed = await runFile('failed.json', trials([null, null], { simulated: false }), { runId: 'real-failed', simulated: false, status: 'failed' })
    expect(await run(['--update-baseline', '--baseline', target, '--current', failed])).toMatchObject({ code: 2, err: expect.stringContaining('real-failed has status failed: status failed (fixture). A baseline needs successful cases') })
    expect(existsSync(target)).toBe(false)
    const partial = await runFile('partial.json', trials([80, 81], { simulated: false }), { runId: 'real-partial', simulated: false, status: 'partial' })
    const r = await run(['--update-baseline', '--baseline', target, '--current', partial])
    expect(r.code).toBe(0)
    expect(r.out).toContain('note: real-partial is partial (status partial (fixture)): cells it lacks are not compared')
  })
})

describe('gateOptionsFromFlags', () => {
  test('defaults: margins 5 / 5 / 5 / 25 %, floors 90 % recall, 10 % errors, 1.5× cost', async () => {
    expect(gateOptionsFromFlags({})).toEqual({
      mode: 'detect',
      alpha: 0.05,
      margins: { headline: 5, mustCatchRecall: 5, errorRate: 5, costPerCase: 25 },
      floors: { mustCatchRecall: 90, errorRate: 10, judgeErrorRate: 10, costRatio: 1.5, costPerCaseUsd: null },
    })
  })
  test('a percentage outside 0-100 names the flag and the value given', async () => {
    expect(() => gateOptionsFromFlags({ 'floor-recall': '120' })).toThrow(/^--floor-recall: expected a percentage from 0 to 100, got 120$/)
  })
  test('every flag that sets an option names itself, never the option inside, when its value is out of range', () => {
    const problem = (name: string) => {
      try {
        gateOptionsFromFlags({ [name]: '-1' })
        return null
      } catch (e) {
        return (e as Error).message
      }
    }
    const optionFlags = GATE_FLAGS.filter((f) => f.value !== undefined && f.value !== '<file>')
    expect(optionFlags.map((f) => f.name)).toContain('max-cost-per-case')
    for (const f of optionFlags) {
      const message = problem(f.name)
      expect(message, f.name).toMatch(new RegExp(`^--${f.name}: `))
      expect(message, f.name).not.toMatch(/option|margins|floors/)
    }
    expect(problem('margin-headline')).toBe('--margin-headline: Too small: expected number to be >=0, got -1')
  })
  test('every number flag sets the option it is mapped to', () => {
    const numberFlags = GATE_FLAGS.filter((f) => f.value !== undefined && f.value !== '<file>' && f.name !== 'mode')
    expect(numberFlags).toHaveLength(10)
    for (const f of numberFlags) {
      expect(f.option, f.name).toBeDefined()
      let options: Record<string, unknown> = gateOptionsFromFlags({ [f.name]: '0.5' })
      for (const key of f.option ?? []) options = options[key] as Record<string, unknown>
      expect(options, f.name).toBe(0.5)
    }
  })
})
