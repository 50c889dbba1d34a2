import { UserError } from '../errors.js'
// The learning loop's arms: a topologies filter without any of them leaves it nothing to run.
import { DEFAULT_ARMS } from '../learning/arms.js'

/*
 * The weekly workflow's plan: which Vitest projects run, which agent models, how many shards, and
 * the job matrix (model × shard) the shard jobs fan out over. Pure; `orgbench ci plan` reads the
 * workflow's inputs from the environment and writes the result as step outputs.
 */

/** The tracks a weekly run can select; each is a Vitest project (`hard` is the hard tier). */
export const TRACKS = ['enterprise', 'finance', 'general', 'hard'] as const

/** The simulator's agent models; a run without an endpoint can only use these. */
export const SIM_MODELS = ['sim-strong', 'sim-medium', 'sim-weak'] as const

/**
 * The track whose tasks the learning loop learns (benchmarks/learning/: the enterprise execution
 * tasks): the learning job runs only when a run selects it.
 */
export const LEARNING_TRACK = 'enterprise'


/** At most this many shards per model (GitHub allows 256 jobs per matrix). */
export const MAX_SHARDS = 32

/** GitHub refuses a matrix of more jobs than this: the shard jobs of every model together. */
export const MAX_MATRIX_JOBS = 256

/** One model of the run and the name its artifacts and results carry. */
export interface PlannedModel {
  /** The model id as the endpoint knows it ("" would leave ORGBENCH_MODEL unset; the plan never asks for that). */
  model: string
  /** Letters, digits, dots and single dashes: safe in artifact names, branch names and paths. */
  slug: string
}

/** One shard job. */
export interface MatrixLeg extends PlannedModel {
  shard: number
  shards: number
  /** The learning job runs this model (the first) beside its shards, sharing its limits as one more shard. */
  learning: boolean
}

export interface Plan {
  /** `--project` arguments for Vitest, e.g. ["--project", "enterprise", "--project", "hard"]. */
  projects: string[]
  models: PlannedModel[]
  shards: number
  /** The shard jobs' matrix (`strategy.matrix: ${{ fromJSON(...) }}`). */
  matrix: { include: MatrixLeg[] }
  /** No endpoint configured: the embedded simulator runs, and nothing is committed. */
  simulated: boolean
  /** The judge model for every shard ("" for the configuration's default). */
  judgeModel: string
  /** Whether the learning job runs (see `learningJob`). */
  learning: boolean
  /** What the plan changed or assumed, for the job summary. */
  notes: string[]
}

export interface PlanInput {
  /** Comma-separated tracks (input `tracks`). */
  tracks: string
  /** Model ids separated by commas, spaces or new lines (input `models`, else variable ORGBENCH_MODELS or ORGBENCH_MODEL). */
  models: string
  /** Shards per model (input `shards`). */
  shards: string
  judgeModel: string
  /** Whether the judge has an endpoint of its own (secret ORGBENCH_JUDGE_BASE_URL or ORGBENCH_JUDGE_PROVIDER is set). */
  judgeEndpoint?: boolean
  /** Whether an endpoint is configured (secret ORGBENCH_BASE_URL or ORGBENCH_PROVIDER is set). */
  endpoint: boolean
  /** Whether the learning job is asked for: every scheduled run; a run by hand only with the input learning ticked. */
  learning: boolean
  /** Comma-separated topology ids (input `topologies`; "" for every topology). */
  topologies: string
  /** Benchmark files per track (benchmarks/<track>/*.test.ts): Vitest shards by file and refuses more shards than files. */
  files: Readonly<Record<string, number>>
}

/** The `--project` arguments for a comma-separated list of tracks; an unknown track is a UserError naming it. */
export function projectArgs(tracks: string): string[] {
  const names = [...new Set(tracks.split(',').map((t) => t.trim()).filter((t) => t !== ''))]
  if (names.length === 0) throw new UserError(`input tracks: expected one or more of ${TRACKS.join(', ')}, got nothing`)
  for (const n of names) {
    if (!(TRACKS as readonly string[]).includes(n)) throw new UserError(`input tracks: unknown track "${n}" (expected ${TRACKS.join(', ')})`)
  }
  return names.flatMap((n) => ['--project', n])
}

/** The slug of a model id: "openai/gpt-4.1-mini" → "openai-gpt-4.1-mini"; "" → "default". */
export function modelSlug(model: string): string {
  const slug = model
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
  return slug === '' ? 'default' : slug.slice(0, 60)
}

/** Model ids from a list separated by commas, spaces or new lines, in order, without repeats; [""] when empty. */
export function parseModels(text: string): string[] {
  const ids = [...new Set(text.split(/[\s,]+/).filter((m) => m !== ''))]
  return ids.length > 0 ? ids : ['']
}

/** Shards per model from the input; a UserError names the input when it is not a whole number from 1 to MAX_SHARDS. */
export function parseShards(text: string): number {
  const n = Number(text.trim())
  if (!/^\d+$/.test(text.trim()) || n < 1 || n > MAX_SHARDS) throw new UserError(`input shards: expected a whole number from 1 to ${MAX_SHARDS}, got ${JSON.stringify(text)}`)
  return n
}

