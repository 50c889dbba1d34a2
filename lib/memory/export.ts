import { cpSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
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
 * Copies every committable version under `dir` to `out` (same layout: <task>/vNNNN.json) and
 * returns what was copied and what was refused with the reason.
 */
export function exportMemory(dir: string, out: string): { copied: string[]; refused: string[] } {
  const copied: string[] = []
  const refused: string[] = []
  for (const task of namesIn(dir).sort()) {
    for (const v of listVersions(dir, task)) {
      const file = readVersion(dir, task, v)
      const why = refusal(file)
      if (why) {
        refused.push(why)
        continue
      }
      const name = versionFile(v)
      mkdirSync(join(out, task), { recursive: true })
      cpSync(join(dir, task, name), join(out, task, name))
      copied.push(`${task}/${name}`)
    }
  }
  return { copied, refused }
}
