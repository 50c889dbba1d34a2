import type { TestProject } from 'vitest/node'
import { ConfigError, loadConfig } from '../config.js'
import { sameModelWarning } from '../eval/judge/judge.js'
import { startSimulator } from '../sim/server.js'
import { loadRegistry, TaskRegistryError } from '../tasks/registry.js'

/**
 * Vitest globalSetup: validates the configuration and every task before any test runs and, when
 * no endpoint is configured, starts the embedded simulator and hands its URL to the workers.
 * Teardown is silent so that the reporter's "N passed, N failed" stays the last line of the output.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let config
  try {
    config = loadConfig({ cwd: project.config.root })
    const { broken } = await loadRegistry()
    // A broken task fails its own tests (lib/run/task-errors.ts); the rest of the suite runs.
    if (broken.length > 0) {
      console.warn(`\n[orgbench] ${broken.length} task(s) cannot run; their tests will fail, the others run:\n${broken.map((b) => `  ${b.id} (${b.file}):\n${b.problems.map((p) => `    - ${p}`).join('\n')}`).join('\n')}\n`)
    }
  } catch (e) {
    // Bad input is the user's to fix, not a crash: say what is wrong, without a stack trace, and stop.
    if (e instanceof ConfigError || e instanceof TaskRegistryError) {
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
