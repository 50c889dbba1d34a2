import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeEach, describe, expect, test, vi } from 'vitest'
import { openRun } from '../../../lib/results/read.js'
import { makeRecord, writeRunFixture } from '../../results/fixtures.js'
import { cli } from '../../support/cli.js'
import { tempDir } from '../../support/temp.js'

// The steps write GitHub step outputs and the job summary: here into files of the test, never the runner's own.
let outputs: string
beforeEach(() => {
  const dir = tempDir()
  outputs = join(dir, 'output')
  writeFileSync(outputs, '')
  vi.stubEnv('GITHUB_OUTPUT', outputs)
  vi.stubEnv('GITHUB_STEP_SUMMARY', join(dir, 'summary.md'))
  return () => vi.unstubAllEnvs()
})
const written = () => Object.fromEntries(readFileSync(outputs, 'utf8').trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]))

describe('orgbench ci plan', () => {
  test('writes the shard matrix and the projects as step outputs and says what will run', async () => {
    const r = await cli('ci', 'plan', '--tracks', 'general,hard', '--models', 'sim-weak', '--shards', '2')
    const learning = 'learning job: not run (it learns enterprise tasks, and input tracks leaves out enterprise)'
    expect(r).toEqual({ code: 0, out: `simulated (no endpoint) · sim-weak · 2 shard(s) each · general, hard\nnote: ${learning}`, err: '' })
    const out = written()
    expect(out).toMatchObject({ projects: '--project general --project hard', shards: '2', simulated: 'true', learning: 'false', notes: learning })
    expect(JSON.parse(out.matrix!).include.map((s: { model: string; shard: number }) => `${s.model}#${s.shard}`)).toEqual(['sim-weak#1', 'sim-weak#2'])
  })

  test('runs the learning job when the tracks include enterprise, unless it is not asked for', async () => {
    const r = await cli('ci', 'plan', '--tracks', 'enterprise', '--models', 'sim-weak', '--shards', '2', '--topologies', 'star')
    expect(r.out.split('\n')[1]).toBe('note: learning job: runs with sim-weak beside its 2 shard(s) and takes a share of its ORGBENCH_MAX_USD, ORGBENCH_RPM and ORGBENCH_TPM as one more shard (1/3 of the dollars); its repetitions are its ORGBENCH_LEARN_* settings, not input trials; input topologies narrows its arms, and then it writes no memory version')
    expect(written().learning).toBe('true')
    await cli('ci', 'plan', '--tracks', 'enterprise', '--learning', 'false')
    expect(written().learning).toBe('false')
  })

  test("asks for no more shards than the selected tracks' benchmark files in the repository, and says so", async () => {
    const r = await cli('ci', 'plan', '--tracks', 'general', '--shards', '4')
    expect(r.out.split('\n').slice(0, 2)).toEqual(['simulated (no endpoint) · sim-strong · 2 shard(s) each · general', 'note: input shards: 4 asked for, but the selected tracks (general) have 2 benchmark file(s) and Vitest shards by file: 2 shard(s) per model'])
    expect(written().shards).toBe('2')
  })

  test('prints each note of the plan; a bad input is refused with the input named, exit 2', async () => {
    expect((await cli('ci', 'plan', '--models', 'gpt-x', '--shards', '1')).out.split('\n')[1]).toBe('note: no endpoint configured: the simulator cannot run gpt-x; running sim-strong instead')
    const bad = await cli('ci', 'plan', '--shards', 'four')
    expect(bad.code).toBe(2)
    expect(bad.err).toBe('orgbench ci plan: input shards: expected a whole number from 1 to 32, got "four"')
  })
})

describe('orgbench ci baseline', () => {
  test('without a baseline: an empty path and the note why; --target: where a new one goes', async () => {
    const results = tempDir()
    const none = await cli('ci', 'baseline', '--model', 'gpt-x', '--results', results)
    expect(none.code).toBe(0)
    expect(none.out).toMatch(/^no baseline for gpt-x yet/)
    expect(written()).toEqual({ path: '', note: none.out })
    const target = await cli('ci', 'baseline', '--model', 'gpt-x', '--results', results, '--target')
    expect(target.out).toBe(join(results, 'baselines', 'gpt-x.json.br'))
  })
})

describe('orgbench ci compact', () => {
  test('writes the run compacted and reads it back: the same records', async () => {
    const dir = tempDir()
    await writeRunFixture(join(dir, 'run.json'), [1, 2, 3].map((trial) => makeRecord({ trial })))
    const r = await cli('ci', 'compact', join(dir, 'run.json'), '--out', join(dir, 'out', 'run.json.br'))
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/: \d+ bytes; .*\.records\.jsonl\.br: \d+ bytes \(3 records\)$/)
    const handle = openRun(join(dir, 'out', 'run.json.br'))
    const trials: number[] = []
    for await (const rec of handle.records()) trials.push(rec.trial)
    expect(trials.sort()).toEqual([1, 2, 3])
  })
})

