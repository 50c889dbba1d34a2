import { createHash } from 'node:crypto'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { z } from 'zod'
import { issueText } from '../zod-issues.js'
import { closestMatch, estimateTokens } from '../text.js'
import { type CategorySpec, mergeCategories } from './categories.js'
import { importDefinition } from './definition-import.js'
import { listDefinitionFiles, placementProblem } from './definition-files.js'
import { benchmarkFileProblems, designReferenceProblems, fileNameProblems } from './readiness.js'
import { briefLayoutProblems } from './brief-layout.js'
import { calibrationFileProblems } from './calibration-file.js'
import { DiffError } from './diff.js'
import { readFixture } from './fixture-file.js'
import { STRUCTURED_KINDS, type TaskTruth, type TruthContext, type TruthProblem } from './kinds/index.js'

export type { TaskTruth }
import { renderInput } from './render.js'
import { TaskDefinition, type TaskInput, Track } from './schema.js'
import { describeEchoes, focusEchoes } from './focus-echoes.js'
import { describeLeaks, findLeaks, findNameLeaks, leakWordsOfTask, readByEveryAgent } from './neutrality.js'
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

/** A task whose definition, fixtures or ground truth are invalid: it cannot run, and says why. */
export interface BrokenTask {
  /** Its id as far as it could be read (else the definition file's name). */
  id: string
  /** Definition file, relative to the project root. */
  file: string
  /** Each problem names the file, the field and what was expected. */
  problems: string[]
}

/** A task id that no definition declares; the message says the closest known id. */
export class UnknownTaskError extends UserError {
  override name = 'UnknownTaskError'
}

export interface Registry {
  /** The valid tasks, sorted by id. */
  tasks: Task[]
  /** Tasks that cannot run (each with its problems); the rest of the suite runs without them. */
  broken: BrokenTask[]
  get(id: string): Task
  byTrack(track: Track): Task[]
}

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** A path as messages show it: relative to the root (with "/"), or absolute when outside it. */
export function shownPath(path: string, root: string = PROJECT_ROOT): string {
  const r = relative(root, path)
  return r.startsWith('..') || isAbsolute(r) ? path : r.split(sep).join('/')
}

export interface RegistryOptions {
  /** Folder holding <track>/<task>.ts definition files. */
  definitionsDir?: string
  fixturesDir?: string
  /** Paths in messages are shown relative to this folder. */
  root?: string
  /**
   * false: skip the checks that only decide whether a task may run, which are most of a load's CPU:
   * neutrality (names that give the ground truth away, role foci that echo it or what the judge
   * rewards) and the ground truth's agreement with the fixtures (the items it cites exist, a
   * reconciliation's figures add up). The ground truth is still read and validated against its
   * schema. For a process that only reads tasks another has judged: the simulator, and a benchmark
   * worker whose run's global setup checked them (lib/run/worker-task-load.ts).
   */
  verify?: boolean
}

/** `make(key)` once per key while it succeeds; a failed load is forgotten, so the next call tries again. */
function once<T>(memo: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let loaded = memo.get(key)
  if (!loaded) {
    loaded = make()
    memo.set(key, loaded)
    loaded.catch(() => memo.delete(key))
  }
  return loaded
}

const registries = new Map<string, Promise<Registry>>()
const singles = new Map<string, Promise<Task | BrokenTask>>()

/** The validated registry, loaded once per process and set of folders. */
export function loadRegistry(options: RegistryOptions = {}): Promise<Registry> {
  return once(registries, JSON.stringify(options), () => buildRegistry(options))
}

/**
 * The registry read again from disk, for a process that outlives edits (the simulator of a watch
 * session): a definition file changed since it was imported is imported anew, and fixtures are
 * read again. Later loadRegistry calls with the same options get this one.
 */
export function reloadRegistry(options: RegistryOptions = {}): Promise<Registry> {
  const key = JSON.stringify(options)
  registries.delete(key)
  return once(registries, key, () => buildRegistry(options, true))
}

