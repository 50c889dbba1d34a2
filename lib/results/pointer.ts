import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { UserError } from '../errors.js'
import { RunStatus } from './schema.js'
import { stableJson, writeAtomic } from './write.js'

/**
 * The pointer file `<results dir>/LATEST`: which run file the reporter wrote last, so scripts and
 * the workflow never guess by modification time. JSON, file names relative to its folder:
 * `{"file": "<run-id>.json", "records": "<run-id>.records.jsonl.gz", "runId": ..., "status": ..., "simulated": ...}`
 * (in a shell: `jq -r .file results/runs/LATEST`). Written atomically after both files are in place.
 */
export const Pointer = z.object({
  runId: z.string(),
  file: z.string().regex(/^[^/\\]+\.json$/, 'expected a file name ending in .json'),
  records: z.string().regex(/^[^/\\]+\.jsonl\.gz$/, 'expected a file name ending in .jsonl.gz'),
  status: RunStatus,
  simulated: z.boolean(),
})
export type Pointer = z.infer<typeof Pointer>

export const POINTER_FILE = 'LATEST'

/**
 * A results file as a command was given it: a bare `LATEST` (no folder) that is no file here
 * stands for the pointer in the results folder (ORGBENCH_RESULTS_DIR), which readers follow to its run.
 */
export function resultsFileArgument(given: string, resultsDir: string): string {
  return given === POINTER_FILE && !existsSync(given) ? join(resultsDir, POINTER_FILE) : given
}

/** Points `<dir>/LATEST` at a run file of that folder. */
export function writePointer(dir: string, pointer: Pointer): void {
  writeAtomic(join(dir, POINTER_FILE), stableJson(Pointer.parse(pointer)))
}

/** The path of the run file `<dir>/LATEST` points at; a UserError naming the file when there is none or it is malformed. */
export function readPointer(dir: string): { path: string; pointer: Pointer } {
  const file = join(dir, POINTER_FILE)
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'))
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new UserError(`${file}: no run written yet; run the benchmark first (npx vitest run benchmarks/enterprise) or name a results file`)
    throw new UserError(`${file}: cannot read the pointer to the latest run (${code ?? (e as Error).message})`)
  }
  const parsed = Pointer.safeParse(raw)
  if (!parsed.success) throw new UserError(parsed.error.issues.map((i) => `${file}: field ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n'))
  return { path: join(dir, parsed.data.file), pointer: parsed.data }
}