describe('orgbench ci collect', () => {
  test('refuses a link without a label and models that are not the plan\'s JSON, naming the flag, before writing anything', async () => {
    const root = tempDir()
    const link = await cli('ci', 'collect', '--root', root, '--simulated', 'false', '--models', '[]', '--link', 'https://example.invalid')
    expect([link.code, link.err]).toEqual([2, 'orgbench ci collect: --link: expected label=url, got "https://example.invalid"'])
    expect((await cli('ci', 'collect', '--root', root, '--simulated', 'false', '--models', '[]', '--link', '=https://example.invalid')).err).toBe('orgbench ci collect: --link: expected label=url, got "=https://example.invalid"')
    const models = await cli('ci', 'collect', '--root', root, '--simulated', 'false', '--models', '{"model": "x"')
    expect([models.code, models.err]).toEqual([2, 'orgbench ci collect: --models: expected the plan\'s JSON list of {model, slug}, got "{\\"model\\": \\"x\\""'])
    const shape = await cli('ci', 'collect', '--root', root, '--simulated', 'false', '--models', '[{"model": "x"}]')
    expect([shape.code, shape.err]).toEqual([2, 'orgbench ci collect: --models: expected the plan\'s JSON list of {model, slug}'])
    expect(existsSync(join(root, 'overview.md'))).toBe(false)
    expect(readFileSync(outputs, 'utf8')).toBe('')
  })

  test("is told by the plan whether the simulator ran, so that a real model whose merge left nothing is not labelled simulated", async () => {
    const root = tempDir()
    expect((await cli('ci', 'collect', '--root', root, '--models', '[]')).err.split('\n')[0]).toBe("orgbench ci collect: required option '--simulated <yes>' not specified")
    const r = await cli('ci', 'collect', '--root', root, '--simulated', 'false', '--models', '[{"model":"gpt-4.1","slug":"gpt-4.1"}]', '--notes', '', '--policy', 'auto')
    expect(r.out).not.toContain('SIMULATED')
    expect(r.out).toContain('| gpt-4.1 | – | missing | SKIP | 0 / 0 | no (missing) | ❌ its merge job left no outcome |')
  })
})

describe('orgbench ci local', () => {
  test('refuses a --work folder that holds anything, exit 2, and leaves it as it was', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'notes.txt'), 'important')
    const r = await cli('ci', 'local', '--work', dir)
    expect([r.code, r.err]).toEqual([2, `orgbench ci local: --work ${dir}: folder not empty; expected a new or empty folder (ci local fills it with clones, artifacts and logs, and removes only a folder it created)`])
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('important')
  })

  test('refuses a --work file, exit 2, and leaves it as it was', async () => {
    const file = join(tempDir(), 'victim.txt')
    writeFileSync(file, 'keep')
    const r = await cli('ci', 'local', '--work', file)
    expect([r.code, r.err]).toEqual([2, `orgbench ci local: --work ${file}: is a file; expected a new or empty folder (ci local fills it with clones, artifacts and logs, and removes only a folder it created)`])
    expect(readFileSync(file, 'utf8')).toBe('keep')
  })

  test("refuses an --input that benchmark.yml does not declare, or one without a value, before any job runs, exit 2", async () => {
    const work = join(tempDir(), 'work')
    const misspelt = await cli('ci', 'local', '--work', work, '--input', 'trails=1')
    expect([misspelt.code, misspelt.err]).toEqual([2, 'orgbench ci local: --input trails: .github/workflows/benchmark.yml has no input "trails" (did you mean trials?); its inputs: tracks, topologies, trials, models, judge_model, shards, learning, update_baseline'])
    expect((await cli('ci', 'local', '--work', work, '--input', 'foo=bar')).err).toMatch(/^orgbench ci local: --input foo: \.github\/workflows\/benchmark\.yml has no input "foo"; its inputs: /)
    expect((await cli('ci', 'local', '--work', work, '--input', 'trials')).err).toMatch(/^orgbench ci local: --input "trials": expected name=value, e.g. --input trials=1/)
    expect(existsSync(work)).toBe(false)
  })

  test('--help says which working folder is removed', async () => {
    const help = (await cli('ci', 'local', '--help')).out.replace(/\s+/g, ' ')
    expect(help).toContain('--work <dir> working folder: a new or empty folder (default: a new temporary folder); removed at the end, unless --keep, only when this command created it (a folder that existed before is never removed)')
  })
})

describe('orgbench ci --help', () => {
  test('names every step it has', async () => {
    const r = await cli('ci', '--help')
    const summary = r.out.split('Options:')[0]!.replace(/\s+/g, ' ')
    for (const step of ['plan', 'sizing', 'limits', 'baseline', 'outcome', 'compact', 'collect', 'local']) expect(summary).toMatch(new RegExp(`\\b${step}\\b`))
  })
})
