import { describe, expect, test } from 'vitest'
import { scoreChecklist } from '../../../../lib/eval/checklist.js'
import { checkDesignChecklist, checkSetup, taskOf } from '../../../support/task-definitions.js'

const task = taskOf('support_triage_system')

describe('support_triage_system: its setup', () => {
  checkSetup(task, {
    track: 'enterprise',
    costCenter: 'support',
    tier: 'standard',
    kind: 'design',
    deliverable: 'markdown',
    roles: ["support_operations_engineer", "customer_success_manager", "ml_ai_engineer", "knowledge_management_specialist", "sla_compliance_analyst"],
    rubric: [["schema_completeness", 20], ["automation_ratio", 20], ["sla_rigor", 20], ["learning_loop", 20], ["client_tier_awareness", 20]],
    composite: { groundTruth: 0, checklist: 0.4, judge: 0.6 },
  })
})

describe('support_triage_system: its checklist', () => {
  checkDesignChecklist(task, {
    items: ["ticket_schema", "classification_confidence", "routing_rules", "plan_sla_targets", "sla_clock_rules", "breach_prevention_alerts", "escalation_tree", "kb_semantic_suggestion", "kb_template_review", "kb_gap_loop", "automation_target", "resolution_quality_metrics", "model_retraining", "sixty_day_plan"],
    mustPass: ["ticket_schema", "routing_rules", "plan_sla_targets", "breach_prevention_alerts"],
    promptItems: {
      resolution_quality_metrics: "We target a reopen rate below 5 % and CSAT of at least 85 %, checked by weekly QA sampling of 20 tickets.",
    },
  })
})

describe('support_triage_system: ticket_schema', () => {
  const met = (text: string) => scoreChecklist(task.checklist.filter((i) => i.id === 'ticket_schema'), text).missing.length === 0
  test("a schema table with a ticket id column, or named id and priority fields", () => {
    expect(met("| ticket_id | priority | category |\n|---|---|---|")).toBe(true)
    expect(met("Each ticket has an identifier and a priority.")).toBe(false)
  })
})
