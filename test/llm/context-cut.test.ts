import { describe, expect, test } from 'vitest'
import { estimatePromptTokens } from '../../lib/gateway/permits.js'
import { contextCut, contextToAsk, MIN_CHECKED_TOKENS, MIN_REPORTED_SHARE } from '../../lib/llm/context-cut.js'
import { estimateTokens } from '../../lib/text.js'

/** A system and a user message of `chars` characters in all, as an agent's call sends them. */
const messages = (chars: number) => [
  { role: 'system', content: 'x'.repeat(Math.floor(chars / 10)) },
  { role: 'user', content: 'y'.repeat(chars - Math.floor(chars / 10)) },
]
const CAP = 8_192

describe('contextCut: a prompt cut to the server\'s context window', () => {
  test('Ollama\'s 4,096 prompt tokens for a 45,000-character request is an error naming the model, both counts and the context to set', () => {
    const estimated = estimatePromptTokens(messages(45_000))
    expect(estimated).toBe(15_011)
    const error = contextCut('qwen3:8b', 4_096, estimated, CAP)
    expect(error).toMatchObject({ kind: 'context_truncated', class: 'ContextTruncated', status: null })
    expect(error!.message).toContain('qwen3:8b: the endpoint reported 4096 prompt tokens for a request estimated at 15011 (under 40 % of it)')
    expect(error!.message).toContain('a context of 32768 tokens or more, room for this prompt and max_tokens=8192')
    expect(error!.message).toContain('OLLAMA_CONTEXT_LENGTH=32768 ollama serve, or a Modelfile with PARAMETER num_ctx 32768')
    expect(error!.message).toContain('ORGBENCH_CONTEXT_CHECK=off')
  })

  test('tokenizers from 2.5 to 6 characters per token never trip it, nor does the simulator\'s count', () => {
    for (const chars of [3_500, 45_000, 400_000]) {
      const estimated = estimatePromptTokens(messages(chars))
      for (const charsPerToken of [2.5, 3, 4, 5, 6]) expect(contextCut('m', Math.ceil(chars / charsPerToken), estimated, CAP), `${chars} chars at ${charsPerToken}`).toBeNull()
      const simulated = messages(chars).reduce((n, m) => n + 4 + estimateTokens(m.content), 3)
      expect(contextCut('sim-strong', simulated, estimated, CAP)).toBeNull()
    }
  })

  test('the line is at 40 % of the estimate: just under it is a cut, at it is not', () => {
    const estimated = 10_000
    expect(MIN_REPORTED_SHARE * estimated).toBe(4_000)
    expect(contextCut('m', 3_999, estimated, CAP)?.kind).toBe('context_truncated')
    expect(contextCut('m', 4_000, estimated, CAP)).toBeNull()
  })

  test('a request estimated under 1,024 tokens is not checked, however few tokens are reported', () => {
    expect(contextCut('m', 1, MIN_CHECKED_TOKENS - 1, CAP)).toBeNull()
    expect(contextCut('m', 1, MIN_CHECKED_TOKENS, CAP)?.kind).toBe('context_truncated')
  })
})

describe('contextToAsk', () => {
  test('the prompt plus the output cap, rounded up to a power of two', () => {
    expect(contextToAsk(15_011, 8_192)).toBe(32_768)
    expect(contextToAsk(24_576, 8_192)).toBe(32_768)
    expect(contextToAsk(24_577, 8_192)).toBe(65_536)
    expect(contextToAsk(24_000, 8_768)).toBe(32_768)
    expect(contextToAsk(100_000, 8_192)).toBe(131_072)
  })
})
