import { describe, expect, test } from 'vitest'
import { MIN_QUOTE_CHARS, normaliseForQuote } from '../../lib/eval/checklist-judge/quote.js'
import { MIN_COPIED_CHARS, normalisedPromptOf, taskPromptText, withoutPromptCopies } from '../../lib/eval/prompt-copies.js'

const task = {
  brief: '# Treasury bot\n\nDesign the strategy system. The bot must halt when the drawdown reaches 20%, i.e. at €10,000 lost.\n\n## Hard constraints\n- €50,000 capital\n- no single position above 30%',
  hardConstraints: ['auto-halt at a 20% drawdown', 'SOL/USDC'],
  roles: [{ id: 'risk', name: 'Risk Manager', focus: 'Examines loss control: how drawdown is measured and enforced.', memoryKey: 'risk' }],
}

describe('taskPromptText and normalisedPromptOf', () => {
  test('the prompt is the brief, each hard constraint and each role focus, one per line; normalised as the quote check normalises', () => {
    expect(taskPromptText(task)).toBe(`${task.brief}\nauto-halt at a 20% drawdown\nSOL/USDC\nExamines loss control: how drawdown is measured and enforced.`)
    expect(normalisedPromptOf(task)).toBe(normaliseForQuote(taskPromptText(task)))
  })

  test('a copy is as short as a quote that proves something', () => {
    expect(MIN_COPIED_CHARS).toBe(MIN_QUOTE_CHARS)
  })
})

describe('withoutPromptCopies', () => {
  test('removes a line found verbatim in the prompt, whatever its list marker, emphasis, case or spacing', () => {
    const text = ['## Limits', '- **Auto-halt** at a 20%  drawdown', '1. no single position above 30%', '* €50,000 capital', 'Our own line stays.'].join('\n')
    expect(withoutPromptCopies(text, task)).toBe('## Limits\nOur own line stays.')
  })

  test("removes each copied sentence of a line and keeps the line's own sentences and its list marker", () => {
    const text = '- Design the strategy system. We halt at 20% drawdown by closing every pool. The bot must halt when the drawdown reaches 20%, i.e. at €10,000 lost.'
    expect(withoutPromptCopies(text, task)).toBe('- We halt at 20% drawdown by closing every pool.')
  })

  test('a sentence does not end at the full stop of an abbreviation: "i.e." inside a copied sentence leaves none of it behind', () => {
    expect(withoutPromptCopies('The bot must halt when the drawdown reaches 20%, i.e. at €10,000 lost. Then we rest.', task)).toBe('Then we rest.')
  })

  test('keeps what only contains, or differs from, the prompt\'s text, and what is too short to be a copy', () => {
    const text = ['We auto-halt at a 20% drawdown, measured every minute.', 'auto-halt at a 25% drawdown', 'SOL/USDC', '| Capital | €50,000 |'].join('\n')
    expect(withoutPromptCopies(text, task)).toBe(text)
  })

  test('a removed line leaves no blank line: the table or list around it stays one block', () => {
    expect(withoutPromptCopies('| Limit | Value |\n| no single position above 30% |\n| Drawdown halt | 20% |', task)).toBe('| Limit | Value |\n| Drawdown halt | 20% |')
  })
})
