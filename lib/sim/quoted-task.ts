import type { Task } from '../tasks/registry.js'
import { quotedView, splitInputs } from '../tasks/split.js'
import { taskBlock } from '../topologies/prompts.js'
import type { PromptText } from './prompt-text.js'

/*
 * The task as a prompt quotes it (`quotedView`: restricted to the units the prompt quotes, when it
 * quotes some but not all), without reading the whole prompt when it quotes the task's own block.
 * A unit is quoted when the prompt holds its marker (`### Input <id>:`, `"id": "<id>"`), so a prompt
 * that holds a text quoting every unit quotes every unit, whatever surrounds that text. Whether a
 * task's block quotes every unit is found once per task.
 */

interface OwnBlock {
  block: string
  quotesEveryUnit: boolean
}
const ownBlocks = new WeakMap<Task, OwnBlock>()

/**
 * Whether `block` quotes every unit of the task: quotedView leaves the task whole for it (every
 * unit or none), and also for it followed by a block that quotes only part of the units (so not
 * none). A task with fewer than two units, or none to split, is left whole by any prompt.
 */
function quotesEveryUnit(task: Task, block: string): boolean {
  if (quotedView(task, block) !== task) return false
  const split = splitInputs(task)
  if (split.mode === 'seeds') return true
  const part = taskBlock(split.train)
  return quotedView(task, part) !== task && quotedView(task, `${block}\n\n${part}`) === task
}

function ownBlock(task: Task): OwnBlock {
  let own = ownBlocks.get(task)
  if (!own) {
    const block = taskBlock(task)
    ownBlocks.set(task, (own = { block, quotesEveryUnit: quotesEveryUnit(task, block) }))
  }
  return own
}

/** Exactly `quotedView(task, prompt.text)`. */
export function quotedTask(task: Task, prompt: PromptText): Task {
  if (prompt.block !== null) {
    const own = ownBlock(task)
    if (own.quotesEveryUnit && prompt.block === own.block) return task
  }
  return quotedView(task, prompt.text)
}
