import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { baselineFile, findBaseline } from '../../lib/ci/baseline.js'
import { collectOutcomes } from '../../lib/ci/collect.js'
import { mergeOutcome } from '../../lib/ci/merge-outcome.js'
import { writePointer } from '../../lib/results/pointer.js'
import { openRun } from '../../lib/results/read.js'
import type { TestRecord } from '../../lib/results/record.js'
import { tempDir } from '../support/temp.js'
import { makeRecord, writeRunFixture } from '../results/fixtures.js'

const tierOf = () => 'standard' as const

/** A results folder as a merge leaves it: a run file, its records and LATEST pointing at them. */
async function merged(dir: string, runId: string, records: TestRecord[]): Promise<void> {
  const run = await writeRunFixture(join(dir, `${runId}.json`), records, { runId, simulated: records[0]!.simulated, model: records[0]!.model })
  writePointer(dir, { runId, file: `${runId}.json`, records: run.records.file, status: run.status, simulated: run.simulated })
}
const cases = (simulated: boolean, model: string, star: number) =>
  ['single', 'star'].flatMap((topology) => ['a', 'b'].flatMap((task) => [1, 2].map((trial) => makeRecord({ task, topology, trial, simulated, model, headline: topology === 'star' ? star + trial : 70 + trial }))))

describe('after a merge', () => {
  test('a complete real run: found through LATEST, copied for the report, compacted for the commit, outcome and summary written', async () => {
    const work = tempDir()
    const results = join(work, 'results')
    await merged(results, 'openai-20260105T080000Z-abc123', cases(false, 'gpt-x', 80))
    const root = join(work, 'outcomes')
    mkdirSync(join(root, 'models', 'gpt-x'), { recursive: true })
    writeFileSync(join(root, 'models', 'gpt-x', 'gate-skip.txt'), 'no baseline for gpt-x yet\n')
    const { outcome, runFile } = await mergeOutcome({ model: 'gpt-x', slug: 'gpt-x', resultsDir: results, root, policy: 'auto', tierOf, simulated: false })
    expect(runFile).toBe(join(results, 'openai-20260105T080000Z-abc123.json'))
    expect(outcome).toMatchObject({ status: 'complete', committable: true, fail: false, gate: { verdict: 'SKIP', note: 'no baseline for gpt-x yet' } })
    const committed = join(root, 'commit', 'results', 'runs', 'openai-20260105T080000Z-abc123.json.br')
    expect(openRun(committed).run.runId).toBe('openai-20260105T080000Z-abc123')
    expect(existsSync(join(root, 'models', 'gpt-x', 'run', 'openai-20260105T080000Z-abc123.records.jsonl.gz'))).toBe(true)
    expect(JSON.parse(readFileSync(join(root, 'models', 'gpt-x', 'outcome.json'), 'utf8')).committable).toBe(true)
    expect(readFileSync(join(root, 'models', 'gpt-x', 'summary.md'), 'utf8')).toContain('## ✅ gpt-x')
  })

  test('a real run whose gate did not run at all fails the job; a simulated run is never compacted', async () => {
    const work = tempDir()
    await merged(join(work, 'real'), 'openai-1', cases(false, 'gpt-x', 80))
    const real = await mergeOutcome({ model: 'gpt-x', slug: 'gpt-x', resultsDir: join(work, 'real'), root: join(work, 'o1'), policy: 'auto', tierOf, simulated: false })
    expect(real.outcome).toMatchObject({ fail: true, failReasons: ['the regression gate did not run'] })
    await merged(join(work, 'sim'), 'sim-1', cases(true, 'sim-strong', 80))
    const sim = await mergeOutcome({ model: 'sim-strong', slug: 'sim-strong', resultsDir: join(work, 'sim'), root: join(work, 'o2'), policy: 'auto', tierOf, simulated: true })
    expect(sim.outcome).toMatchObject({ simulated: true, committable: false, fail: false })
    expect(existsSync(join(work, 'o2', 'commit'))).toBe(false)
  })

  test("a real run the gate could not compare with its baseline fails the job with the gate's own message", async () => {
    const work = tempDir()
    await merged(join(work, 'real'), 'openai-1', cases(false, 'gpt-x', 80))
    const root = join(work, 'o')
    mkdirSync(join(root, 'models', 'gpt-x'), { recursive: true })
    writeFileSync(join(root, 'models', 'gpt-x', 'gate-error.txt'), 'orgbench gate: no row could be compared: the baseline has no task of this run\n')
    const { outcome, summary } = await mergeOutcome({ model: 'gpt-x', slug: 'gpt-x', resultsDir: join(work, 'real'), root, policy: 'auto', tierOf, simulated: false })
    const why = 'the gate could not compare: no row could be compared: the baseline has no task of this run'
    expect(outcome).toMatchObject({ fail: true, failReasons: [why], gate: { verdict: 'SKIP', note: why } })
    expect(summary).toContain(why)
  })

  test('no LATEST: no run, and the job fails; a real run is never labelled simulated for leaving nothing', async () => {
    const work = tempDir()
    const { outcome, runFile } = await mergeOutcome({ model: 'm', slug: 'm', resultsDir: join(work, 'empty'), root: join(work, 'o'), policy: 'auto', tierOf, simulated: false })
    expect(runFile).toBeNull()
    expect(outcome).toMatchObject({ status: 'missing', fail: true, simulated: false })
    const sim = await mergeOutcome({ model: 'sim-strong', slug: 'sim-strong', resultsDir: join(work, 'empty'), root: join(work, 'o2'), policy: 'auto', tierOf, simulated: true })
    expect(sim.outcome).toMatchObject({ status: 'missing', simulated: true })
  })
})

