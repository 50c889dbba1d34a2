import { existsSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { filesUnder } from '../files-under.js'
import { TRACK_NAMES } from './track-names.js'

/*
 * Where task definitions live: `<definitions>/<track>/<id>.ts`, one folder per track. The tier is a
 * field of the definition, not a folder, so a file anywhere else (a `hard/` folder, the definitions
 * folder itself, outside it) is reported rather than skipped: a task the registry never sees would
 * otherwise fail only later, as an unknown id.
 */

/** Every definition file under `dir` (TypeScript, not declarations), at any depth, sorted. */
export function listDefinitionFiles(dir: string): string[] {
  if (!existsSync(dir)) return []
  return filesUnder(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => join(dir, f))
    .sort()
}

/**
 * Null when `file` sits where a definition must, else the problem, naming where definitions live.
 * `shownDir` is the definitions folder as messages show it, `where` the file.
 */
export function placementProblem(file: string, definitionsDir: string, shownDir: string, where: string): string | null {
  const folder = dirname(file)
  const tracks = TRACK_NAMES.join('|')
  const home = `a task definition lives in ${shownDir}/<${tracks}>/<id>.ts, in the folder of its track`
  if (dirname(folder) !== definitionsDir) return `${where}: ${home}`
  if ((TRACK_NAMES as readonly string[]).includes(basename(folder))) return null
  return `${where}: ${shownDir}/${basename(folder)}/ is not a track folder; ${home}, and a hard-tier task sets tier: 'hard' (its benchmark file goes in benchmarks/hard/)`
}
