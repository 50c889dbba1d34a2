import { describe, expect, test } from 'vitest'
import { scoreChecklist } from '../../../lib/eval/checklist.js'
import { loadRegistry } from '../../../lib/tasks/registry.js'

/** The must-pass headcount of the staffing plan, read by its patterns as a plan writes it. */
const task = (await loadRegistry()).get('support_staffing_plan')
const headcount = task.checklist.filter((i) => i.id === 'headcount_by_region')
const met = (text: string) => scoreChecklist(headcount, text).missing.length === 0

describe('support_staffing_plan: headcount_by_region', () => {
  test("is met by each region's figure beside the region, on one line, in two sentences or on two lines of one list with decimals between them", () => {
    expect(met('Total: 44 EU + 36 US = 80 agents.')).toBe(true)
    expect(met('EU 44 agents. The US is sized in the next section at 36.')).toBe(true)
    expect(met('- EU: 5,497.8 h ÷ 126 h = 43.63 → **44 agents** (Berlin)\n- US: 4,498.2 h ÷ 126 h = 35.70 → **36 agents** (New York)\n')).toBe(true)
  })

  test('is not met by one region alone, by other figures, or by the two figures in separate paragraphs', () => {
    expect(met('- EU: 44 agents\n- US: 35 agents\n')).toBe(false)
    expect(met('The EU needs 44 agents.\n\nThe US needs 36 agents.\n')).toBe(false)
    expect(met('The EU needs 44 agents\n\nThe US needs 36 agents\n')).toBe(false)
  })

  test('is not met by a 36 that is not the US headcount, on another line of the same list', () => {
    expect(met('- EU: 44 agents (Berlin)\n- US: 35 agents (New York)\n- Hours per agent per week: 36\n')).toBe(false)
    expect(met('- EU: 44 agents (Berlin)\n- US: 36 agents (New York)\n')).toBe(true)
    expect(met('| Region | Agents |\n|---|---|\n| EU (Berlin) | 44 |\n| US (New York) | 36 |\n')).toBe(true)
  })
})
