import type { RunFile } from './schema.js'

const START = 'read from a version-'

/** The warning a run read from a results file of an earlier schema version carries: which version, which file, what it lacks. */
export function oldFileWarning(version: number, fileName: string, lacking: string): string {
  return `${START}${version} results file (${fileName}): ${lacking}`
}

/** The warnings of `run` that say it was read from a results file of an earlier schema version (none for a current file). */
export function oldFileWarnings(run: Pick<RunFile, 'warnings'>): string[] {
  return run.warnings.filter((w) => w.startsWith(START))
}
