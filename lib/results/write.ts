import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import stringify from 'json-stable-stringify'

/** Deterministic JSON: sorted keys, two-space indent, trailing newline. */
export function stableJson(value: unknown): string {
  const text = stringify(value, { space: 2 })
  if (text === undefined) throw new Error('cannot serialise undefined')
  return `${text}\n`
}

/** Writes a file so that readers see either the old content or the new, never half of it. */
export function writeAtomic(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true })
  const tmp = join(dirname(path), `.tmp-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`)
  try {
    writeFileSync(tmp, content)
    renameSync(tmp, path)
  } catch (e) {
    rmSync(tmp, { force: true })
    throw e
  }
}
