import type { TestArtifactBase } from 'vitest'
import { CaseMeta } from './summary.js'
import { usd } from './format.js'

/** A finished Vitest test as the progress view sees it. */
export interface ProgressCase {
  state: 'passed' | 'failed' | 'skipped' | 'pending'
  /**
   * The test's meta: `orgbenchCase` marks a benchmark case, `orgbench` is its compact summary;
   * `orgbenchCases` is how many cases a test runs inside it (a learning iteration), each reported
   * as it finishes (a CaseArtifact).
   */
  meta: { orgbenchCase?: unknown; orgbench?: unknown; orgbenchCases?: unknown }
  /** For a test that runs cases inside it: how many it reported. */
  reported?: number
  /** The test's name and why it skipped itself, for a test that runs cases inside it. */
  name?: string
  note?: string
  /** A failed test's first error: what a case that left no record ended with (e.g. its record could not be written). */
  error?: string
}

/** A case finished inside a test that runs several (a learning iteration), as the test reports it to the progress reporter. */
export interface CaseArtifact extends TestArtifactBase {
  type: 'orgbench:case'
  /** How the case reads in its progress line. */
  name: string
  meta: CaseMeta
}

interface CaseId {
  task: string
  topology: string
  trial: number
}

const isCase = (x: unknown): x is CaseId => typeof x === 'object' && x !== null && typeof (x as CaseId).task === 'string'
/** The cases a test declares it runs inside it (0: none). */
const innerCases = (meta: ProgressCase['meta']): number => (typeof meta.orgbenchCases === 'number' ? meta.orgbenchCases : 0)

/** A scored case's judgements that failed and are left out of its score, in words; empty when none did. */
function failedJudgements(meta: CaseMeta): string {
  const n = meta.judgeFailures ?? 0
  return n === 0 ? '' : ` (${n} judgement${n === 1 ? '' : 's'} failed, left out)`
}

/** A case's full dollars (organisation and judge), or null when some call's cost is unknown. */
function fullUsd(meta: CaseMeta): number | null {
  return meta.orgUsd === null || meta.judgeUsd === null ? null : meta.orgUsd + (meta.judgeUsd ?? 0)
}

/** A case's dollars as its line shows them: "$0.0633", "≥ $0.0229" when some call's cost is unknown, "n/a" in an older meta. */
function caseCost(meta: CaseMeta): string {
  const full = fullUsd(meta)
  return full !== null || meta.knownUsd === undefined ? usd(full) : `≥ ${usd(meta.knownUsd)}`
}

/** What this run paid for a case (older metas: the case's cost, as far as it is known). */
function paidFor(meta: CaseMeta): { knownUsd: number; complete: boolean } {
  if (meta.paid) return meta.paid
  const full = fullUsd(meta)
  return { knownUsd: full ?? meta.knownUsd ?? 0, complete: full !== null }
}

/** "1m05s", "2h03m", "12s". */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000))
  if (s < 60) return `${s}s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`
}

/**
 * The live progress of a run: counts the benchmark cases declared and finished, their errors and
 * what the run paid for them (the summary's "paid in this run": replies served from an earlier
 * run's response cache are not paid again; with the known part of any case whose cost is partly
 * unknown, as "≥"), and renders one line per finished case and a heartbeat line. Pure (time is passed
 * in), so the reporter that drives it holds no logic worth testing on its own.
 */
export class RunProgress {
  private total = 0
  private done = 0
  private errors = 0
  private spend = 0
  /** Cases of which this run paid an amount not wholly known: the spend is then a lower bound. */
  private partlyUnknown = 0
  private started: number | null = null
  /** Every test file is collected: the total is final (until then it is shown as "N+"). */
  private final = false
  /** A case ran on the simulator: every line says so, as the summary does. */
  private simulated = false

  constructor(private readonly label: string) {}

  /**
   * Adds benchmark cases that will run, as Vitest collects their files (other tests are ignored);
   * `final` when this was the last file. The clock of the ETA starts with the first benchmark case
   * declared, so unit tests run before the benchmarks do not count as benchmark time.
   */
  declare(cases: readonly ProgressCase['meta'][], now: number, final = false): void {
    const added = cases.reduce((n, m) => n + (isCase(m.orgbenchCase) ? 1 : innerCases(m)), 0)
    this.total += added
    if (added > 0) this.started ??= now
    this.final ||= final
  }

