import { resolve } from 'node:path'
import type { TestProject } from 'vitest/node'
import { loadConfig } from '../config.js'
import { isUserError } from '../errors.js'
import { sameModelWarning } from '../eval/judge/judge.js'
import { startSimulator } from '../sim/server.js'
import { loadRegistry } from '../tasks/registry.js'
import { preflight } from './preflight.js'
import { setActiveRun, startRun } from './start.js'

/**
 * Vitest globalSetup: validates the configuration, every task and everything else that could fail
 * later (preflight) before any test runs; starts (or resumes) the run and its journal; and, when
 * no endpoint is configured, starts the embedded simulator. Run and simulator URL reach the workers
 * through provide(). Teardown is silent so that the reporter's "N passed, N failed" stays last.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = project.config.root
  let config
  try {
    config = loadConfig({ cwd: root })
    preflight(config, await loadRegistry(), root)
    const shard = project.vitest.config.shard
    const run = startRun({ config, resultsDir: resolve(root, config.resultsDir), root, shard: shard ? { index: shard.index, count: shard.count } : null, log: (l) => console.log(l) })
    project.provide('orgbenchRun', run)
    setActiveRun(run)
    const { broken } = await loadRegistry()
    // A broken task fails its own tests (lib/run/task-errors.ts); the rest of the suite runs.
    if (broken.length > 0) {
      console.warn(`\n[orgbench] ${broken.length} task(s) cannot run; their tests will fail, the others run:\n${broken.map((b) => `  ${b.id} (${b.file}):\n${b.problems.map((p) => `    - ${p}`).join('\n')}`).join('\n')}\n`)
    }
  } catch (e) {
    // Bad input is the user's to fix, not a crash: say what is wrong, without a stack trace, and stop.
    if (isUserError(e)) {
      console.error(`\n${e.message}\n`)
      process.exit(2)
    }
    throw e
  }
  if (config.judge === 'on' && config.judgeModel === config.model) console.warn(`[orgbench] warning: ${sameModelWarning(config.model)}`)
  if (config.baseURL !== null) {
    project.provide('orgbenchSimulatorURL', null)
    return async () => {}
  }
  const simulator = await startSimulator({ latency: config.simLatency })
  project.provide('orgbenchSimulatorURL', simulator.url)
  return () => simulator.close()
}
