import { describe, expect, test } from 'vitest'
import { scoreChecklist } from '../../../../lib/eval/checklist.js'
import { checkDesignChecklist, checkSetup, taskOf } from '../../../support/task-definitions.js'

const task = taskOf('strategic_planning')

describe('strategic_planning: its setup', () => {
  checkSetup(task, {
    track: 'general',
    costCenter: 'strategy',
    tier: 'standard',
    kind: 'design',
    deliverable: 'markdown',
    roles: ["market_strategist", "growth_engineer", "product_manager", "revenue_lead", "ops_planner"],
    rubric: [["coverage", 20], ["technical_depth", 20], ["coherence", 20], ["implementability", 20], ["edge_cases", 20]],
    composite: { groundTruth: 0, checklist: 0.4, judge: 0.6 },
  })
})

describe('strategic_planning: its checklist', () => {
  checkDesignChecklist(task, {
    items: ["icp_defined", "positioning_differentiation", "cpa_targets", "content_cadence", "activation_definition", "time_to_value", "funnel_conversion", "pricing_tiers", "revenue_milestones", "gates_30_60_90", "budget_runway", "hiring_plan", "design_partner_conversion"],
    mustPass: ["pricing_tiers", "revenue_milestones", "gates_30_60_90", "budget_runway"],
    promptItems: {},
  })
})

describe('strategic_planning: pricing_tiers', () => {
  const met = (text: string) => scoreChecklist(task.checklist.filter((i) => i.id === 'pricing_tiers'), text).missing.length === 0
  test("a tier is priced in dollars per seat or per month; a tier without a price does not count", () => {
    expect(met("Team plan: $12 per seat per month; Enterprise from $40/user.")).toBe(true)
    expect(met("We offer Free, Team and Enterprise tiers.")).toBe(false)
    expect(met("Pricing will be competitive.")).toBe(false)
  })
})
