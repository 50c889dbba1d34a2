import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { UserError } from '../errors.js'
import { learnedOptionsProblem } from '../learning/protocol.js'
import { redactDeep } from '../redact.js'
import { readSchemaFile } from '../schema-file.js'
import { stableJson, writeNew } from '../results/write.js'
import { type AudienceTask, unknownAudience } from './audience.js'
import { DEFAULT_LESSONS, StoredLesson } from './lessons.js'
import { LearningEvidence } from './evidence.js'

/**
 * Persistent org memory: one folder per task under the memory directory (results/memory for a
 * real model, .orgbench/memory for the simulator), one immutable file per version (`v0001.json`,
 * `v0002.json`, ...). Only a complete learning run (or `orgbench memory reset`) writes a new
 * version; nothing is ever rewritten, so every version a record names can be shown and compared later.
 */

/** Something the update left out, and why (over the role's budget, a duplicate, a dead address, an unknown knob). */
export const Dropped = z.object({ what: z.string(), reason: z.string(), iteration: z.number().int().min(0), topology: z.string() })
export type Dropped = z.infer<typeof Dropped>

export const MemoryFile = z.object({
  task: z.string(),
  version: z.number().int().min(1),
  parent: z.number().int().min(1).nullable(),
  createdAt: z.string(),
  /** The learning run that wrote this version, or "reset". */
  writtenBy: z.string(),
  lessons: z.array(StoredLesson),
  /** Protocol fixes per topology: only knobs the topology reads (see lib/learning/protocol.ts). */
  protocol: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
  dropped: z.array(Dropped).default([]),
  /** What the learning run measured (null for a reset). */
  evidence: LearningEvidence.nullable().default(null),
})
export type MemoryFile = z.infer<typeof MemoryFile>

/** The name a record gives a memory version: "<task>@v3", "default" or "off". */
export function versionName(task: string, version: number): string {
  return `${task}@v${version}`
}

/** The file of a version in its task's folder: v0001.json, v0002.json, ... */
export const versionFile = (version: number): string => `v${String(version).padStart(4, '0')}.json`

/** The versions stored for a task, oldest first. */
export function listVersions(dir: string, task: string): number[] {
  const folder = join(dir, task)
  if (!existsSync(folder)) return []
  return readdirSync(folder)
    .map((f) => /^v(\d{4,})\.json$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b)
}

/** What a version is read with: the task's roles, when known, refuse a lesson addressed to none of its agents. */
export interface ReadOptions {
  roles?: AudienceTask['roles']
}

/** Reads one version; a malformed file is a UserError naming the file and the field. */
export function readVersion(dir: string, task: string, version: number, options: ReadOptions = {}): MemoryFile {
  const path = join(dir, task, versionFile(version))
  if (!existsSync(path)) throw new UserError(`${path}: no memory version ${version} of task ${task} (versions: ${listVersions(dir, task).join(', ') || 'none'})`)
  const data = readSchemaFile(path, MemoryFile)
  // A record names the version it used by these fields: they must lead back to this file.
  if (data.task !== task) throw new UserError(`${path}: field task: expected ${JSON.stringify(task)} (the folder), found ${JSON.stringify(data.task)}`)
  if (data.version !== version) throw new UserError(`${path}: field version: expected ${version} (the file name), found ${data.version}`)
  // Learned options reach the topology as they are: a knob it does not learn (self_refine's budget) never may.
  for (const [topology, options] of Object.entries(data.protocol)) {
    const problem = learnedOptionsProblem(topology, options)
    if (problem) throw new UserError(`${path}: field protocol.${problem.field}: ${problem.message}`)
  }
  // A lesson for an agent the task does not have would reach no prompt, though the record lists it.
  const unaddressed = options.roles ? unknownAudience(data.lessons, { id: task, roles: options.roles }) : null
  if (unaddressed) throw new UserError(`${path}: field ${unaddressed.field}: ${unaddressed.message}`)
  return data
}

/** The newest version of a task's memory (against a real model, the newest learned against one), or null when none was ever written. */
export function latestVersion(dir: string, task: string, options: ReadOptions & { real?: boolean } = {}): MemoryFile | null {
  for (const v of listVersions(dir, task).reverse()) {
    const file = readVersion(dir, task, v, options)
    if (!options.real || file.evidence?.simulated !== true) return file
  }
  return null
}

/**
 * Writes the next version and returns it. Its content is redacted first (lib/redact.ts): a
 * retrospective may quote a key from an input, an error or an echo, and a version is committed
 * by the weekly workflow. Each writer claims its number exclusively: when another process took
 * it first, the version is written under the next one. Its parent is the version its lessons came
 * from (`from`; a run against a real model may start from an older version than the latest, and a
 * race loser from the version the winner also started from), or the latest when `from` is not given.
 */
export function writeVersion(dir: string, task: string, content: Omit<MemoryFile, 'version' | 'parent' | 'task' | 'createdAt'>, options: { from?: number | null; now?: Date } = {}): MemoryFile {
  const redacted = redactDeep(content)
  const now = options.now ?? new Date()
  for (;;) {
    const latest = listVersions(dir, task).at(-1) ?? null
    const parent = options.from === undefined ? latest : options.from
    const file = MemoryFile.parse({ ...redacted, task, version: (latest ?? 0) + 1, parent, createdAt: now.toISOString() })
    if (writeNew(join(dir, task, versionFile(file.version)), stableJson(file))) return file
  }
}

/** The default lessons as stored lessons (no provenance). */
export function defaultStoredLessons(): StoredLesson[] {
  return DEFAULT_LESSONS.map((l) => StoredLesson.parse(l))
}
