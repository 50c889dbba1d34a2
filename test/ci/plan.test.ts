import { describe, expect, test } from 'vitest'
import { buildPlan, modelSlug, parseModels, parseShards, projectArgs } from '../../lib/ci/plan.js'
import { UserError } from '../../lib/errors.js'

const files = { enterprise: 8, finance: 1, general: 2, hard: 7 }
const input = { tracks: 'enterprise,finance,general,hard', models: '', shards: '4', judgeModel: '', endpoint: true, learning: true, topologies: '', files }

describe('the weekly plan', () => {
  test('every agent model is a matrix dimension beside the shards: models × shards legs', () => {
    const plan = buildPlan({ ...input, models: 'gpt-4.1, openai/gpt-4.1-mini', shards: '2' })
    expect(plan.matrix.include).toEqual([
      { model: 'gpt-4.1', slug: 'gpt-4.1', shard: 1, shards: 2, learning: true },
      { model: 'gpt-4.1', slug: 'gpt-4.1', shard: 2, shards: 2, learning: true },
      { model: 'openai/gpt-4.1-mini', slug: 'openai-gpt-4.1-mini', shard: 1, shards: 2, learning: false },
      { model: 'openai/gpt-4.1-mini', slug: 'openai-gpt-4.1-mini', shard: 2, shards: 2, learning: false },
    ])
    expect(plan.models.map((m) => m.slug)).toEqual(['gpt-4.1', 'openai-gpt-4.1-mini'])
    expect(plan.simulated).toBe(false)
  })
  test('tracks become --project arguments; the hard tier is a track', () => {
    expect(projectArgs('enterprise, hard')).toEqual(['--project', 'enterprise', '--project', 'hard'])
    expect(() => projectArgs('enterprize')).toThrow('input tracks: unknown track "enterprize" (expected enterprise, finance, general, hard)')
    expect(() => projectArgs(' , ')).toThrow(UserError)
  })
  test('no model given: refused with an endpoint (no provider preset has a default model); the simulator runs sim-strong', () => {
    expect(parseModels(' \n ')).toEqual([''])
    expect(() => buildPlan(input)).toThrow('input models: no agent model: set the input models, or the variable ORGBENCH_MODELS or ORGBENCH_MODEL (no provider preset has a default model)')
    expect(buildPlan({ ...input, endpoint: false }).models).toEqual([{ model: 'sim-strong', slug: 'sim-strong' }])
  })
  test('models separated by commas, spaces or lines, without repeats', () => {
    expect(parseModels('a,b\nc  a')).toEqual(['a', 'b', 'c'])
  })
  test('slugs are safe in artifact and branch names, and two models with one slug are refused', () => {
    expect(modelSlug('Meta/Llama-3.1 70B:instruct')).toBe('meta-llama-3.1-70b-instruct')
    expect(() => buildPlan({ ...input, models: 'a/b a:b' })).toThrow('input models: "a/b" and "a:b" have the same name in file and artifact names (a-b)')
  })
  test('shards: a whole number from 1 to 32', () => {
    expect(parseShards(' 3 ')).toBe(3)
    for (const bad of ['0', '33', '2.5', 'four', '']) expect(() => parseShards(bad)).toThrow('input shards: expected a whole number from 1 to 32')
  })
  test("never more shards than the tracks' benchmark files (Vitest refuses that): cut with a note", () => {
    const general = buildPlan({ ...input, models: 'm', tracks: 'general', shards: '4' })
    expect(general.shards).toBe(2)
    expect(general.matrix.include.map((l) => `${l.shard}/${l.shards}`)).toEqual(['1/2', '2/2'])
    expect(general.notes[0]).toBe('input shards: 4 asked for, but the selected tracks (general) have 2 benchmark file(s) and Vitest shards by file: 2 shard(s) per model')
    expect(buildPlan({ ...input, models: 'm', shards: '20' }).shards).toBe(18)
    const asked = buildPlan({ ...input, models: 'm', tracks: 'finance,general', shards: '3' })
    expect([asked.shards, asked.notes.filter((n) => n.startsWith('input shards'))]).toEqual([3, []])
    expect(() => buildPlan({ ...input, models: 'm', tracks: 'finance', files: { ...files, finance: 0 } })).toThrow('input tracks: the selected tracks (finance) have no benchmark file (benchmarks/<track>/*.test.ts)')
  })
  test("the learning job runs the first model beside its shards: that model's legs say so, for their share of its limits", () => {
    const plan = buildPlan({ ...input, models: 'a b', shards: '3' })
    expect(plan.matrix.include.map((l) => `${l.model}#${l.shard}:${l.learning}`)).toEqual(['a#1:true', 'a#2:true', 'a#3:true', 'b#1:false', 'b#2:false', 'b#3:false'])
    expect(plan.learning).toBe(true)
    expect(plan.notes).toEqual(['learning job: runs with a beside its 3 shard(s) and takes a share of its ORGBENCH_MAX_USD, ORGBENCH_RPM and ORGBENCH_TPM as one more shard (1/4 of the dollars); its repetitions are its ORGBENCH_LEARN_* settings, not input trials'])
  })
  test('a judge on its own endpoint needs a judge model: the plan refuses it without one, naming the input and the variable', () => {
    expect(() => buildPlan({ ...input, models: 'a', judgeEndpoint: true })).toThrow('input judge_model: the judge has an endpoint of its own (secret ORGBENCH_JUDGE_BASE_URL or ORGBENCH_JUDGE_PROVIDER): set the input judge_model or the variable ORGBENCH_JUDGE_MODEL')
    expect(buildPlan({ ...input, models: 'a', judgeEndpoint: true, judgeModel: 'j' }).judgeModel).toBe('j')
  })
  test('the learning job follows the inputs: not asked, a run without the enterprise track or topologies without its arms leave it out, and no shard gives it a share', () => {
    const cases = [
      [{ learning: false }, 'learning job: not run (input learning unticked)'],
      [{ tracks: 'general' }, 'learning job: not run (it learns enterprise tasks, and input tracks leaves out enterprise)'],
      [{ topologies: 'hrm, pipeline' }, 'learning job: not run (input topologies selects none of its arms, single, self_refine, star)'],
    ] as const
    for (const [change, note] of cases) {
      const plan = buildPlan({ ...input, models: 'a', shards: '1', ...change })
      expect(plan.learning).toBe(false)
      expect(plan.matrix.include.map((l) => l.learning)).toEqual([false])
      expect(plan.notes).toEqual([note])
    }
    const narrowed = buildPlan({ ...input, models: 'a', shards: '1', topologies: 'star,hrm' })
    expect(narrowed.learning).toBe(true)
    expect(narrowed.notes[0]).toContain('; input topologies narrows its arms, and then it writes no memory version')
  })
  test("models × shards above GitHub's 256 jobs per matrix are refused, naming both inputs", () => {
    const models = (n: number) => Array.from({ length: n }, (_, i) => `m${i + 1}`).join(' ')
    expect(buildPlan({ ...input, models: models(16), shards: '16' }).matrix.include).toHaveLength(256)
    expect(() => buildPlan({ ...input, models: models(15), shards: '18' })).toThrow('input models/shards: 15 models × 18 shards = 270 shard jobs; GitHub allows 256 jobs per matrix (run fewer models or shards)')
  })
  test('without an endpoint only the simulator models run, with a note, and a real judge is replaced', () => {
    const plan = buildPlan({ ...input, endpoint: false, models: 'gpt-4.1 sim-weak', judgeModel: 'claude-x' })
    expect(plan.simulated).toBe(true)
    expect(plan.models.map((m) => m.model)).toEqual(['sim-weak'])
    expect(plan.judgeModel).toBe('')
    expect(plan.notes).toEqual([
      'no endpoint configured: the simulator cannot run gpt-4.1; running only its own models',
      "no endpoint configured: judge claude-x replaced by the simulator's judge",
      'learning job: runs with sim-weak beside its 4 shard(s) and takes a share of its ORGBENCH_MAX_USD, ORGBENCH_RPM and ORGBENCH_TPM as one more shard (1/5 of the dollars); its repetitions are its ORGBENCH_LEARN_* settings, not input trials',
    ])
    expect(buildPlan({ ...input, endpoint: false, models: 'gpt-4.1' }).models.map((m) => m.model)).toEqual(['sim-strong'])
    expect(buildPlan({ ...input, endpoint: false }).models.map((m) => m.model)).toEqual(['sim-strong'])
  })
})
