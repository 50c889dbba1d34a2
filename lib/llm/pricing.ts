import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import type { Config } from '../config.js'
import { UserError } from '../errors.js'
import { fsCodeText } from '../fs-errors.js'
import { issueText } from '../zod-issues.js'
import { PROVIDERS } from '../providers.js'

export const ModelPrice = z.strictObject({
  provider: z.string().optional(),
  /** USD per million uncached prompt tokens. */
  input: z.number().nonnegative(),
  /** USD per million completion tokens (reasoning tokens included). */
  output: z.number().nonnegative(),
  /** USD per million cached prompt tokens; null means cached tokens are billed as input. */
  cachedInput: z.number().nonnegative().nullable().default(null),
  verifiedAt: z.iso.date({ error: 'expected a date like 2026-11-27' }),
  source: z.string().min(3),
})
export type ModelPrice = z.infer<typeof ModelPrice>

export const PriceFile = z.object({ $comment: z.string().optional(), models: z.record(z.string(), ModelPrice) })
export type PriceTable = Record<string, ModelPrice>

export interface TokenUsage {
  promptTokens: number
  completionTokens: number
  cachedTokens: number
}

/** A user's price file that cannot be read or does not match the format: a problem with the input, not a bug. */
export class PriceFileError extends UserError {
  override name = 'PriceFileError'
}

function readPriceFile(path: string, fail: (message: string) => Error): PriceTable {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw fail(`price file ${path}: ${typeof code === 'string' ? fsCodeText(code) : (e as Error).message}; expected a JSON file of prices (the format of lib/llm/prices.json)`)
  }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (e) {
    throw fail(`price file ${path}: not valid JSON (${(e as Error).message})`)
  }
  const parsed = PriceFile.safeParse(raw)
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => `field ${i.path.join('.') || '(root)'}: ${issueText(raw, i)}`).join('; ')
    throw fail(`price file ${path} is invalid (the format is lib/llm/prices.json's): ${where}`)
  }
  return parsed.data.models
}

/** The built-in price table (lib/llm/prices.json), read once. */
let builtInTable: PriceTable | null = null
function builtInPrices(): PriceTable {
  builtInTable ??= readPriceFile(fileURLToPath(new URL('./prices.json', import.meta.url)), (message) => new Error(message))
  return builtInTable
}

/**
 * The built-in table, overridden and extended entry by entry by a user file when given (a bad one:
 * PriceFileError). With `providers`, a built-in entry is kept only when its provider is one of them
 * (or the simulator, whose models any endpoint serving them is): a model id is not a price, since
 * providers serve one id at their own rates (`openai/gpt-oss-120b` at Groq, OpenRouter, a free
 * local vLLM). An entry of the user's file is the user's word: kept whatever its provider.
 */
export function loadPrices(userFile: string | null = null, providers: ReadonlySet<string> | null = null): PriceTable {
  const all = builtInPrices()
  const builtIn = providers === null ? { ...all } : Object.fromEntries(Object.entries(all).filter(([, p]) => p.provider === undefined || p.provider === 'sim' || providers.has(p.provider)))
  return userFile ? { ...builtIn, ...readPriceFile(userFile, (message) => new PriceFileError(message)) } : builtIn
}

/** The provider whose built-in price of `model` a run on other providers does not use (loadPrices); undefined when there is none, or it is the simulator's, used everywhere. */
export function builtInPriceProvider(model: string): string | undefined {
  const provider = builtInPrices()[model]?.provider
  return provider === 'sim' ? undefined : provider
}

/** What a run's prices depend on: its provider and base URL (and the judge's, when it has its own), and the file ORGBENCH_PRICES names. */
export type PricingConfig = Pick<Config, 'pricesFile' | 'provider' | 'baseURL'> & Partial<Pick<Config, 'judgeEndpoint'>>

/**
 * The providers whose built-in prices a run uses: its preset, or for a custom endpoint the preset
 * whose base URL has the same origin (`ORGBENCH_BASE_URL=https://api.groq.com/openai/v1` is Groq),
 * and the same of the judge's own endpoint; any other custom endpoint has none.
 */
export function pricingProviders(config: Omit<PricingConfig, 'pricesFile'>): Set<string> {
  const endpoints: Array<{ provider: string; baseURL: string | null }> = [config, ...(config.judgeEndpoint ? [config.judgeEndpoint] : [])]
  return new Set(endpoints.map(presetOf).filter((p) => p !== null))
}

/** The preset an endpoint is: its provider, or for a custom one the preset at the same origin; null for none. */
function presetOf(endpoint: { provider: string; baseURL: string | null }): string | null {
  if (endpoint.provider !== 'custom') return endpoint.provider
  const origin = endpoint.baseURL !== null && URL.canParse(endpoint.baseURL) ? new URL(endpoint.baseURL).origin : null
  const preset = Object.entries(PROVIDERS).find(([, p]) => p.baseURL !== null && origin !== null && new URL(p.baseURL).origin === origin)
  return preset ? preset[0] : null
}

/**
 * The prices a run uses: the built-in entries of its provider (pricingProviders) and the file
 * ORGBENCH_PRICES names (relative to `root`). A bad file is a PriceFileError that names the
 * variable, as the user set it.
 */
export function configuredPrices(config: PricingConfig, root = process.cwd()): PriceTable {
  try {
    return loadPrices(config.pricesFile === null ? null : resolve(root, config.pricesFile), pricingProviders(config))
  } catch (e) {
    throw e instanceof PriceFileError ? new PriceFileError(`ORGBENCH_PRICES=${config.pricesFile}: ${e.message}`) : e
  }
}

/**
 * Dollar cost of one call, or null when the model has no price: an unknown price is never 0.
 * Prompt tokens include cached tokens (OpenAI's convention), so cached ones are billed apart.
 */
export function costOf(prices: PriceTable, model: string, usage: TokenUsage): number | null {
  const price = prices[model]
  if (!price) return null
  const cached = Math.min(usage.cachedTokens, usage.promptTokens)
  const cachedRate = price.cachedInput ?? price.input
  return ((usage.promptTokens - cached) * price.input + cached * cachedRate + usage.completionTokens * price.output) / 1e6
}