/** The shards per model: as asked, but never more than the tracks' benchmark files (Vitest refuses that), with a note when cut. */
function shardsForFiles(asked: number, tracks: readonly string[], files: PlanInput['files'], notes: string[]): number {
  const count = tracks.reduce((n, t) => n + (files[t] ?? 0), 0)
  if (count === 0) throw new UserError(`input tracks: the selected tracks (${tracks.join(', ')}) have no benchmark file (benchmarks/<track>/*.test.ts)`)
  if (asked <= count) return asked
  notes.push(`input shards: ${asked} asked for, but the selected tracks (${tracks.join(', ')}) have ${count} benchmark file(s) and Vitest shards by file: ${count} shard(s) per model`)
  return count
}

/** Whether the learning job runs, and why not when it does not. */
export function learningJob(asked: boolean, tracks: readonly string[], topologies: string): { runs: boolean; why: string } {
  if (!asked) return { runs: false, why: 'learning job: not run (input learning unticked)' }
  if (!tracks.includes(LEARNING_TRACK)) return { runs: false, why: `learning job: not run (it learns ${LEARNING_TRACK} tasks, and input tracks leaves out ${LEARNING_TRACK})` }
  const selected = topologies.split(',').map((t) => t.trim()).filter((t) => t !== '')
  if (selected.length > 0 && !DEFAULT_ARMS.some((a) => selected.includes(a))) return { runs: false, why: `learning job: not run (input topologies selects none of its arms, ${DEFAULT_ARMS.join(', ')})` }
  return { runs: true, why: '' }
}

/** Builds the plan; every problem with an input is a UserError naming it. */
export function buildPlan(input: PlanInput): Plan {
  const projects = projectArgs(input.tracks)
  const notes: string[] = []
  const shards = shardsForFiles(parseShards(input.shards), projects.filter((p) => p !== '--project'), input.files, notes)
  let ids = parseModels(input.models)
  // Only the simulator's preset has a default model: a real endpoint without one fails every shard's configuration.
  if (input.endpoint && ids.join() === '') throw new UserError('input models: no agent model: set the input models, or the variable ORGBENCH_MODELS or ORGBENCH_MODEL (no provider preset has a default model)')
  let judgeModel = input.judgeModel.trim()
  // As the configuration: the agents' model would be sent to the judge's endpoint, which serves another family.
  if (input.judgeEndpoint && judgeModel === '') throw new UserError('input judge_model: the judge has an endpoint of its own (secret ORGBENCH_JUDGE_BASE_URL or ORGBENCH_JUDGE_PROVIDER): set the input judge_model or the variable ORGBENCH_JUDGE_MODEL')
  if (!input.endpoint) {
    const sim = ids.filter((m) => (SIM_MODELS as readonly string[]).includes(m))
    if (sim.length < ids.length) {
      const dropped = ids.filter((m) => m !== '' && !sim.includes(m))
      if (dropped.length > 0) notes.push(`no endpoint configured: the simulator cannot run ${dropped.join(', ')}; ${sim.length > 0 ? 'running only its own models' : 'running sim-strong instead'}`)
    }
    ids = sim.length > 0 ? sim : ['sim-strong']
    if (judgeModel !== '' && !judgeModel.startsWith('sim-')) notes.push(`no endpoint configured: judge ${judgeModel} replaced by the simulator's judge`)
    if (!judgeModel.startsWith('sim-')) judgeModel = ''
  }
  const models = ids.map((model) => ({ model, slug: modelSlug(model) }))
  const seen = new Map<string, string>()
  for (const m of models) {
    const other = seen.get(m.slug)
    if (other !== undefined) throw new UserError(`input models: "${other}" and "${m.model}" have the same name in file and artifact names (${m.slug}); list only one of them`)
    seen.set(m.slug, m.model)
  }
  const learning = learningJob(input.learning, projects.filter((p) => p !== '--project'), input.topologies)
  const include = models.flatMap((m, mi) => Array.from({ length: shards }, (_, i) => ({ ...m, shard: i + 1, shards, learning: learning.runs && mi === 0 })))
  if (include.length > MAX_MATRIX_JOBS) throw new UserError(`input models/shards: ${models.length} models × ${shards} shards = ${include.length} shard jobs; GitHub allows ${MAX_MATRIX_JOBS} jobs per matrix (run fewer models or shards)`)
  if (learning.runs) {
    const narrowed = input.topologies.trim() !== '' ? `; input topologies narrows its arms, and then it writes no memory version` : ''
    notes.push(`learning job: runs with ${models[0]!.model} beside its ${shards} shard(s) and takes a share of its ORGBENCH_MAX_USD, ORGBENCH_RPM and ORGBENCH_TPM as one more shard (1/${shards + 1} of the dollars); its repetitions are its ORGBENCH_LEARN_* settings, not input trials${narrowed}`)
  } else notes.push(learning.why)
  return { projects, models, shards, matrix: { include }, simulated: !input.endpoint, judgeModel, learning: learning.runs, notes }
}
