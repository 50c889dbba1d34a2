import type { TestProject } from 'vitest/node'
import { loadConfig } from '../config.js'
import { sameModelWarning } from '../eval/judge/judge.js'
import { startSimulator } from './server.js'

/**
 * Vitest globalSetup: validates the configuration before any test runs and, when no endpoint is
 * configured, starts the embedded simulator and hands its URL to the workers. Teardown is silent
 * so that the reporter's "N passed, N failed" stays the last line of the output.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const config = loadConfig({ cwd: project.config.root })
  if (config.judge === 'on' && config.judgeModel === config.model) console.warn(`[orgbench] warning: ${sameModelWarning(config.model)}`)
  if (config.baseURL !== null) {
    project.provide('orgbenchSimulatorURL', null)
    return async () => {}
  }
  const simulator = await startSimulator({ latency: config.simLatency })
  project.provide('orgbenchSimulatorURL', simulator.url)
  return () => simulator.close()
}
