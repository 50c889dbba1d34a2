import { defineTask } from '../../../../../lib/tasks/schema.js'

export default defineTask({
  id: 'desk_triage',
  track: 'enterprise',
  costCenter: 'support',
  title: 'Triage three support tickets',
  kind: 'execution',
  brief: `You are the first-line support desk. Apply the desk policy below, literally, to every ticket in the batch: give each one priority, one routing, one category and its first-response deadline as an ISO 8601 time with offset, plus a one-line rationale naming the rule that decided the priority. Leave no ticket out: a missed P0 is the most serious error a triage can make.`,
  inputs: [
    { id: 'policy', path: 'desk/policy.md', label: 'Desk policy', format: 'markdown' },
    { id: 'tickets', path: 'desk/tickets.json', label: 'Ticket batch', format: 'json' },
  ],
  roles: [
    { id: 'impact_reader', name: 'Impact reader', focus: 'The tickets, as the clients describe their situation.', memoryKey: 'impact_reader' },
    { id: 'policy_reader', name: 'Policy reader', focus: 'The policy’s priority and routing rules, applied to every ticket.', memoryKey: 'policy_reader' },
    { id: 'clock_keeper', name: 'Clock keeper', focus: 'The policy’s service-level targets, applied to every ticket’s receipt time.', memoryKey: 'clock_keeper' },
  ],
  rubric: [
    { key: 'policy_fidelity', description: 'Every label follows the policy exactly, rule by rule.', weight: 70 },
    { key: 'rationale', description: 'Each rationale names the rule that decided the priority.', weight: 30 },
  ],
  deliverable: 'support_triage',
  groundTruth: 'desk/truth.json',
  composite: { groundTruth: 0.8, checklist: 0, judge: 0.2 },
})
