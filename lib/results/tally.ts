import { CaseMeta, type CaseId } from './summary.js'

/** What the reporter hands over for each finished Vitest test. */
export interface FinishedTest {
  name: string
  state: 'passed' | 'failed' | 'skipped' | 'pending'
  /**
   * The test's meta: `orgbenchCase` when it is a benchmark case, `orgbenchCases` for a learning
   * iteration, `orgbenchMemory` for a learning task's memory test, `orgbench` when it left a record.
   */
  meta: { orgbenchCase?: unknown; orgbenchCases?: unknown; orgbenchMemory?: unknown; orgbench?: unknown }
}

/**
 * Counts what Vitest reports, in constant memory per test: states, the benchmark cases that ran
 * or were skipped, and the runs their records went to. Pure, so it is unit-tested without Vitest.
 * The records themselves are never here: they are in the journal.
 */
export class TestTally {
  private passed = 0
  private failed = 0
  private skipped = 0
  private readonly benchmark = { passed: 0, failed: 0 }
  private readonly notRun: CaseId[] = []
  private readonly ranCases: CaseId[] = []
  private readonly runs = new Set<string>()
  private readonly problems: string[] = []

  add(test: FinishedTest): void {
    const ran = test.state === 'passed' || test.state === 'failed'
    if (test.state === 'passed') this.passed++
    else if (test.state === 'failed') this.failed++
    else this.skipped++
    const { orgbenchCase, orgbenchCases, orgbenchMemory } = test.meta
    if (ran && (orgbenchCase !== undefined || orgbenchCases !== undefined || orgbenchMemory !== undefined)) this.benchmark[test.state as 'passed' | 'failed']++
    const id = test.meta.orgbenchCase as CaseId | undefined
    if (id && typeof id.task === 'string') {
      const caseId = { task: id.task, topology: id.topology, trial: id.trial }
      if (ran) this.ranCases.push(caseId)
      else this.notRun.push(caseId)
    }
    if (test.meta.orgbench === undefined) return
    const parsed = CaseMeta.safeParse(test.meta.orgbench)
    if (parsed.success) this.runs.add(parsed.data.runId)
    else this.problems.push(`test "${test.name}" left an invalid summary in its meta: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
  }

  counts(): { passed: number; failed: number; skipped: number } {
    return { passed: this.passed, failed: this.failed, skipped: this.skipped }
  }

  /** Every test counted, whatever its state. */
  total(): number {
    return this.passed + this.failed + this.skipped
  }

  /** Tests of the benchmark and learning files (not unit tests) that passed or failed. */
  benchmarkCounts(): { passed: number; failed: number } {
    return { ...this.benchmark }
  }

  /** Benchmark cases whose test ran (passed or failed). */
  ran(): readonly CaseId[] {
    return this.ranCases
  }

  /** Benchmark cases declared but not run (name filter, ORGBENCH_TASKS, skip). */
  skippedCases(): readonly CaseId[] {
    return this.notRun
  }

  /** The runs the tests' records were journaled into (one, or one per shard when merging). */
  runIds(): string[] {
    return [...this.runs].sort()
  }

  warnings(): string[] {
    return [...this.problems]
  }
}