/**
 * One task, loaded and validated exactly as the registry loads it, without loading the others: a
 * benchmark worker runs the tasks of its files only. By convention a task is defined in
 * `<track>/<id>.ts`; when no such file declares the id, the whole registry is loaded and answers
 * (an unknown id then throws UnknownTaskError with a did-you-mean). What needs every task at once
 * (duplicate ids) is the whole registry's job, which the run's global setup loads before any test.
 */
export function loadTask(id: string, options: RegistryOptions = {}): Promise<Task | BrokenTask> {
  return once(singles, JSON.stringify([id, options]), () => loadOneTask(id, options))
}

async function loadOneTask(id: string, options: RegistryOptions): Promise<Task | BrokenTask> {
  const paths = pathsOf(options)
  // The same file name in two tracks is one id defined twice: the whole registry says so, for both.
  const files = Track.options.map((track) => join(paths.definitionsDir, track, `${id}.ts`)).filter((f) => existsSync(f))
  const file = files.length === 1 ? files[0] : undefined
  const loaded = file === undefined ? null : await loadDefinition(file, paths.rel(file), paths, false, options.verify ?? true)
  if (file === undefined || loaded === null || loaded.id !== id) {
    const registry = await loadRegistry(options)
    return registry.broken.find((b) => b.id === id) ?? registry.get(id)
  }
  return loaded.task && loaded.problems.length === 0 ? loaded.task : { id, file: paths.rel(file), problems: loaded.problems }
}

/** Whether a loaded task is one that cannot run (see BrokenTask). */
export const isBroken = (t: Task | BrokenTask): t is BrokenTask => 'problems' in t

/**
 * Loads every task definition and its fixtures and validates all of it before any model is called.
 * Every problem names the file, the field and what was expected; all problems are reported at once.
 * A task with problems is set aside as broken, with its problems: it does not stop the others.
 */
async function buildRegistry(options: RegistryOptions, fresh = false): Promise<Registry> {
  const paths = pathsOf(options)
  const tasks: Task[] = []
  const broken: BrokenTask[] = []
  const definitions: Array<{ where: string; misplaced: string | null; loaded: Awaited<ReturnType<typeof loadDefinition>> | null }> = []
  for (const file of listDefinitionFiles(paths.definitionsDir)) {
    const where = paths.rel(file)
    const misplaced = paths.placement(file)
    definitions.push({ where, misplaced, loaded: misplaced ? null : await loadDefinition(file, where, paths, fresh, options.verify ?? true) })
  }
  // An id defined twice is broken in every place: neither definition runs in place of the other.
  const placesOf = new Map<string, string[]>()
  for (const { where, loaded } of definitions) if (loaded?.id) placesOf.set(loaded.id, [...(placesOf.get(loaded.id) ?? []), where])
  for (const { where, misplaced, loaded } of definitions) {
    if (!loaded) {
      broken.push({ id: basename(where, '.ts'), file: where, problems: [misplaced!] })
      continue
    }
    const id = loaded.id ?? basename(where, '.ts')
    const others = loaded.id === null ? [] : placesOf.get(loaded.id)!.filter((w) => w !== where)
    if (others.length > 0) loaded.problems.unshift(`${where}: field id: duplicate task id "${id}" (also defined in ${others.join(', ')})`)
    if (loaded.task && loaded.problems.length === 0) tasks.push(loaded.task)
    else broken.push({ id, file: where, problems: loaded.problems })
  }
  tasks.sort((a, b) => a.id.localeCompare(b.id))
  return {
    tasks,
    broken,
    get(id) {
      const task = tasks.find((t) => t.id === id)
      if (task) return task
      const bad = broken.find((t) => t.id === id)
      if (bad) throw new TaskRegistryError(bad.problems)
      const hint = closestMatch(id, tasks.map((t) => t.id), 4)
      throw new UnknownTaskError(`unknown task "${id}"${hint ? ` (did you mean ${hint}?)` : ''}; known tasks: ${tasks.map((t) => t.id).join(', ')}`)
    },
    byTrack(track) {
      return tasks.filter((t) => t.track === track)
    },
  }
}

