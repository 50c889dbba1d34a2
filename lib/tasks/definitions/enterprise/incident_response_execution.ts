import { defineTask } from '../../schema.js'

export default defineTask({
  id: 'incident_response_execution',
  track: 'enterprise',
  costCenter: 'operations',
  title: 'Live incident on a multi-agent claims automation platform',
  kind: 'execution',
  brief: [
    'You are the incident commander for a production claims automation platform run by an organisation of LLM agents.',
    'It is 03:15 UTC. The on-call engineer has been paged because claims are no longer reaching a decision within the',
    'service objective, and the platform is degrading further. You have four inputs: the internal description of the',
    'platform (every component with its id, what it calls and its normal operating ranges), the collected event log for',
    'the last hour (one event per line, each with an event id), per-minute metrics for the same window, and the list of',
    'approved operational actions, each with an action id.',
    '',
    'Work out what happened and decide what to do. Your deliverable must state:',
    '1. The component in which the fault originated, given by its component id exactly as written in the system',
    '   description. This is the component where the change or failure began, which is not necessarily where the',
    '   effects are loudest.',
    '2. The earliest event in the log that shows the fault, by its event id. It need not be an error: many lines in the',
    '   log are routine, and some warnings were present before anything went wrong.',
    '3. The causal chain: the event ids, in time order, that lead from that first event to the impact the business sees.',
    '   Include only events that are links in the chain.',
    '4. The actions to take now, each by its action id from the list of approved actions, each with a short rationale',
    '   tied to the evidence. Include actions that repair the damage already done, not only actions that stop it.',
    '5. A summary for the incident channel: what happened, why, what you are doing and what is still at risk.',
    '',
    'Ground every claim in the inputs: cite event ids, metric values and timings, and use the dependency information',
    'to explain how the fault travelled from one component to the next. Separate what started the incident from what',
    'merely reacted to it. Some actions in the list would make the situation worse on this occasion; each harmful action',
    'you order counts against you, and so does leaving out an action the situation requires. Do not invent components,',
    'events or actions that are not in the inputs.',
  ].join('\n'),
  inputs: [
    { id: 'system', path: 'incident-response/system.md', label: 'Platform description', format: 'markdown' },
    { id: 'events', path: 'incident-response/events.log', label: 'Event log', format: 'log' },
    { id: 'metrics', path: 'incident-response/metrics.csv', label: 'Per-minute metrics', format: 'csv' },
    { id: 'runbook', path: 'incident-response/runbook.md', label: 'Approved operational actions', format: 'markdown' },
  ],
  roles: [
    {
      id: 'systems_architect',
      name: 'Systems Architect',
      focus:
        'The platform description: its components and how they depend on one another, as the frame for every explanation the team gives.',
      memoryKey: 'systems_architect',
    },
    {
      id: 'coordination_specialist',
      name: 'Coordination Specialist',
      focus:
        'The event log, from its first line to its last, for the agents and services whose work it records.',
      memoryKey: 'coordination_specialist',
    },
    {
      id: 'governance_designer',
      name: 'Change and Risk Reviewer',
      focus:
        'Change and risk: the runbook of approved operational actions, and every action the team proposes.',
      memoryKey: 'governance_designer',
    },
    {
      id: 'load_engineer',
      name: 'Capacity Engineer',
      focus:
        'Capacity: what the platform description, the event log and the metrics say about the capacity of each component.',
      memoryKey: 'load_engineer',
    },
    {
      id: 'learning_analyst',
      name: 'Metrics Analyst',
      focus:
        'The per-minute metrics: every series, from the first minute to the last, read with the event timestamps.',
      memoryKey: 'learning_analyst',
    },
  ],
  rubric: [
    {
      key: 'diagnosis_accuracy',
      description: 'Identifies the component where the fault originated and the first event showing it, and distinguishes the origin from downstream effects and from unrelated noise.',
      weight: 20,
    },
    {
      key: 'evidence_use',
      description: 'Supports the diagnosis with specific event ids, metric values and timings, and explains each link of the causal chain using the documented dependencies.',
      weight: 20,
    },
    {
      key: 'remediation_quality',
      description: 'Chooses runbook actions that remove the fault and repair the work it already affected, in a sensible order, each with a rationale tied to the evidence.',
      weight: 20,
    },
    {
      key: 'risk_awareness',
      description: 'Avoids actions that would make this incident worse, weighs side effects and approvals, and states what remains at risk after the chosen actions.',
      weight: 20,
    },
    {
      key: 'communication',
      description: 'The summary is clear, accurate and usable in an incident channel: what happened, why, what is being done and what to watch next.',
      weight: 20,
    },
  ],
  hardConstraints: [
    'Refer to components, events and actions only by ids that appear in the inputs.',
    'Choose actions only from the approved operational actions.',
  ],
  checklist: [],
  deliverable: 'incident_response',
  groundTruth: 'incident-response/ground-truth.json',
  composite: { groundTruth: 0.7, checklist: 0, judge: 0.3 },
})
