import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { z } from 'zod'
import { UserError } from '../errors.js'
import { KeyFile } from './schema.js'
import { AgreementReport } from './validation.js'

/** Where exports, keys and agreement files live by default (ignored by git unless committed on purpose). */
export const HUMAN_DIR = join('results', 'human')

function readJson<T>(path: string, schema: z.ZodType<T>, what: string): T {
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'))
  } catch (e) {
    throw new UserError(`${path}: cannot read ${what} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`)
  }
  return validated(path, raw, schema)
}

function validated<T>(path: string, raw: unknown, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(raw)
  if (!parsed.success) {
    throw new UserError(parsed.error.issues.slice(0, 5).map((i) => `${path}: field ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n'))
  }
  return parsed.data
}

/** Reads and validates a key file written by `orgbench human export`. */
export function readKeyFile(path: string): KeyFile {
  return readJson(path, KeyFile, 'the key file of a human-grading export')
}

/** Reads and validates an agreement file written by `orgbench human import`. */
export function readAgreementFile(path: string): AgreementReport {
  return readJson(path, AgreementReport, 'a judge–human agreement file')
}

/**
 * The agreement files of the run `runId` in `dir`, by export id: its own agreement.json (an export
 * folder, as `human export --out <dir>` writes it) and one in each folder below it (a folder of
 * exports, as results/human holds them).
 *
 * results/human gathers exports of many runs over months, so a file is validated only when it is
 * this run's: a broken file of another run is no reason to stop this run's report. A file whose
 * run cannot be told (half written, say) is left out and named to `warn`; one of this run that is
 * malformed is an error naming it.
 */
export function agreementsForRun(runId: string, dir = HUMAN_DIR, warn: (message: string) => void = () => {}): AgreementReport[] {
  if (!existsSync(dir)) return []
  const below = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => join(dir, d.name, 'agreement.json'))
  return [join(dir, 'agreement.json'), ...below]
    .filter((file) => existsSync(file))
    .flatMap((file) => {
      const read = runOfAgreement(file)
      if (read.runId === null) warn(`${file}: cannot read a judge–human agreement file (${read.problem}), nor tell its run: left out`)
      return read.runId === runId ? [read.agreement()] : []
    })
    .sort((a, b) => a.exportId.localeCompare(b.exportId))
}

/** The run an agreement file is of, read before the file is validated, and the file validated. */
function runOfAgreement(path: string): { runId: string | null; problem?: string; agreement: () => AgreementReport } {
  const agreement = () => readAgreementFile(path)
  let text: string
  let raw: unknown
  try {
    text = readFileSync(path, 'utf8')
  } catch (e) {
    return { runId: null, problem: (e as NodeJS.ErrnoException).code ?? (e as Error).message, agreement }
  }
  try {
    raw = JSON.parse(text)
  } catch (e) {
    // A file cut short still names its run when it got that far.
    const runId = /"runId"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(text)?.[1] ?? null
    return { runId, problem: (e as Error).message, agreement }
  }
  const runId = raw !== null && typeof raw === 'object' && typeof (raw as { runId?: unknown }).runId === 'string' ? (raw as { runId: string }).runId : null
  return { runId, problem: 'no run id', agreement: () => validated(path, raw, AgreementReport) }
}

/** The agreements of any of `runIds` in any of `dirs` (each as agreementsForRun reads it), each export once; each file left out is named to `warn` once. */
export function agreementsIn(dirs: readonly string[], runIds: readonly string[], warn: (message: string) => void = () => {}): AgreementReport[] {
  const byExport = new Map<string, AgreementReport>()
  const warned = new Set<string>()
  const warnOnce = (message: string) => {
    if (!warned.has(message)) warn(message)
    warned.add(message)
  }
  for (const dir of dirs) for (const runId of runIds) for (const a of agreementsForRun(runId, dir, warnOnce)) if (!byExport.has(a.exportId)) byExport.set(a.exportId, a)
  return [...byExport.values()]
}