/**
 * Validates one task definition file, with its fixtures and ground truth, exactly as the registry
 * would, plus what a run needs beside (see readiness.ts): its id must not clash with another
 * task's, the file is named after it, its benchmark file is in place, and a design task has the
 * reference deliverables the simulator answers from. Runs nothing.
 */
export async function checkTaskFile(path: string, options: RegistryOptions = {}): Promise<{ id: string | null; problems: string[] }> {
  const root = options.root ?? PROJECT_ROOT
  const file = resolve(path)
  const paths = pathsOf(options)
  if (!existsSync(file)) return { id: null, problems: [`${path}: no such file`] }
  const misplaced = paths.placement(file)
  if (misplaced) return { id: null, problems: [misplaced] }
  const loaded = await loadDefinition(file, paths.rel(file), paths)
  const others = await loadRegistry(options)
  const clash = [...others.tasks, ...others.broken].find((t) => t.id === loaded.id && resolve(root, t.file) !== file)
  if (clash) loaded.problems.unshift(`${paths.rel(file)}: field id: duplicate task id "${loaded.id}" (also defined in ${clash.file})`)
  const def = loaded.definition
  if (def) {
    const where = paths.rel(file)
    const references = designReferenceProblems(def, paths.fixturesDir, where, paths.rel)
    // Loaded here only: a run's processes never score a checklist while they load tasks.
    const unmet = references.length === 0 ? (await import('./reference-checklist.js')).unmetByStrongReference(def, paths.fixturesDir, where, paths.rel) : []
    loaded.problems.push(...fileNameProblems(def, file, where), ...benchmarkFileProblems(def, root, where), ...references, ...unmet, ...calibrationFileProblems(paths.fixturesDir, def.id))
  }
  return { id: loaded.id, problems: loaded.problems }
}

/** Throws TaskRegistryError listing every problem of every broken task; for callers that need all tasks valid. */
export function assertValid(registry: Registry): Registry {
  if (registry.broken.length > 0) throw new TaskRegistryError(registry.broken.flatMap((b) => b.problems))
  return registry
}

interface Paths {
  definitionsDir: string
  fixturesDir: string
  /** A path as messages show it: relative to the root, or absolute when outside it. */
  rel(path: string): string
  /** Null when a definition file sits in the folder of a track, else the problem (see definition-files.ts). */
  placement(file: string): string | null
}

/** The folders of a registry and how its messages show paths (relative to its root). */
function pathsOf(options: RegistryOptions): Paths {
  const root = options.root ?? PROJECT_ROOT
  const definitionsDir = options.definitionsDir ?? join(root, 'lib', 'tasks', 'definitions')
  const rel = (p: string) => shownPath(p, root)
  return {
    definitionsDir,
    fixturesDir: options.fixturesDir ?? join(root, 'fixtures'),
    rel,
    placement: (file) => placementProblem(file, definitionsDir, rel(definitionsDir), rel(file)),
  }
}

/**
 * One definition file: the task it defines (null when it cannot be built), its definition and id as
 * far as known, and its problems. `fresh`: imported as it is on disk now (the module of a file
 * changed since its last import is a new one, keyed by its content). `verify`: see RegistryOptions.
 */
