import { describe, expect, test } from 'vitest'
import { scoreChecklist } from '../../../../lib/eval/checklist.js'
import { checkDesignChecklist, checkSetup, taskOf } from '../../../support/task-definitions.js'

const task = taskOf('software_architecture')

describe('software_architecture: its setup', () => {
  checkSetup(task, {
    track: 'general',
    costCenter: 'engineering',
    tier: 'standard',
    kind: 'design',
    deliverable: 'markdown',
    roles: ["systems_architect", "database_engineer", "infrastructure_lead", "api_designer", "observability_engineer"],
    rubric: [["coverage", 20], ["technical_depth", 20], ["coherence", 20], ["implementability", 20], ["edge_cases", 20]],
    composite: { groundTruth: 0, checklist: 0.4, judge: 0.6 },
  })
})

describe('software_architecture: its checklist', () => {
  checkDesignChecklist(task, {
    items: ["service_boundaries", "api_contract", "tenant_isolation", "data_schema", "caching", "backup_recovery", "event_broker", "async_reliability", "capacity_estimate", "autoscaling_rollout", "availability_slo", "latency_slo", "observability_alerting", "incident_response"],
    mustPass: ["tenant_isolation", "data_schema", "availability_slo"],
    promptItems: {},
  })
})

describe('software_architecture: tenant_isolation', () => {
  const met = (text: string) => scoreChecklist(task.checklist.filter((i) => i.id === 'tenant_isolation'), text).missing.length === 0
  test("a concrete isolation mechanism is named (tenant key with RLS, schema or database per tenant)", () => {
    expect(met("Every table carries tenant_id and Postgres row-level security filters on it.")).toBe(true)
    expect(met("Large customers get a database per tenant.")).toBe(true)
    expect(met("Tenants are kept apart from each other.")).toBe(false)
  })
})
