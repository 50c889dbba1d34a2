import type { CallError } from './ledger.js'

/*
 * A server that cuts a prompt to its context window without saying so. Ollama's OpenAI-compatible
 * endpoint answers 200 to a prompt longer than the context it loaded the model with, drops the
 * start of the prompt and reports usage for the part it kept: a 45,000-character prompt comes
 * back as exactly 4,096 prompt tokens. The reply was made without the task's opening, so it is
 * not a result; the only trace is that reported count, so it is compared with the size sent.
 *
 * The size sent is the permits' estimate (estimatePromptTokens in lib/gateway/permits.ts), three
 * characters per token plus a few per message: an over-estimate on purpose. Real tokenizers
 * count 2.5 to 6 characters per token on English, code and JSON, which is 50 % to 120 % of that
 * estimate (the simulator, at four characters per token, about 75 %). A reported count below
 * 40 % of the estimate, more than 7.5 characters per token, is beyond any of them; a cut to a
 * context window is far below it (4,096 of an estimated 14,600 is 28 %). The price of that
 * margin: a cut that keeps more than 40 % of the estimate is not seen, so a context only a little
 * too small can still pass.
 */

/** Reported prompt tokens below this share of the estimate mean the prompt was cut. */
export const MIN_REPORTED_SHARE = 0.4

/**
 * Requests estimated below this many tokens are not checked: there the per-message overhead of
 * chat templates weighs as much as the text, and such prompts fit the contexts chat servers load
 * (Ollama's smallest default is 2,048 tokens).
 */
export const MIN_CHECKED_TOKENS = 1_024

/** The context to ask for: room for the prompt (as estimated) and the output cap, rounded up to a power of two. */
export function contextToAsk(estimatedTokens: number, maxTokens: number): number {
  return 2 ** Math.ceil(Math.log2(estimatedTokens + maxTokens))
}

/**
 * The error of a reply whose reported prompt tokens are far below the request's estimate (a
 * prompt cut to the server's context window), or null when they are not or the request is small.
 */
export function contextCut(model: string, reportedTokens: number, estimatedTokens: number, maxTokens: number): CallError | null {
  if (estimatedTokens < MIN_CHECKED_TOKENS || reportedTokens >= MIN_REPORTED_SHARE * estimatedTokens) return null
  const context = contextToAsk(estimatedTokens, maxTokens)
  return {
    kind: 'context_truncated',
    class: 'ContextTruncated',
    status: null,
    message:
      `${model}: the endpoint reported ${reportedTokens} prompt tokens for a request estimated at ${estimatedTokens} ` +
      `(under ${MIN_REPORTED_SHARE * 100} % of it): the server most likely cut the prompt to its context window and answered without the rest. ` +
      `Give the model a context of ${context} tokens or more, room for this prompt and max_tokens=${maxTokens} ` +
      `(Ollama: OLLAMA_CONTEXT_LENGTH=${context} ollama serve, or a Modelfile with PARAMETER num_ctx ${context}; num_ctx in a request is ignored on /v1), ` +
      'or set ORGBENCH_CONTEXT_CHECK=off if this tokenizer really counts so few tokens',
  }
}
