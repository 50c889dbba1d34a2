import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'

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

function readPriceFile(path: string): PriceTable {
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'))
  } catch (e) {
    throw new Error(`price file ${path}: ${(e as Error).message}`)
  }
  const parsed = PriceFile.safeParse(raw)
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
    throw new Error(`price file ${path} is invalid: ${where}`)
  }
  return parsed.data.models
}

/** The built-in table, overridden and extended entry by entry by a user file when given. */
export function loadPrices(userFile: string | null = null): PriceTable {
  const builtIn = readPriceFile(fileURLToPath(new URL('./prices.json', import.meta.url)))
  return userFile ? { ...builtIn, ...readPriceFile(userFile) } : builtIn
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
