import { z } from 'zod'
import { describe, expect, test } from 'vitest'
import { loadConfig } from '../../lib/config.js'
import { requestedResponseFormat } from '../../lib/llm/response-format.js'
import { RESPONSE_FORMAT_MODES } from '../../lib/llm/response-format-mode.js'
import { importGraph } from '../support/import-graph.js'
import { tempDir } from '../support/temp.js'

describe('RESPONSE_FORMAT_MODES', () => {
  test('are the strict schema (the default, first), JSON mode, and no response format', () => {
    expect(RESPONSE_FORMAT_MODES).toEqual(['json_schema', 'json_object', 'none'])
  })

  test('each is accepted as ORGBENCH_RESPONSE_FORMAT and sends its own response_format', () => {
    const schema = z.object({ verdict: z.string() })
    const sent = RESPONSE_FORMAT_MODES.map((mode) => {
      expect(loadConfig({ env: { ORGBENCH_RESPONSE_FORMAT: mode }, cwd: tempDir() }).responseFormat).toBe(mode)
      return requestedResponseFormat(mode, schema, 'answer')?.type
    })
    expect(sent).toEqual(['json_schema', 'json_object', undefined])
  })

  test('reading the modes loads no package, so the configuration is read without the openai SDK', () => {
    expect([...importGraph('lib/llm/response-format-mode.ts').packages]).toEqual([])
  })
})
