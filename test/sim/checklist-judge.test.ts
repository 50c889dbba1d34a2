import { describe, expect, test } from 'vitest'
import { passages } from '../../lib/eval/passages.js'
import { itemReadings, meets, quoteOf } from '../../lib/sim/checklist-judge.js'
import type { ChecklistItem } from '../../lib/tasks/schema.js'

const halt: ChecklistItem = { id: 'drawdown_halt', description: 'auto-halt at 20% drawdown', patterns: ['halt(s|ed)? (trading )?at \\d+ ?% drawdown'], mustPass: false }
const design = ['# Design', '', '## Drawdown and auto-halt', '', '| level | drawdown |', '|---|---|', '| 3 = WARN | ≥ 10% |', '| 4 = HALT | ≥ 20% |', '', '## Orders', '', '- The engine halts trading at 20% drawdown, then unwinds.'].join('\n')

describe('the simulated checklist judge', () => {
  test('meets an item by a pattern, or by its numbers and key words in a passage and its context', () => {
    const read = passages(design)
    const byPattern = read.find((p) => p.text.startsWith('The engine'))!
    const byReading = read.find((p) => p.text.includes('HALT'))!
    expect(meets(halt, byPattern)).toBe(true)
    expect(quoteOf(halt, byPattern)).toBe('The engine halts trading at 20% drawdown, then unwinds.')
    expect(meets(halt, byReading)).toBe(true)
    expect(meets(halt, read.find((p) => p.text.includes('WARN'))!)).toBe(false)
  })

  test('an item that refuses negated matches is not read into a passage that negates: "no halt at 20% drawdown" states the numbers and words', () => {
    const negating = passages('- We run no auto-halt: a 20% drawdown is normal and the bot rides it out.')[0]!
    expect(meets({ ...halt, id: 'halt_plain' }, negating)).toBe(true)
    expect(meets({ ...halt, id: 'halt_refusing', refuseNegated: true }, negating)).toBe(false)
  })

  test('reads each item once (patterns compiled, numbers and words taken), however many passages and calls', () => {
    const item: ChecklistItem = { ...halt, id: 'fresh_item' }
    const before = itemReadings.count
    for (let call = 0; call < 3; call++) for (const p of passages(design)) meets(item, p)
    expect(itemReadings.count - before).toBe(1)
  })
})
