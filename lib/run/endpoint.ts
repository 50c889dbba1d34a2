import type { Config } from '../config.js'
import { startSimulator } from '../sim/server.js'

/**
 * Runs `fn` against the configured endpoint, or against an embedded simulator started for the
 * occasion when none is configured (scripts outside Vitest: calibration, re-scoring).
 */
export async function withEndpoint<T>(config: Config, fn: (baseURL: string) => Promise<T>): Promise<T> {
  if (config.baseURL !== null) return fn(config.baseURL)
  const simulator = await startSimulator({ latency: config.simLatency })
  try {
    return await fn(simulator.url)
  } finally {
    await simulator.close()
  }
}
