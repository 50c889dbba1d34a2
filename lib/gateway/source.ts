import type { Config } from '../config.js'
import { configuredPrices } from '../llm/pricing.js'
import { Governor, type GovernorLimits } from './governor.js'
import type { GatewayAddress, Permits } from './permits.js'
import { RemotePermits } from './remote.js'

/** The run's limits as the configuration sets them. */
export function limitsOf(config: Config): GovernorLimits {
  return { maxConcurrency: config.maxConcurrency, rpm: config.rpm, tpm: config.tpm, maxUsd: config.maxUsd }
}

const sources = new Map<string, Permits>()

/**
 * The one source of permits of this process: the run coordinator when `address` is given (a
 * Vitest worker), otherwise an in-process Governor with the configured limits (scripts such as
 * rescore, calibrate and perf), so both go through the same logic.
 */
export function permitsFor(config: Config, address: GatewayAddress | null): Permits {
  const key = address ? `remote:${address.port}` : `local:${JSON.stringify(limitsOf(config))}|${config.pricesFile ?? ''}`
  let source = sources.get(key)
  if (!source) {
    source = address ? new RemotePermits(address) : new Governor(limitsOf(config), configuredPrices(config))
    sources.set(key, source)
  }
  return source
}
