import { expect, test } from 'vitest'
import { isListItem } from '../../../lib/eval/judge/list-item.js'

// Is the last line of each text an item of a list?
const cases: Array<[string, string, boolean]> = [
  ['next to items with the same marker', '- Intake\n- Planner\n- Reviewer', true],
  ['in a loose list', '- Intake\n\n- Reviewer', true],
  ['in a list of dashes', '— Intake\n— the coordinator', true],
  ['in a numbered list', '1. Planner\n2. Reviewer', true],
  ['alone under a line that leads into a list', 'Agents that may declare an incident:\n- Reviewer', true],
  ['under a bold lead-in and a blank line', '**Approvers:**\n\n* Security Engineer', true],
  ['a dash line after prose', 'Heartbeats every 5 s.\n— The Synthesizer', false],
  ['a dash line after a list with another marker', '- Canary at 5 %.\n\n— The Synthesizer', false],
  ['a dash line under a colon (only markdown items follow a lead-in)', 'Signed:\n-- the coordinator', false],
  ['an item alone', '- The Synthesizer', false],
  ['a line without a marker', '- Intake\nPlanner', false],
  ['a rule', '- Intake\n---', false],
]

test.each(cases)('%s', (_name, text, expected) => {
  const lines = text.split('\n')
  expect(isListItem(lines, lines.length - 1)).toBe(expected)
})

test('the first item of a list is told by the item after it', () => {
  expect(isListItem(['- Reviewer', '- Planner'], 0)).toBe(true)
})
