import type { Config } from '../config.js'
import { LlmClient } from './client.js'
import { loadPrices } from './pricing.js'

const clients = new Map<string, LlmClient>()

/** One client per worker and endpoint, so the concurrency limit is shared by all calls of a worker. */
export function sharedClient(config: Config, baseURL: string): LlmClient {
  // The key stays in this in-memory map only; two keys on one endpoint must not share a client.
  const key = `${baseURL}|${config.apiKey.reveal()}|${config.maxConcurrency}|${config.timeoutMs}|${config.retries}|${config.pricesFile ?? ''}`
  let client = clients.get(key)
  if (!client) {
    client = new LlmClient({
      baseURL,
      apiKey: config.apiKey,
      timeoutMs: config.timeoutMs,
      retries: config.retries,
      maxConcurrency: config.maxConcurrency,
      prices: loadPrices(config.pricesFile),
    })
    clients.set(key, client)
  }
  return client
}
