import { createHash } from 'node:crypto'
import { type Config, DEFAULT_MAX_OUTPUT_TOKENS } from '../config.js'
import { type MemorySource, OrgMemory } from '../memory/memory.js'
import type { Task } from '../tasks/registry.js'
import { renderCallText, renderFirstCalls } from '../topologies/render-prompt.js'
import { outputCap } from './runner.js'
import { topologyOptions } from './topology-options.js'

/** A topology's first calls for a task as one text, what `orgbench tasks --prompt` prints or writes: the calls apart by a rule. */
export async function renderPromptText(opts: { task: Task; topology: string; memory: MemorySource; config: Config }): Promise<{ text: string; calls: number }> {
  const { task, topology, memory, config } = opts
  const calls = await renderFirstCalls({
    task,
    topology,
    lessons: OrgMemory.load(memory, config.memoryDir, task, config.simulated).lookup,
    maxOutputTokens: outputCap(config, task),
    options: topology === 'self_refine' ? { budgetTokens: null, budgetSource: 'estimate' } : await topologyOptions(topology, config),
  })
  return { text: calls.map(renderCallText).join('\n\n---\n\n'), calls: calls.length }
}

/** SHA-256 (hex) of a rendered prompt's UTF-8 text: the same digest `sha256sum` gives of the file `--out` writes. */
export function promptSha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

/**
 * The digest of the single agent's prompt for a task as a calibration run with `memory` answered it:
 * `orgbench tasks --prompt <task> --memory off` for a run without org memory, the persisted memory for one with it.
 * Rendered at the default output cap, whatever ORGBENCH_MAX_OUTPUT_TOKENS says here, so that a local setting
 * does not make every calibrated prompt read as changed.
 */
export async function singlePromptSha256(task: Task, memory: 'on' | 'off', config: Config): Promise<string> {
  const atDefaults = { ...config, maxOutputTokens: DEFAULT_MAX_OUTPUT_TOKENS }
  return promptSha256((await renderPromptText({ task, topology: 'single', memory: memory === 'on' ? 'persisted' : 'off', config: atDefaults })).text)
}
