import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { z } from 'zod'
import { estimateTokens } from '../text.js'
import { type CategorySpec, mergeCategories } from './categories.js'
import { DiffError } from './diff.js'
import { STRUCTURED_KINDS, type TaskTruth, type TruthContext } from './kinds/index.js'

export type { TaskTruth }
import { renderInput } from './render.js'
import { TaskDefinition, type TaskInput, Track } from './schema.js'
import { leakingPhrases, truthPhrases } from './neutrality.js'
import { UserError } from '../errors.js'

export interface ResolvedInput extends TaskInput {
  /** The fixture, verbatim. */
  content: string
  /** What agents see: the verbatim content, for diffs with a new-file line-number gutter. */
  rendered: string
  tokens: number
}

export interface Task extends TaskDefinition {
  /** Definition file, relative to the project root. */
  file: string
  resolvedInputs: ResolvedInput[]
  truth: TaskTruth | null
  /** Every category findings may be filed under: the kind's defaults, then the task's own. Empty for markdown tasks. */
  categories: CategorySpec[]
}

export class TaskRegistryError extends UserError {
  constructor(readonly problems: string[]) {
    super(`Task registry is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'TaskRegistryError'
  }
}

export interface Registry {
  tasks: Task[]
  get(id: string): Task
  byTrack(track: Track): Task[]
}

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

export interface RegistryOptions {
  /** Folder holding <track>/<task>.ts definition files. */
  definitionsDir?: string
  fixturesDir?: string
  /** Paths in messages are shown relative to this folder. */
  root?: string
}

const cache = new Map<string, Promise<Registry>>()

/** The validated registry, loaded once per process and set of folders. */
export function loadRegistry(options: RegistryOptions = {}): Promise<Registry> {
  const key = JSON.stringify(options)
  let loaded = cache.get(key)
  if (!loaded) {
    loaded = buildRegistry(options)
    cache.set(key, loaded)
    loaded.catch(() => cache.delete(key))
  }
  return loaded
}

/**
 * Loads every task definition and its fixtures and validates all of it before any model is called.
 * Every problem names the file, the field and what was expected; all problems are reported at once.
 */
async function buildRegistry(options: RegistryOptions): Promise<Registry> {
  const root = options.root ?? PROJECT_ROOT
  const definitionsDir = options.definitionsDir ?? join(root, 'lib', 'tasks', 'definitions')
  const fixturesDir = options.fixturesDir ?? join(root, 'fixtures')
  const rel = (p: string) => relative(root, p).split(sep).join('/')
  const problems: string[] = []
  const tasks: Task[] = []
  const seen = new Map<string, string>()

  for (const file of listDefinitionFiles(definitionsDir)) {
    const where = rel(file)
    let exported: unknown
    try {
      exported = ((await import(pathToFileURL(file).href)) as { default?: unknown }).default
    } catch (e) {
      problems.push(`${where}: could not be loaded: ${(e as Error).message}`)
      continue
    }
    if (exported === undefined) {
      problems.push(`${where}: expected a default export made with defineTask({...})`)
      continue
    }
    const parsed = TaskDefinition.safeParse(exported)
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${where}: field ${issue.path.join('.') || '(root)'}: ${issue.message}`)
      continue
    }
    const def = parsed.data
    const folder = rel(dirname(file)).split('/').pop()
    if (folder !== def.track) problems.push(`${where}: field track: expected "${folder}" (the folder it lives in), got "${def.track}"`)
    const previous = seen.get(def.id)
    if (previous) {
      problems.push(`${where}: field id: duplicate task id "${def.id}" (also defined in ${previous})`)
      continue
    }
    seen.set(def.id, where)

    const before = problems.length
    const resolvedInputs: ResolvedInput[] = []
    def.inputs.forEach((input, i) => {
      const path = resolve(fixturesDir, input.path)
      if (!path.startsWith(fixturesDir + sep)) {
        problems.push(`${where}: field inputs.${i}.path: expected a path inside fixtures/, got "${input.path}"`)
        return
      }
      if (!existsSync(path) || !statSync(path).isFile()) {
        problems.push(`${where}: field inputs.${i}.path: fixture ${rel(path)} does not exist`)
        return
      }
      const content = readFileSync(path, 'utf8')
      let rendered: string
      try {
        rendered = renderInput(input.format, content)
      } catch (e) {
        if (!(e instanceof DiffError)) throw e
        problems.push(`${rel(path)}: ${e.within(input.id)}`)
        return
      }
      resolvedInputs.push({ ...input, content, rendered, tokens: estimateTokens(rendered) })
    })

