import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { writeAtomic } from '../results/write.js'
import { type BrokenTask, isBroken, loadRegistry, loadTask, PROJECT_ROOT, type Registry, type RegistryOptions, UnknownTaskError } from './registry.js'

/*
 * What a run's global setup must know of every task before any test starts: which ids exist (to
 * refuse an unknown ORGBENCH_TASKS id) and which tasks cannot run (to say so up front). Validating
 * every definition and fixture takes a few hundred milliseconds, paid before the first worker
 * starts; the answer only changes when a file it depends on does. So it is kept in
 * `.orgbench/registry.json`, keyed by a digest of lib/, fixtures/ and package-lock.json (the
 * definitions, the fixtures, the code that checks them, and its dependencies), and recomputed when
 * the digest differs. Reading those files for the digest takes some 50 ms itself, so the stored
 * answer also carries a stamp of their sizes and modification times (as the run bundle's key does,
 * lib/run/run-bundle.ts): while the stamp matches, nothing is read. A stale answer cannot let a
 * broken task run: each benchmark worker loads and validates its own task again (loadTask).
 */

/** Every task id (a broken task's too: it exists, and its tests say why it cannot run), and the tasks that cannot run with their problems. */
export interface RegistrySummary {
  ids: string[]
  broken: BrokenTask[]
}

const summaryOf = (registry: Registry): RegistrySummary => ({ ids: [...registry.tasks, ...registry.broken].map((t) => t.id), broken: registry.broken })

const Stored = z.object({
  key: z.string(),
  /** registryStamp when the answer was stored; absent in files written before it existed. */
  stamp: z.string().optional(),
  ids: z.array(z.string()),
  broken: z.array(z.object({ id: z.string(), file: z.string(), problems: z.array(z.string()) })),
})

/** Where the summary of the project under `root` is kept (.orgbench/ is git-ignored). */
export const summaryFile = (root: string) => join(root, '.orgbench', 'registry.json')

/** A digest of everything the registry's answer depends on: every file under lib/ and fixtures/, and the lockfile. */
export function registryDigest(root: string): string {
  const hash = createHash('sha256')
  for (const { path, shown } of dependedOn(root)) {
    if (shown === LOCKFILE) hash.update(readFileSync(path))
    else hash.update(`${shown}\0`).update(readFileSync(path)).update('\0')
  }
  return hash.digest('hex')
}

/** The sizes and modification times of the files registryDigest reads: the same stamp, the same files (short of an edit that keeps both). */
export function registryStamp(root: string): string {
  const hash = createHash('sha256')
  for (const { path, shown } of dependedOn(root)) {
    const s = statSync(path)
    hash.update(`${shown}\t${s.size}\t${s.mtimeMs}\n`)
  }
  return hash.digest('hex')
}

/** The lockfile is hashed as it is, without its name (as digests stored before the stamp were). */
const LOCKFILE = 'package-lock.json'

/** The files the registry's answer depends on, in a fixed order, each with the name it is hashed under. */
function dependedOn(root: string): Array<{ path: string; shown: string }> {
  const files: Array<{ path: string; shown: string }> = []
  const walk = (dir: string, shown: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path, `${shown}/${entry.name}`)
      else if (entry.isFile()) files.push({ path, shown: `${shown}/${entry.name}` })
    }
  }
  for (const top of ['lib', 'fixtures']) if (existsSync(join(root, top))) walk(join(root, top), top)
  const lock = join(root, 'package-lock.json')
  if (existsSync(lock)) files.push({ path: lock, shown: LOCKFILE })
  return files
}

/** The summary from `.orgbench/registry.json` when its stamp or its key matches, else from the whole registry (and stored for next time). */
export async function registrySummary(root: string = PROJECT_ROOT): Promise<RegistrySummary> {
  const file = summaryFile(root)
  const stamp = registryStamp(root)
  const stored = readStored(file)
  if (stored?.stamp === stamp) return { ids: stored.ids, broken: stored.broken }
  const key = registryDigest(root)
  if (stored?.key === key) {
    // The same files, touched (a fresh checkout, say): remember their stamp.
    store(file, { ...stored, stamp })
    return { ids: stored.ids, broken: stored.broken }
  }
  const summary = summaryOf(await loadRegistry(root === PROJECT_ROOT ? {} : { root }))
  store(file, { key, stamp, ...summary })
  return summary
}

/** The stored summary when the files have not changed since it was stored (by their stamp), else null; nothing is validated. */
function rememberedSummary(root: string): RegistrySummary | null {
  const stored = readStored(summaryFile(root))
  return stored?.stamp !== undefined && stored.stamp === registryStamp(root) ? { ids: stored.ids, broken: stored.broken } : null
}

function readStored(file: string): z.infer<typeof Stored> | null {
  try {
    const parsed = Stored.safeParse(JSON.parse(readFileSync(file, 'utf8')))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

/** Written whole or not at all; a folder that cannot be written only costs the next run the validation. */
function store(file: string, value: z.infer<typeof Stored>): void {
  try {
    writeAtomic(file, JSON.stringify(value))
  } catch {
    // Not kept: the answer is still right, only not remembered.
  }
}

/**
 * The tasks a run selects, as far as its global setup needs them (ids and broken tasks): every
 * task without a filter (remembered between runs, see registrySummary), else only the given
 * ids: from the remembered answer while no file changed since it was stored, or each loaded on its
 * own (a run of one task does not read the fixtures of the others). An id
 * no task declares makes it read every task, whose list of ids names it with a did-you-mean.
 */
export async function loadTasks(ids: readonly string[] | null, options: RegistryOptions = {}): Promise<RegistrySummary> {
  const every = async () => {
    if (options.definitionsDir === undefined && options.fixturesDir === undefined) return registrySummary(options.root)
    return summaryOf(await loadRegistry(options))
  }
  if (ids === null) return every()
  const remembered = options.definitionsDir === undefined && options.fixturesDir === undefined ? rememberedSummary(options.root ?? PROJECT_ROOT) : null
  if (remembered && ids.every((id) => remembered.ids.includes(id))) return { ids: [...ids], broken: ids.flatMap((id) => remembered.broken.filter((b) => b.id === id)) }
  try {
    const loaded = await Promise.all(ids.map((id) => loadTask(id, options)))
    return { ids: loaded.map((t) => t.id), broken: loaded.filter(isBroken) }
  } catch (e) {
    if (e instanceof UnknownTaskError) return every()
    throw e
  }
}
