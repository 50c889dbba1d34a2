import type { TestProject } from 'vitest/node'
import { ConfigError, loadConfig } from '../config.js'
import { isUserError } from '../errors.js'
import { checkBudgetPrices } from '../gateway/budget.js'
import { startCoordinator } from '../gateway/coordinator.js'
import { Governor } from '../gateway/governor.js'
import { limitsOf } from '../gateway/source.js'
import { loadPrices } from '../llm/pricing.js'
import { loadRegistry, TaskRegistryError } from '../tasks/registry.js'
import { newRunId, setRunId } from './run-id.js'

/**
 * Vitest globalSetup: validates the configuration and every task before any test runs, starts the
 * run coordinator (one set of limits, one dollar ledger and one 429 pause for every worker) and,
 * when no endpoint is configured, the embedded simulator, and hands their addresses to the workers.
 * Teardown is silent so that the reporter's "N passed, N failed" stays the last line of the output.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let config
  let prices
  try {
    config = loadConfig({ cwd: project.config.root })
    prices = loadPrices(config.pricesFile)
    checkBudgetPrices(config, prices)
    await loadRegistry()
  } catch (e) {
    // Bad input is the user's to fix, not a crash: say what is wrong, without a stack trace, and stop.
    if (e instanceof ConfigError || e instanceof TaskRegistryError || isUserError(e) || (e instanceof Error && e.message.startsWith('price file '))) {
      console.error(`\n${e.message}\n`)
      process.exit(2)
    }
    throw e
  }
  if (config.judge === 'on' && config.judgeModel === config.model) {
    // Imported only when needed: the judge module pulls in the client and the openai SDK.
    const { sameModelWarning } = await import('../eval/judge/judge.js')
    console.warn(`[orgbench] warning: ${sameModelWarning(config.model)}`)
  }

  const runId = newRunId(config.simulated)
  setRunId(runId)
  const coordinator = await startCoordinator(new Governor(limitsOf(config), prices))
  project.provide('orgbenchRunId', runId)
  project.provide('orgbenchGateway', coordinator.address)

  if (config.baseURL !== null) {
    project.provide('orgbenchSimulatorURL', null)
    return () => coordinator.close()
  }
  // Loaded only when needed: a run against a real endpoint never pays for the simulator's modules.
  const { startSimulator } = await import('../sim/server.js')
  const simulator = await startSimulator({ latency: config.simLatency })
  project.provide('orgbenchSimulatorURL', simulator.url)
  return async () => {
    await coordinator.close()
    await simulator.close()
  }
}