  /**
   * Counts a finished test; returns its line when it is a benchmark case that ran, else null. A
   * test that ran cases inside it (already counted as each finished) gives back the ones it
   * declared and did not run, and says why when it skipped itself.
   */
  finish(test: ProgressCase): string | null {
    const inner = innerCases(test.meta)
    if (inner > 0) {
      this.total = Math.max(this.done, this.total - Math.max(0, inner - (test.reported ?? 0)))
      return test.state === 'skipped' && test.note && test.name ? `${this.label} skipped ${test.name}: ${test.note}` : null
    }
    const id = test.meta.orgbenchCase
    if (!isCase(id) || test.state === 'skipped' || test.state === 'pending') return null
    return this.caseLine(`${id.task} × ${id.topology} #${id.trial}`, test.meta.orgbench, test.state === 'failed', test.state === 'failed' ? test.error : undefined)
  }

  /** Counts a case finished inside a test that runs several; returns its line. */
  finishCase(artifact: Pick<CaseArtifact, 'name' | 'meta'>): string {
    return this.caseLine(artifact.name, artifact.meta, false)
  }

  private caseLine(name: string, summary: unknown, testFailed: boolean, error?: string): string {
    this.done++
    this.total = Math.max(this.total, this.done)
    const parsed = CaseMeta.safeParse(summary)
    const meta = parsed.success ? parsed.data : null
    const failed = meta === null || meta.status === 'error'
    if (failed) this.errors++
    const paid = meta === null ? null : paidFor(meta)
    if (paid === null || !paid.complete) this.partlyUnknown++
    if (paid !== null) this.spend += paid.knownUsd
    this.simulated ||= meta?.simulated === true
    const status = meta === null ? 'ERROR' : meta.status === 'error' ? 'ERROR' : testFailed ? 'FAIL ' : 'ok   '
    const score = meta === null ? (error ? error.split('\n')[0]! : 'no record') : meta.status === 'ok' ? `score ${meta.headline === null ? '–' : meta.headline.toFixed(1)}${failedJudgements(meta)}` : `error in ${(meta.error ?? '?').split(': ').slice(0, 2).join(': ')}`
    return `${this.label} ${status} ${name} · ${score} · ${meta === null ? usd(null) : caseCost(meta)} · ${this.done}/${this.totalText()} · spent ${this.spent()}${this.simulatedTag()}`
  }

  /** The heartbeat line: cases done of declared, errors, spend, elapsed time and the time left at the pace so far. */
  heartbeat(now: number): string {
    const elapsed = this.started === null ? 0 : now - this.started
    const left = this.total - this.done
    const eta = this.done === 0 ? 'unknown' : left === 0 && this.final ? '0s' : `${this.final ? '' : '≥ '}${duration((elapsed / this.done) * left)}`
    return `${this.label} ${this.done}/${this.totalText()} cases · ${this.errors} error(s) · spent ${this.spent()} · ${duration(elapsed)} elapsed · ETA ${eta}${this.simulatedTag()}`
  }

  /** " · simulated" once a case ran on the simulator (its numbers and dollars are not a real model's). */
  private simulatedTag(): string {
    return this.simulated ? ' · simulated' : ''
  }

  /** Whether any benchmark case is declared (a unit-test-only run prints no heartbeat). */
  active(): boolean {
    return this.total > 0
  }

  /** The cases declared so far: "N", or "N+" while test files are still being collected. */
  private totalText(): string {
    return this.final ? String(this.total) : `${this.total}+`
  }

  private spent(): string {
    return `${this.partlyUnknown > 0 ? '≥ ' : ''}${usd(this.spend)}`
  }
}

/** A "<task> · memory" test of the learning loop that ran: what it wrote, or why it wrote nothing. */
export interface MemoryTestResult {
  name: string
  state: 'passed' | 'failed' | 'skipped'
  /** Why it skipped (the test's skip note). */
  note?: string
  /** What it wrote (its "orgbench:memory" annotation). */
  wrote?: string
  /** Why it failed (its first error). */
  error?: string
}

/** The line a memory test leaves in the log: a version is written or not, and why not. */
export function memoryLine(label: string, test: MemoryTestResult): string {
  const what = test.state === 'passed' ? (test.wrote ?? 'done') : test.state === 'skipped' ? `no version written: ${test.note ?? 'skipped'}` : `FAILED: ${test.error ?? 'unknown error'}`
  return `${label} ${test.name}: ${what}`
}