    const categories = def.deliverable === 'markdown' ? [] : mergeCategories(STRUCTURED_KINDS[def.deliverable].categories, def.categories)
    def.categories.forEach((c, i) => {
      if (def.deliverable !== 'markdown' && STRUCTURED_KINDS[def.deliverable].categories.some((d) => d.id === c.id)) {
        problems.push(`${where}: field categories.${i}.id: "${c.id}" is already a ${def.deliverable} category; add only new ones`)
      }
    })
    let truth: TaskTruth | null = null
    if (def.groundTruth !== undefined && problems.length === before) {
      const truthPath = resolve(fixturesDir, def.groundTruth)
      truth = readTruth(def.deliverable, truthPath, rel(truthPath), where, resolvedInputs, new Set(categories.map((c) => c.id)), problems)
    }
    if (truth) {
      const phrases = truthPhrases(truth)
      const exposed: Array<[string, string]> = [
        ...def.inputs.flatMap((inp, i): Array<[string, string]> => [
          [`inputs.${i}.id`, inp.id],
          [`inputs.${i}.path`, inp.path],
          [`inputs.${i}.label`, inp.label],
        ]),
        ...def.roles.map((r, i): [string, string] => [`roles.${i}.focus`, r.focus]),
        ...resolvedInputs
          .filter((inp) => inp.format === 'diff')
          .flatMap((inp) => [...inp.content.matchAll(/^\+\+\+ b\/(.+)$/gm)].map((m): [string, string] => [`inputs(${inp.id}) file path`, m[1]!])),
      ]
      for (const [field, text] of exposed) {
        const leaked = leakingPhrases(text, phrases)
        if (leaked.length > 0) problems.push(`${where}: field ${field}: reveals the ground truth ("${leaked.join('", "')}"); expected neutral wording`)
      }
    }
    if (problems.length === before) tasks.push({ ...def, file: where, resolvedInputs, truth, categories })
  }

  if (problems.length > 0) throw new TaskRegistryError(problems)
  tasks.sort((a, b) => a.id.localeCompare(b.id))
  return {
    tasks,
    get(id) {
      const task = tasks.find((t) => t.id === id)
      if (!task) throw new Error(`unknown task "${id}"; known tasks: ${tasks.map((t) => t.id).join(', ')}`)
      return task
    },
    byTrack(track) {
      return tasks.filter((t) => t.track === track)
    },
  }
}

function listDefinitionFiles(dir: string): string[] {
  if (!existsSync(dir)) return []
  return Track.options
    .flatMap((track) => {
      const folder = join(dir, track)
      if (!existsSync(folder)) return []
      return readdirSync(folder)
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
        .map((f) => join(folder, f))
    })
    .sort()
}

function readTruth(
  kind: TaskDefinition['deliverable'],
  path: string,
  shown: string,
  where: string,
  inputs: ResolvedInput[],
  categories: ReadonlySet<string>,
  problems: string[],
): TaskTruth | null {
  if (kind === 'markdown') {
    problems.push(`${where}: field groundTruth: a markdown deliverable has no ground-truth scorer; remove groundTruth or use a structured deliverable`)
    return null
  }
  if (!existsSync(path)) {
    problems.push(`${where}: field groundTruth: file ${shown} does not exist`)
    return null
  }
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'))
  } catch (e) {
    problems.push(`${shown}: expected valid JSON: ${(e as Error).message}`)
    return null
  }
  const spec = STRUCTURED_KINDS[kind]
  const parsed = (spec.truth as z.ZodType).safeParse(raw)
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${shown}: field ${issue.path.join('.') || '(root)'}: ${issue.message}`)
    return null
  }
  const context: TruthContext = { inputs: new Map(inputs.map((i) => [i.id, i.content])), formats: new Map(inputs.map((i) => [i.id, i.format])), categories }
  const check = spec.check as (truth: unknown, context: TruthContext) => Array<{ field: string; message: string }>
  const crossProblems = check(parsed.data, context)
  for (const p of crossProblems) problems.push(`${shown}: field ${p.field}: ${p.message}`)
  return crossProblems.length > 0 ? null : ({ kind, data: parsed.data } as TaskTruth)
}
