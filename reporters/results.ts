import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { relative, resolve } from 'node:path'
import type { Reporter, TestCase, TestModule, Vitest } from 'vitest/node'
import { type Config, loadConfig, publicConfig } from '../lib/config.js'
import { loadPrices } from '../lib/llm/pricing.js'
import { makeRunId, RunCollector } from '../lib/results/collect.js'
import { renderRunSummary } from '../lib/results/render.js'
import { stableJson, writeAtomic } from '../lib/results/write.js'

function gitCommit(cwd: string): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() || null
  } catch {
    return null
  }
}

/**
 * The orgbench reporter: a thin adapter from Vitest's hooks to lib/results. It collects each test's
 * record, writes results/runs/<run-id>.json atomically, prints the summary, and ends the output
 * with the line "N passed, N failed".
 */
export default class OrgbenchReporter implements Reporter {
  private collector = new RunCollector()
  private root = process.cwd()
  private startedAt = new Date()

  onInit(vitest: Vitest): void {
    this.root = vitest.config.root
    this.collector = new RunCollector()
    this.startedAt = new Date()
  }

  onTestCaseResult(testCase: TestCase): void {
    this.collector.add({ name: testCase.fullName, state: testCase.result().state, meta: testCase.meta().orgbench })
  }

  onTestRunEnd(_modules: ReadonlyArray<TestModule>, _errors: ReadonlyArray<unknown>, reason: string): void {
    let config: Config | null = null
    try {
      config = loadConfig({ cwd: this.root })
    } catch {
      // The configuration error was already reported when the tests were collected.
    }
    if (config) {
      const runId = makeRunId(this.startedAt, config.simulated, randomBytes(3).toString('hex'))
      const run = this.collector.build({
        runId,
        createdAt: this.startedAt.toISOString(),
        config: publicConfig(config),
        prices: loadPrices(config.pricesFile),
        commit: gitCommit(this.root),
        reason,
        maxUsd: config.maxUsd,
      })
      if (run.records.length > 0) {
        const file = resolve(this.root, config.resultsDir, `${runId}.json`)
        writeAtomic(file, stableJson(run))
        console.log(renderRunSummary(run, relative(this.root, file)))
      }
    }
    const { passed, failed } = this.collector.counts()
    console.log(`\n${passed} passed, ${failed} failed`)
  }
}
