import { defineTask } from '../../../../../lib/tasks/schema.js'

export default defineTask({
  id: 'checkout_incident',
  track: 'enterprise',
  costCenter: 'operations',
  title: 'Respond to a checkout incident',
  kind: 'execution',
  brief: `Checkout is failing for a third of the shop's customers. You are the incident commander. Using the system overview, the event log, the metrics and the runbook below, name the component where the fault originates, the first event that shows it, the chain of events from there to the visible impact, and the runbook actions to take now (by id, each with a reason). Do not take an action that would not help or would make things worse, and say why the other suspicious events are not the cause.`,
  inputs: [
    { id: 'system', path: 'checkout/system.md', label: 'Service overview', format: 'markdown' },
    { id: 'events', path: 'checkout/events.log', label: 'Event log', format: 'log' },
    { id: 'metrics', path: 'checkout/metrics.csv', label: 'Metrics', format: 'csv' },
    { id: 'runbook', path: 'checkout/runbook.md', label: 'Runbook', format: 'markdown' },
  ],
  roles: [
    { id: 'timeline_reader', name: 'Timeline reader', focus: 'The event log, across every service.', memoryKey: 'timeline_reader' },
    { id: 'metrics_reader', name: 'Metrics reader', focus: 'The metrics, series by series and minute by minute.', memoryKey: 'metrics_reader' },
    { id: 'runbook_owner', name: 'Runbook owner', focus: 'The runbook, and every action the team proposes.', memoryKey: 'runbook_owner' },
  ],
  rubric: [
    { key: 'diagnosis', description: 'The cause and the causal chain are right and supported by the events.', weight: 60 },
    { key: 'response', description: 'The actions help, none of them harms, and each is justified.', weight: 40 },
  ],
  deliverable: 'incident_response',
  groundTruth: 'checkout/truth.json',
  composite: { groundTruth: 0.7, checklist: 0, judge: 0.3 },
})
