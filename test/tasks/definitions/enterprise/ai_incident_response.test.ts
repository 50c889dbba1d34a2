import { describe, expect, test } from 'vitest'
import { scoreChecklist } from '../../../../lib/eval/checklist.js'
import { checkDesignChecklist, checkSetup, taskOf } from '../../../support/task-definitions.js'

const task = taskOf('ai_incident_response')

describe('ai_incident_response: its setup', () => {
  checkSetup(task, {
    track: 'enterprise',
    costCenter: 'operations',
    tier: 'standard',
    kind: 'design',
    deliverable: 'markdown',
    roles: ["systems_architect", "coordination_specialist", "governance_designer", "emergence_engineer", "network_analyst"],
    rubric: [["coverage", 20], ["technical_depth", 20], ["coherence", 20], ["implementability", 20], ["edge_cases", 20]],
    composite: { groundTruth: 0, checklist: 0.4, judge: 0.6 },
  })
})

describe('ai_incident_response: its checklist', () => {
  checkDesignChecklist(task, {
    items: ["heartbeat_timing", "consecutive_miss_threshold", "progress_and_quality_detection", "incident_message_schema", "severity_escalation", "authority_succession", "redistribution_algorithm", "overload_shedding", "idempotent_handoff", "reintegration_ramp", "state_resync", "post_incident_record", "lessons_feedback_metrics", "multi_failure_partition"],
    mustPass: ["heartbeat_timing", "incident_message_schema", "redistribution_algorithm", "post_incident_record"],
    promptItems: {
      state_resync: "Before it rejoins, the repaired agent replays the event log from its last snapshot so that its memory matches the shared state.",
    },
  })
})

describe('ai_incident_response: heartbeat_timing', () => {
  const met = (text: string) => scoreChecklist(task.checklist.filter((i) => i.id === 'heartbeat_timing'), text).missing.length === 0
  test("a heartbeat needs its interval in time units; one without a number does not count", () => {
    expect(met("Each agent sends a heartbeat every 5 s; three missed heartbeats (15 seconds) mark it down.")).toBe(true)
    expect(met("Each agent sends a heartbeat regularly and is marked down when it stops.")).toBe(false)
    expect(met("Heartbeats are checked often.")).toBe(false)
  })
})
