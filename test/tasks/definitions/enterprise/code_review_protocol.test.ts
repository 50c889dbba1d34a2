import { describe, expect, test } from 'vitest'
import { scoreChecklist } from '../../../../lib/eval/checklist.js'
import { checkDesignChecklist, checkSetup, taskOf } from '../../../support/task-definitions.js'

const task = taskOf('code_review_protocol')

describe('code_review_protocol: its setup', () => {
  checkSetup(task, {
    track: 'enterprise',
    costCenter: 'engineering',
    tier: 'standard',
    kind: 'design',
    deliverable: 'markdown',
    roles: ["devops_ci_engineer", "security_engineer", "senior_software_engineer", "engineering_manager", "sre_reliability_engineer"],
    rubric: [["technical_precision", 20], ["automation_coverage", 20], ["velocity_balance", 20], ["failure_handling", 20], ["implementability", 20]],
    composite: { groundTruth: 0, checklist: 0.4, judge: 0.6 },
  })
})

describe('code_review_protocol: its checklist', () => {
  checkDesignChecklist(task, {
    items: ["pre_review_feedback_time", "named_static_tools", "security_scan_gate", "affected_only_ci", "ownership_load_assignment", "review_sla_reassignment", "change_size_limit", "test_coverage_threshold", "risk_based_approval", "merge_gate_conditions", "staged_canary", "automatic_rollback", "ci_failure_handling", "three_daily_deploys"],
    mustPass: ["merge_gate_conditions", "staged_canary", "three_daily_deploys"],
    promptItems: {
      change_size_limit: "Pull requests stay under 400 changed lines; larger ones are split before review.",
    },
  })
})

describe('code_review_protocol: merge_gate_conditions', () => {
  const met = (text: string) => scoreChecklist(task.checklist.filter((i) => i.id === 'merge_gate_conditions'), text).missing.length === 0
  test("the merge gate names its required checks or its merge queue; \"reviews are required\" alone does not count", () => {
    expect(met("Branch rules require status checks: lint, unit tests and the dependency scan must pass before merge.")).toBe(true)
    expect(met("All merges go through a merge queue that rebases and re-runs the required checks.")).toBe(true)
    expect(met("Every change needs an approving review before it merges.")).toBe(false)
  })
})
