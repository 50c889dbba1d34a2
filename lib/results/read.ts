import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { z } from 'zod'
import { RunFile, SCHEMA_VERSION } from './schema.js'
import { UserError } from '../errors.js'

/** A results file that cannot be used: unreadable, not JSON, malformed or from a newer orgbench. */
export class ResultsFileError extends UserError {
  override name = 'ResultsFileError'
}

function describeIssues(file: string, issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, 5).map((i) => `${file}: field ${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message}`)
  const more = issues.length > shown.length ? [`${file}: … and ${issues.length - shown.length} more problem(s)`] : []
  return [...shown, ...more].join('\n')
}

/** Validates the text of a results file; `file` names it in every message. */
export function parseRunFile(text: string, file: string): RunFile {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (e) {
    throw new ResultsFileError(`${file}: not valid JSON (${(e as Error).message})`)
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ResultsFileError(`${file}: expected a JSON object (an orgbench results file)`)
  const version = (raw as Record<string, unknown>).schemaVersion
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    throw new ResultsFileError(`${file}: field schemaVersion: expected an integer schema version, found ${JSON.stringify(version) ?? 'nothing'}`)
  }
  if (version > SCHEMA_VERSION) {
    throw new ResultsFileError(`${file}: field schemaVersion: ${version} is newer than this orgbench reads (${SCHEMA_VERSION}); update orgbench to read this file`)
  }
  if (version < SCHEMA_VERSION) {
    throw new ResultsFileError(`${file}: field schemaVersion: ${version} is older than this orgbench reads (${SCHEMA_VERSION}); re-run the benchmark to produce a current file`)
  }
  const parsed = RunFile.safeParse(raw)
  if (!parsed.success) throw new ResultsFileError(describeIssues(file, parsed.error.issues))
  return parsed.data
}

/** Reads and validates a results file; every problem names the file and the field. */
export function readRunFile(path: string): RunFile {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (e) {
    throw new ResultsFileError(`${path}: cannot read the results file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`)
  }
  return parseRunFile(text, path)
}

/** The most recently written results file in `dir`; a UserError when there is none. */
export function newestRunFile(dir: string): string {
  let files: string[] = []
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => join(dir, f))
  } catch {
    // no folder yet: same as no files
  }
  if (files.length === 0) throw new UserError(`${dir}: no results files yet; run the benchmark first (npx vitest run benchmarks/enterprise) or name a file`)
  return files.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0]!
}