async function loadDefinition(file: string, where: string, paths: Paths, fresh = false, verify = true): Promise<{ id: string | null; definition: TaskDefinition | null; task: Task | null; problems: string[] }> {
  const problems: string[] = []
  let exported: unknown
  try {
    // A query without a dot: Vite reads a module's language from its name when that ends in ".<word>".
    const url = pathToFileURL(file).href + (fresh ? `?content=${createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 16)}` : '')
    exported = ((await importDefinition(url)) as { default?: unknown }).default
  } catch (e) {
    return { id: null, definition: null, task: null, problems: [`${where}: could not be loaded: ${(e as Error).message}${importHint(e)}`] }
  }
  if (exported === undefined) return { id: null, definition: null, task: null, problems: [`${where}: expected a default export made with defineTask({...})`] }
  const rawId = typeof (exported as { id?: unknown }).id === 'string' ? (exported as { id: string }).id : null
  const parsed = TaskDefinition.safeParse(exported)
  if (!parsed.success) {
    return { id: rawId, definition: null, task: null, problems: parsed.error.issues.map((issue) => `${where}: field ${issue.path.join('.') || '(root)'}: ${issueText(exported, issue)}`) }
  }
  const def = parsed.data
  const folder = paths.rel(dirname(file)).split('/').pop()
  if (folder !== def.track) problems.push(`${where}: field track: expected "${folder}" (the folder it lives in), got "${def.track}"`)
  problems.push(...briefLayoutProblems(def, where))

  const resolvedInputs: ResolvedInput[] = []
  def.inputs.forEach((input, i) => {
    const path = resolve(paths.fixturesDir, input.path)
    if (!path.startsWith(paths.fixturesDir + sep)) return problems.push(`${where}: field inputs.${i}.path: expected a path inside fixtures/, got "${input.path}"`)
    const read = readFixture(path)
    if ('problem' in read) return problems.push(`${where}: field inputs.${i}.path: fixture ${paths.rel(path)} ${read.problem}`)
    const content = read.text
    // An empty input still renders as a section of the prompt, and agents answer it as if it held something.
    if (content.trim() === '') return problems.push(`${where}: field inputs.${i}.path: fixture ${paths.rel(path)} is empty${content === '' ? '' : ' (whitespace only)'}; expected a non-empty file`)
    let rendered: string
    try {
      rendered = renderInput(input.format, content)
    } catch (e) {
      if (!(e instanceof DiffError)) throw e
      return problems.push(`${paths.rel(path)}: ${e.within(input.id)}`)
    }
    resolvedInputs.push({ ...input, content, rendered, tokens: estimateTokens(rendered) })
  })

  const categories = def.deliverable === 'markdown' ? [] : mergeCategories(STRUCTURED_KINDS[def.deliverable].categories, def.categories)
  def.categories.forEach((c, i) => {
    if (def.deliverable !== 'markdown' && STRUCTURED_KINDS[def.deliverable].categories.some((d) => d.id === c.id)) {
      problems.push(`${where}: field categories.${i}.id: "${c.id}" is already a ${def.deliverable} category; add only new ones`)
    }
  })
  for (const [key, list] of Object.entries(def.synonyms)) {
    if (!categories.some((c) => c.id === key)) problems.push(`${where}: field synonyms.${key}: expected one of the task's categories, got "${key}"`)
    else if (list.length === 0) problems.push(`${where}: field synonyms.${key}: expected at least one word`)
  }
  let truth: TaskTruth | null = null
  if (def.groundTruth !== undefined && problems.length === 0) {
    const truthPath = resolve(paths.fixturesDir, def.groundTruth)
    truth = await readTruth(def.deliverable, truthPath, where, resolvedInputs, new Set(categories.map((c) => c.id)), problems, paths, verify)
  }
  if (verify) {
    if (truth) problems.push(...leakProblems(where, def, truth, categories, resolvedInputs, (input) => paths.rel(resolve(paths.fixturesDir, input))))
    else if (def.kind === 'design' && problems.length === 0) problems.push(...rewardEchoProblems(where, def, resolvedInputs))
  }
  return { id: def.id, definition: def, task: problems.length === 0 ? { ...def, file: where, resolvedInputs, truth, categories } : null, problems }
}

