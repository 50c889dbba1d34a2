import { cpSync, readFileSync } from 'node:fs'
import { withPath } from '../fs-errors.js'
import { makeFolder } from '../make-folder.js'
import { join } from 'node:path'
import { redact } from '../redact.js'
import { namesIn } from '../results/layout.js'
import { listVersions, type MemoryFile, readVersion, versionFile } from './store.js'

/**
 * Which memory versions the weekly workflow may commit: only those a complete learning run wrote
 * against a real endpoint. Memory learned from the simulator teaches the simulator's themes, not
 * a real model's mistakes; committed, it would be loaded as real memory by ORGBENCH_MEMORY=persisted.
 */

/** Why a version may not be committed, or null when it may. */
export function refusal(file: Pick<MemoryFile, 'task' | 'version' | 'writtenBy' | 'evidence'>): string | null {
  const e = file.evidence
  if (!e) return `${file.task}@v${file.version} was written by ${file.writtenBy}, not by a learning run`
  if (e.simulated) return `${file.task}@v${file.version} was learned against the simulator (run ${e.runId})`
  if (!e.provider || !e.model || e.provider === 'sim') return `${file.task}@v${file.version} does not record the real provider and model it was learned against`
  return null
}

/**
 * Why a version file's text may not be committed because it holds a key or a key-shaped string
 * (versions written before memory was redacted may), or null when the redactor finds nothing.
 */
export function secretRefusal(file: Pick<MemoryFile, 'task' | 'version'>, text: string): string | null {
  return redact(text) === text ? null : `${file.task}@v${file.version} holds an API key or a key-shaped string (written before memory versions were redacted); remove it from ${versionFile(file.version)} to commit the version`
}

/**
 * Copies every committable version under `dir` to `out` (same layout: <task>/vNNNN.json) and
 * returns what was copied and what was refused with the reason.
 */
export function exportMemory(dir: string, out: string): { copied: string[]; refused: string[] } {
  const copied: string[] = []
  const refused: string[] = []
  for (const task of namesIn(dir).sort()) {
    for (const v of listVersions(dir, task)) {
      const file = readVersion(dir, task, v)
      const name = versionFile(v)
      const why = refusal(file) ?? secretRefusal(file, readFileSync(join(dir, task, name), 'utf8'))
      if (why) {
        refused.push(why)
        continue
      }
      try {
        makeFolder(join(out, task))
        cpSync(join(dir, task, name), join(out, task, name))
      } catch (e) {
        throw withPath(e, join(out, task, name))
      }
      copied.push(`${task}/${name}`)
    }
  }
  return { copied, refused }
}
