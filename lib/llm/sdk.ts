import OpenAI from 'openai'
import { orgbenchFetch } from './http.js'

/** The headers of every chat request orgbench sends (one object: the SDK's header memo below recognises it). */
export const JSON_HEADERS: Readonly<Record<string, string>> = Object.freeze({ 'content-type': 'application/json' })

/** What the SDK's (private) buildHeaders is given, as far as the memo reads it. */
interface HeaderArgs {
  options: { headers?: unknown; timeout?: number; idempotencyKey?: string; __metadata?: unknown; __security?: unknown }
  method: string
  bodyHeaders: unknown
  retryCount: number
  x509Headers?: unknown
  x509Tenant?: unknown
}
type BuildHeaders = (args: HeaderArgs) => Promise<Headers>

/**
 * The openai SDK as orgbench's client drives it: over orgbench's transport, with no retries of its
 * own (the client retries and counts). baseURL and apiKey are explicit: the SDK must not fall back
 * to OPENAI_* variables.
 *
 * The SDK builds the request headers anew for every request (user agent, platform, auth, its
 * timeout and retry count, merged through WHATWG Headers): about 20 µs of CPU per call, for
 * headers that are the same on every chat call of a client. Here they are built once per method,
 * retry count and timeout, for requests that carry exactly JSON_HEADERS and nothing that varies
 * (no idempotency key, helper metadata, security schemes, body headers, X.509 or workload-identity
 * authentication, provider runtime: their headers change over time); any other request
 * gets the SDK's own. Nothing in this request path changes the headers once built (test/llm/sdk.test.ts
 * compares what is sent with what a plain SDK sends).
 */
export function chatSdk(options: { baseURL: string; apiKey: string; timeoutMs: number }): OpenAI {
  const sdk = new OpenAI({ baseURL: options.baseURL, apiKey: options.apiKey, maxRetries: 0, timeout: options.timeoutMs, fetch: orgbenchFetch as typeof fetch })
  const target = sdk as unknown as { buildHeaders?: BuildHeaders; idempotencyHeader?: string; _workloadIdentityAuth?: unknown; _provider?: unknown }
  const build = target.buildHeaders
  // Another SDK version without this method: its own headers, unmemoised.
  if (typeof build !== 'function') return sdk
  const built = new Map<string, Promise<Headers>>()
  target.buildHeaders = (args) => {
    const o = args.options
    if (o.headers !== JSON_HEADERS || o.idempotencyKey !== undefined || o.__metadata !== undefined || o.__security !== undefined || args.bodyHeaders !== undefined || args.x509Headers !== undefined || args.x509Tenant !== undefined || target.idempotencyHeader || target._workloadIdentityAuth || target._provider) {
      return build.call(sdk, args)
    }
    const key = `${args.method}|${args.retryCount}|${o.timeout}`
    let headers = built.get(key)
    if (!headers) {
      headers = build.call(sdk, args)
      built.set(key, headers)
      // A failure (e.g. no credentials) is the SDK's to report, every time.
      headers.catch(() => built.delete(key))
    }
    return headers
  }
  return sdk
}