describe('collecting every model', () => {
  test('the overview compares the models, and the decisions follow the outcomes; a model without an outcome fails', async () => {
    const work = tempDir()
    const root = join(work, 'outcomes')
    for (const [model, star] of [['strong', 81], ['weak', 95]] as const) {
      await merged(join(work, model), `openai-${model}`, cases(false, model, star))
      mkdirSync(join(root, 'models', model), { recursive: true })
      writeFileSync(join(root, 'models', model, 'gate-skip.txt'), 'no baseline yet\n')
      await mergeOutcome({ model, slug: model, resultsDir: join(work, model), root, policy: 'auto', tierOf, simulated: false })
    }
    const c = collectOutcomes(root, [{ model: 'strong', slug: 'strong' }, { model: 'weak', slug: 'weak' }], { links: [], policy: 'auto', notes: [], simulated: false })
    expect(c.outcomes.map((x) => x.model)).toEqual(['strong', 'weak'])
    expect(c.overview).toContain('## Does organisation help a weaker model more?')
    expect(c.overview).toContain('| topology | strong: Δ vs single [95% CI] | weak: Δ vs single [95% CI] | weak − strong [95% CI] |')
    expect(c.overview).toMatch(/\| star \| \+11\.0 .* \| \+25\.0 .* \| \+14\.0 \(too few tasks \(2\) for an interval\) \|/)
    expect({ notify: c.notify, commit: c.commit, deploy: c.deploy }).toEqual({ notify: false, commit: true, deploy: true })
    expect(c.fail).toBe(false)
    const missing = collectOutcomes(root, [{ model: 'strong', slug: 'strong' }, { model: 'third', slug: 'third' }], { links: [], policy: 'auto', notes: [], simulated: false })
    expect(missing.outcomes.find((x) => x.slug === 'third')).toMatchObject({ status: 'missing', fail: true })
  })

  test('a real run whose merges left nothing reads as real, not as the simulator ("no endpoint configured")', () => {
    const root = tempDir()
    const real = collectOutcomes(root, [{ model: 'gpt-4.1', slug: 'gpt-4.1' }], { links: [], policy: 'auto', notes: [], simulated: false })
    expect(real.outcomes[0]).toMatchObject({ status: 'missing', simulated: false, fail: true })
    expect(real.overview).not.toContain('SIMULATED')
    expect(real.overview).toContain('| gpt-4.1 | – | missing | SKIP | 0 / 0 | no (missing) | ❌ its merge job left no outcome |')
    const sim = collectOutcomes(root, [{ model: 'sim-strong', slug: 'sim-strong' }], { links: [], policy: 'auto', notes: [], simulated: true })
    expect(sim.overview).toContain('**SIMULATED**')
    expect(sim.overview).toContain('| no (simulated) |')
  })
})

describe('baselines per model', () => {
  test("a model's own baseline first; the old single baseline only for the model it was made of", async () => {
    const root = tempDir()
    expect(findBaseline(root, 'gpt-x')).toEqual({ path: null, note: expect.stringContaining('no baseline for gpt-x yet') })
    await writeRunFixture(join(root, 'baseline.json'), cases(false, 'gpt-x', 80), { simulated: false, model: 'gpt-x' })
    expect(findBaseline(root, 'gpt-x').path).toBe(join(root, 'baseline.json'))
    expect(findBaseline(root, 'other').note).toContain(`${join(root, 'baseline.json')} is of gpt-x`)
    mkdirSync(join(root, 'baselines'))
    writeFileSync(baselineFile(root, 'gpt-x'), '')
    expect(findBaseline(root, 'gpt-x').path).toBe(join(root, 'baselines', 'gpt-x.json.br'))
  })
})
