import { describe, expect, test } from 'vitest'
import { scoreChecklist } from '../../../../lib/eval/checklist.js'
import { checkDesignChecklist, checkSetup, taskOf } from '../../../support/task-definitions.js'

const task = taskOf('support_staffing_plan')

describe('support_staffing_plan: its setup', () => {
  checkSetup(task, {
    track: 'enterprise',
    costCenter: 'support',
    tier: 'hard',
    kind: 'design',
    deliverable: 'markdown',
    roles: ["workforce_planner", "shift_scheduler", "sla_analyst", "finance_partner"],
    rubric: [["arithmetic", 30], ["constraint_handling", 25], ["consistency", 20], ["operability", 15], ["risk_realism", 10]],
    composite: { groundTruth: 0, checklist: 0.6, judge: 0.4 },
  })
})

describe('support_staffing_plan: its checklist', () => {
  checkDesignChecklist(task, {
    items: ["monthly_workload", "productive_hours_basis", "headcount_by_region", "p1_volume", "p1_coverage_gap", "p1_gap_closed", "deadline_ticket_a", "deadline_ticket_b", "annual_cost", "budget_overrun"],
    mustPass: ["headcount_by_region", "p1_coverage_gap", "annual_cost"],
    promptItems: {},
  })
})

describe('support_staffing_plan: headcount_by_region', () => {
  const met = (text: string) => scoreChecklist(task.checklist.filter((i) => i.id === 'headcount_by_region'), text).missing.length === 0
  test("44 agents in the EU and 36 in the US, each beside its region", () => {
    expect(met("EU (Berlin): 44 agents; US (New York): 36 agents.")).toBe(true)
    expect(met("EU: 40 agents; US: 40 agents.")).toBe(false)
    expect(met("80 agents in total.")).toBe(false)
  })
})
