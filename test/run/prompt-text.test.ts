import { describe, expect, test } from 'vitest'
import { loadConfig } from '../../lib/config.js'
import { promptSha256, renderPromptText, singlePromptSha256 } from '../../lib/run/prompt-text.js'
import { loadRegistry } from '../../lib/tasks/registry.js'
import { tmpdir } from 'node:os'

const registry = await loadRegistry()
// No environment and no .env file: the defaults.
const config = loadConfig({ env: {}, cwd: tmpdir() })

describe('renderPromptText', () => {
  test("the single agent's prompt is its one call: a header naming the call, then the system and user messages, the brief among them", async () => {
    const task = registry.get('code_review_execution')
    const { text, calls } = await renderPromptText({ task, topology: 'single', memory: 'off', config })
    expect(calls).toBe(1)
    expect(text.split('\n')[0]).toBe(`<!-- single · answer · max_tokens ${config.maxOutputTokens} · response format code_review_deliverable -->`)
    expect(text).toContain('# [system]')
    expect(text).toContain(task.brief.trim().split('\n')[0]!)
  })
})

describe('promptSha256', () => {
  test("is the SHA-256 of the text's UTF-8 bytes in hex, what sha256sum gives of the written file", () => {
    expect(promptSha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  })
})

describe('singlePromptSha256', () => {
  test('a calibration run without memory answers `tasks --prompt <task> --memory off`; a change of the brief changes the digest', async () => {
    const task = registry.get('support_triage_execution')
    const off = await singlePromptSha256(task, 'off', config)
    expect(off).toBe(promptSha256((await renderPromptText({ task, topology: 'single', memory: 'off', config })).text))
    expect(await singlePromptSha256({ ...task, brief: `${task.brief}\nOne more sentence.` }, 'off', config)).not.toBe(off)
  })
  test('a local ORGBENCH_MAX_OUTPUT_TOKENS does not change the digest: it is taken at the default output cap', async () => {
    const task = registry.get('support_triage_execution')
    const capped = loadConfig({ env: { ORGBENCH_MAX_OUTPUT_TOKENS: '2048' }, cwd: tmpdir() })
    expect(await singlePromptSha256(task, 'off', capped)).toBe(await singlePromptSha256(task, 'off', config))
  })
})
