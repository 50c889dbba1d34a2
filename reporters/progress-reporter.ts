import type { TestArtifact } from 'vitest'
import type { Reporter, TestCase, TestModule, Vitest } from 'vitest/node'
import { loadConfig } from '../lib/config.js'
import { memoryLine, RunProgress } from '../lib/results/progress.js'

/** What the progress reporter needs from its surroundings; tests replace each part. */
export interface ProgressOptions {
  /** Whether the output is a terminal: heartbeats are only for logs (CI), where nothing else moves. */
  isTTY?: boolean
  /** Seconds between heartbeats; default ORGBENCH_HEARTBEAT_S (15); 0: none. */
  heartbeatS?: number
  /** Where lines go; default Vitest's logger (which keeps them above its live summary). */
  print?: (line: string) => void
}

/** Whether a test is one the run declared (a filter or .skip leaves the others out when Vitest collects them). */
const declared = (t: TestCase): boolean => t.options.mode === 'run' || t.options.mode === 'only'

/**
 * Live progress over Vitest's per-test hooks: one line per finished benchmark case (status,
 * `task × topology #trial`, score, spend, done/total, running spend), the cases a learning
 * iteration runs included (it reports each as an `orgbench:case` artifact), and, when the output
 * is not a terminal, a heartbeat every few seconds with done/total, errors, spend and the time
 * left; for a learning run also why an iteration skipped and whether each task's memory version
 * was written. Tests print nothing themselves; unit tests (no orgbench meta) are not counted.
 */
export default class ProgressReporter implements Reporter {
  private progress = new RunProgress('[orgbench]')
  private timer: ReturnType<typeof setInterval> | null = null
  private print: (line: string) => void
  private heartbeatS: number
  /** Test files of this run, and how many Vitest has collected so far. */
  private files = 0
  private collected = 0

  constructor(private readonly options: ProgressOptions = {}) {
    this.print = options.print ?? ((line) => console.log(line))
    this.heartbeatS = options.heartbeatS ?? 15
  }

  onInit(vitest: Vitest): void {
    if (!this.options.print) this.print = (line) => vitest.logger.log(line)
    if (this.options.heartbeatS === undefined) {
      try {
        this.heartbeatS = loadConfig({ cwd: vitest.config.root }).heartbeatS
      } catch {
        // A configuration error is reported by the run itself; keep the default.
      }
    }
  }

  onTestRunStart(specifications: ReadonlyArray<unknown> = []): void {
    this.stop()
    this.progress = new RunProgress('[orgbench]')
    this.files = specifications.length
    this.collected = 0
    const tty = this.options.isTTY ?? process.stdout.isTTY === true
    if (!tty && this.heartbeatS > 0) {
      this.timer = setInterval(() => {
        if (this.progress.active()) this.print(this.progress.heartbeat(Date.now()))
      }, this.heartbeatS * 1000)
      this.timer.unref?.()
    }
  }

  onTestModuleCollected(module: TestModule): void {
    const runnable = [...module.children.allTests()].filter(declared)
    this.collected++
    this.progress.declare(
      runnable.map((t) => t.meta()),
      Date.now(),
      this.collected >= this.files,
    )
  }

  /** A case finished inside a test that runs several (a learning iteration). */
  onTestCaseArtifactRecord(_testCase: TestCase, artifact: TestArtifact): void {
    if (artifact.type === 'orgbench:case') this.print(this.progress.finishCase(artifact))
  }

  onTestCaseResult(testCase: TestCase): void {
    // A test a filter left out was never declared: it has nothing to count or say.
    if (!declared(testCase)) return
    const result = testCase.result()
    const note = result.state === 'skipped' ? result.note : undefined
    const reported = testCase.artifacts().filter((a) => a.type === 'orgbench:case').length
    const error = result.state === 'failed' ? result.errors?.[0]?.message : undefined
    const line = this.progress.finish({ state: result.state, meta: testCase.meta(), reported, name: testCase.name, note, error })
    if (line) this.print(line)
    // A learning run says whether it wrote the task's next memory version.
    if (testCase.meta().orgbenchMemory !== undefined && result.state !== 'pending') {
      const wrote = testCase.annotations().find((a) => a.type === 'orgbench:memory')?.message
      this.print(memoryLine('[orgbench]', { name: testCase.name, state: result.state, note, wrote, error }))
    }
  }

  onTestRunEnd(): void {
    this.stop()
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }
}
