import { describe, expect, test } from 'vitest'
import { SimKnowledge } from '../../lib/sim/knowledge.js'
import { PromptText, wholeTexts } from '../../lib/sim/prompt-text.js'
import { quotedTask } from '../../lib/sim/quoted-task.js'
import { quotedView, splitInputs } from '../../lib/tasks/split.js'
import { taskBlock } from '../../lib/topologies/prompts.js'

const knowledge = await SimKnowledge.load()

describe('quotedTask', () => {
  test("is quotedView of the whole text for every task, around its own block and others'", () => {
    let fromParts = 0
    for (const task of knowledge.registry.tasks) {
      const split = splitInputs(task)
      const own = taskBlock(task)
      const parts = [taskBlock(split.train), taskBlock(split.heldOut), ...knowledge.registry.tasks.slice(0, 3).map(taskBlock)]
      for (const block of [own, ...parts]) {
        for (const [before, after] of [['', ''], ['System.\n\n', '\n\n## Format\nJSON.'], ['', `\n\n${parts[0]}`], [`${parts[1]}\n\n`, ''], ['### Input ', ''], ['', '\n\n"id": "']]) {
          const built = wholeTexts()
          expect(quotedTask(task, new PromptText(before!, block, after!)), `${task.id}`).toBe(quotedView(task, before + block + after))
          if (wholeTexts() === built) fromParts++
        }
      }
    }
    // Every prompt that quotes its task's own block is answered from the parts.
    expect(fromParts).toBeGreaterThanOrEqual(6 * knowledge.registry.tasks.length)
  })

  test('a task that splits into units is restricted to those a prompt without its own block quotes', () => {
    const task = knowledge.registry.tasks.find((t) => splitInputs(t).mode === 'inputs')!
    const split = splitInputs(task)
    expect(quotedTask(task, new PromptText(`${taskBlock(split.train)}\n\nx`))).not.toBe(task)
    expect(quotedTask(task, new PromptText('a\n\n', taskBlock(task), `\n\n${taskBlock(split.train)}`))).toBe(task)
  })
})