/** What to write instead when a definition imports defineTask from where it sat before (an example under docs/examples/, say). */
function importHint(e: unknown): string {
  const missing = (e as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && /schema\.js'/.test((e as Error).message)
  return missing ? `; expected import { defineTask } from '../../schema.js' (lib/tasks/schema.js, seen from lib/tasks/definitions/<track>/)` : ''
}

/**
 * Names and role foci that would give the ground truth away (see lib/tasks/neutrality.ts); a file
 * path inside a diff is named where it has to change, in the diff's fixture. `fixture` shows an
 * input's path (relative to fixtures/) as messages show paths.
 */
function leakProblems(where: string, def: TaskDefinition, truth: TaskTruth, categories: CategorySpec[], resolvedInputs: ResolvedInput[], fixture: (path: string) => string): string[] {
  const words = leakWordsOfTask({ ...def, truth, categories, resolvedInputs })
  // [where the name is, as a message says it; the name]
  const names: Array<[string, string]> = [
    ...def.inputs.flatMap((inp, i): Array<[string, string]> => [
      [`${where}: field inputs.${i}.id`, inp.id],
      [`${where}: field inputs.${i}.path`, inp.path],
      [`${where}: field inputs.${i}.label`, inp.label],
    ]),
    ...resolvedInputs
      .filter((inp) => inp.format === 'diff')
      .flatMap((inp) => [...inp.content.matchAll(/^\+\+\+ b\/(.+)$/gm)].map((m): [string, string] => [`${fixture(inp.path)}: file path "${m[1]!}" of input ${inp.id} (rename it in the diff and in the ground truth)`, m[1]!])),
  ]
  const leaks = [
    ...names.map(([place, text]) => [place, findNameLeaks(text, words.names)] as const),
    ...def.roles.map((r, i) => [`${where}: field roles.${i}.focus`, findLeaks(r.focus, words.prose)] as const),
  ]
  const echoesIn = focusEchoes({ truth, seen: readByEveryAgent({ ...def, resolvedInputs }) })
  return [
    ...leaks.flatMap(([place, leaked]) => (leaked.length > 0 ? [`${place}: reveals the ground truth: ${describeLeaks(leaked)}; expected neutral wording`] : [])),
    ...def.roles.flatMap((r, i) => {
      const echoes = echoesIn(r.focus)
      return echoes.length > 0 ? [`${where}: field roles.${i}.focus: echoes the ground truth: ${describeEchoes(echoes)}; expected the area of the work it covers (which part of the material, which subject), not what makes an item a finding`] : []
    }),
  ]
}

/** Role foci of a design task that echo what its checklist or rubric rewards (see lib/tasks/focus-echoes.ts). */
function rewardEchoProblems(where: string, def: TaskDefinition, resolvedInputs: ResolvedInput[]): string[] {
  const echoesIn = focusEchoes({ scoring: def, seen: readByEveryAgent({ ...def, resolvedInputs }) })
  return def.roles.flatMap((r, i) => {
    const echoes = echoesIn(r.focus)
    return echoes.length > 0 ? [`${where}: field roles.${i}.focus: echoes what the judge rewards: ${describeEchoes(echoes)}; expected the area of the work it covers (which part of the material, which subject), not what to conclude`] : []
  })
}

/** The ground truth at `path`, parsed; with `verify`, also checked against the fixtures. Null (its problems added) when it cannot be used. */
async function readTruth(
  kind: TaskDefinition['deliverable'],
  path: string,
  where: string,
  inputs: ResolvedInput[],
  categories: ReadonlySet<string>,
  problems: string[],
  paths: Paths,
  verify: boolean,
): Promise<TaskTruth | null> {
  const shown = paths.rel(path)
  if (kind === 'markdown') {
    problems.push(`${where}: field groundTruth: a markdown deliverable has no ground-truth scorer; remove groundTruth or use a structured deliverable`)
    return null
  }
  const read = readFixture(path)
  if ('problem' in read) {
    problems.push(`${where}: field groundTruth: file ${shown} ${read.problem}`)
    return null
  }
  let raw: unknown
  try {
    raw = JSON.parse(read.text)
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
  const truth = { kind, data: parsed.data } as TaskTruth
  if (!verify) return truth
  const context: TruthContext = { inputs: new Map(inputs.map((i) => [i.id, i.content])), formats: new Map(inputs.map((i) => [i.id, i.format])), categories }
  const check = spec.check as (truth: unknown, context: TruthContext) => TruthProblem[] | Promise<TruthProblem[]>
  const crossProblems = await check(parsed.data, context)
  for (const p of crossProblems) {
    // A problem in a fixture (a ticket batch, say) is reported against that file.
    const fixture = p.input === undefined ? undefined : inputs.find((i) => i.id === p.input)
    problems.push(`${fixture ? paths.rel(resolve(paths.fixturesDir, fixture.path)) : shown}: ${fixture && p.line !== undefined ? `line ${p.line}` : `field ${p.field}`}: ${p.message}`)
  }
  return crossProblems.length > 0 ? null : truth
}
