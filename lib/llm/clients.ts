import { resolve } from 'node:path'
import type { Config } from '../config.js'
import type { Secret } from '../secret.js'
import type { GatewayAddress } from '../gateway/permits.js'
import { permitsFor } from '../gateway/source.js'
import { endpointIdentity, ResponseCache } from './cache.js'
import { LlmClient } from './client.js'
import { configuredPrices } from './pricing.js'

const clients = new Map<string, LlmClient>()

/** Where a process's calls go and under which run. */
export interface ClientScope {
  baseURL: string
  /** The run coordinator of a Vitest run; null: this process holds the limits itself (scripts). */
  gateway: GatewayAddress | null
  runId: string
  /** Record replies even with ORGBENCH_CACHE=off, so the run can be resumed (Vitest runs). */
  resumable: boolean
  /** When the run's session started (Vitest runs): with ORGBENCH_CACHE=off, the run's replies recorded since are not served. */
  sessionStartedAt?: string | null
  /** Another endpoint than the agents' (the judge's own), with its key: it replaces `baseURL` and config.apiKey. */
  endpoint?: { baseURL: string; apiKey: Secret }
}

/**
 * The judge's client: the agents' (`sharedClient` on `scope`) unless the judge has its own
 * endpoint (config.judgeEndpoint), which then gets its base URL and key, under the same permits
 * and response cache.
 */
export function judgeClient(config: Config, scope: ClientScope): LlmClient {
  const own = config.judgeEndpoint
  return sharedClient(config, own ? { ...scope, endpoint: { baseURL: own.baseURL, apiKey: own.apiKey } } : scope)
}

/**
 * One client per process, endpoint and run: every call of a worker shares its transport, and the
 * run's limits are held by the one source of permits (the coordinator in a Vitest run).
 */
export function sharedClient(config: Config, scope: ClientScope): LlmClient {
  const baseURL = scope.endpoint?.baseURL ?? scope.baseURL
  const apiKey = scope.endpoint?.apiKey ?? config.apiKey
  // The key stays in this in-memory map only; two keys on one endpoint must not share a client.
  const key = [baseURL, apiKey.reveal(), scope.gateway?.port ?? 'local', scope.runId, scope.resumable, scope.sessionStartedAt ?? '', config.timeoutMs, config.retries, config.pricesFile ?? '', config.cache, config.cacheDir, config.maxConcurrency, config.rpm, config.tpm, config.maxUsd, config.contextCheck, config.responseFormat, config.reasoningModels.detect, ...config.reasoningModels.ids].join('|')
  let client = clients.get(key)
  if (!client) {
    client = new LlmClient({
      baseURL,
      apiKey,
      timeoutMs: config.timeoutMs,
      retries: config.retries,
      prices: configuredPrices(config),
      permits: permitsFor(config, scope.gateway),
      cache: new ResponseCache(resolve(config.cacheDir), config.cache, scope.runId, scope.resumable, scope.sessionStartedAt ?? null),
      // The embedded simulator's port changes every run; its identity must not.
      endpoint: endpointIdentity(scope.endpoint?.baseURL ?? config.baseURL),
      reasoningModels: config.reasoningModels,
      contextCheck: config.contextCheck === 'on',
      responseFormat: config.responseFormat,
    })
    clients.set(key, client)
  }
  return client
}
