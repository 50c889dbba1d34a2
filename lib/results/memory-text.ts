import type { CaseSummary } from './summary.js'

/** A learned version as cases record it ("code_review_execution@v1"); "default" and "off" are not. */
const LEARNED = /@v\d+$/

/**
 * The run's memory setting as its summary and report header say it, with what its cases read:
 * "persisted (code_review_execution@v1)", "persisted (code_review_execution@v1; defaults elsewhere)"
 * or "persisted (defaults: nothing learned)". Only `persisted` reads versions, so the other
 * settings are said as they are, as is a run whose cases record no version (an older file).
 */
export function memoryText(memory: string, cases: ReadonlyArray<Pick<CaseSummary, 'memoryVersion'>>): string {
  if (memory !== 'persisted') return memory
  const versions = new Set(cases.flatMap((c) => (c.memoryVersion === undefined ? [] : [c.memoryVersion])))
  if (versions.size === 0) return memory
  const learned = [...versions].filter((v) => LEARNED.test(v)).sort()
  if (learned.length === 0) return `${memory} (defaults: nothing learned)`
  const rest = versions.size > learned.length ? '; defaults elsewhere' : ''
  return `${memory} (${learned.join(', ')}${rest})`
}
