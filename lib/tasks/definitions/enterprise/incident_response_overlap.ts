import { defineTask } from '../../schema.js'

export default defineTask({
  id: 'incident_response_overlap',
  track: 'enterprise',
  tier: 'hard',
  costCenter: 'operations',
  title: 'Lunch-peak incident command on a storefront platform',
  kind: 'execution',
  brief: [
    'You are the incident commander for the storefront platform of an online retailer. It is 14:00 UTC on a weekday, at',
    'the lunch peak, and you have just taken command. Over the last hour several alerts have fired and different teams',
    'report different symptoms. You have four inputs: the service catalogue (every component with its id, owner,',
    'dependencies, behaviour and normal ranges), the event log collected from 13:00 to 14:00 (one event per line, each',
    'with an event id), per-minute metrics for the same hour, and the approved operational actions, each with an action id.',
    '',
    'Work out what is going wrong and decide what to do now. More than one problem may be under way at the same time, and',
    'not everything that changed, warned or alerted in this hour is a problem. Your deliverable must state:',
    '1. Each distinct incident: a problem with a cause of its own. Two symptoms of the same cause are one incident; two',
    '   independent causes are two incidents, even when their effects overlap. For each incident:',
    '   a. the component in which it started, by its component id exactly as written in the service catalogue: the',
    '      component whose change or failure set it off, which is not necessarily where the effects are loudest;',
    '   b. its first bad event: the earliest event in the log that belongs to the incident, the change or failure that',
    '      set it off rather than its first visible symptom (it need not be a warning or an error);',
    '   c. its causal chain: the event ids, in time order, that lead from the first bad event to the impact the business',
    '      sees; include only events that are links in this incident\u2019s chain;',
    '   d. a short summary of what happened and why.',
    '2. The actions to take now, each by its action id from the approved actions, each with a rationale tied to the',
    '   evidence (event ids, metric values, timings). Include the actions that remove each cause, the actions that',
    '   repair damage already done, and any action needed to keep the platform safe until the fixes take effect and while',
    '   it recovers; take into account how long each action needs to work.',
    '3. A summary for the incident channel: what is happening, what you are doing, and what is still at risk.',
    '',
    'Ground every claim in the inputs and use the dependency information to explain how each fault travelled from one',
    'component to the next. Metrics and alerts can move minutes after the change that causes them, and some series',
    'are windows over several minutes; date each incident by its events, not by when it became visible. Some approved',
    'actions would make the situation worse on this occasion, for instance by losing data; each harmful action you',
    'order counts against you, and so does leaving out an action the situation requires. Do not invent components,',
    'events or actions that are not in the inputs.',
  ].join('\n'),
  inputs: [
    { id: 'system', path: 'hard/storefront-oncall/system.md', label: 'Service catalogue', format: 'markdown' },
    { id: 'events', path: 'hard/storefront-oncall/events.log', label: 'Event log, 13:00-14:00 UTC', format: 'log' },
    { id: 'metrics', path: 'hard/storefront-oncall/metrics.csv', label: 'Per-minute metrics', format: 'csv' },
    { id: 'runbook', path: 'hard/storefront-oncall/runbook.md', label: 'Approved operational actions', format: 'markdown' },
  ],
  roles: [
    {
      id: 'systems_architect',
      name: 'Systems Architect',
      focus:
        'Examines the dependency graph: which component calls, publishes to or consumes from which, what each one needs from its dependencies, and along which paths a change in one component could reach the others. Checks every explanation against those paths.',
      memoryKey: 'systems_architect',
    },
    {
      id: 'flow_analyst',
      name: 'Data Flow Analyst',
      focus:
        'Examines the asynchronous flows: what each producer publishes, what each consumer receives and processes minute by minute, how failed deliveries are retried, whether every flow keeps moving, and what each flow will have to absorb when it starts moving again.',
      memoryKey: 'flow_analyst',
    },
    {
      id: 'change_reviewer',
      name: 'Change and Risk Reviewer',
      focus:
        'Examines every change visible in the inputs (releases, configuration reloads, maintenance, scheduled jobs) with its timing and release notes, and reviews every proposed action for its side effects, data loss, reversibility, approvals and the time it needs to take effect.',
      memoryKey: 'change_reviewer',
    },
    {
      id: 'capacity_engineer',
      name: 'Capacity Engineer',
      focus:
        'Examines capacity and limits: pools, database sessions and locks, storage, memory and what is evicted when it runs out, queues, message sizes and rate limits, retries and backlogs, the rate at which each resource is being used now and once the fixes take effect, and how long it lasts at that rate.',
      memoryKey: 'capacity_engineer',
    },
    {
      id: 'metrics_analyst',
      name: 'Metrics Analyst',
      focus:
        'Examines the per-minute metrics and the alerts: for each series, the minute it first leaves its normal range, the size and rate of the shift, the window each series aggregates, and how the onsets line up with each other and with the event timestamps.',
      memoryKey: 'metrics_analyst',
    },
  ],
  rubric: [
    {
      key: 'diagnosis_accuracy',
      description: 'Separates the incidents correctly, names the component and the first event where each began, and distinguishes origins from downstream effects and from unrelated changes and noise.',
      weight: 25,
    },
    {
      key: 'evidence_use',
      description: 'Supports each diagnosis with specific event ids, metric values and timings, and explains each link of each causal chain using the documented dependencies and behaviour.',
      weight: 20,
    },
    {
      key: 'remediation_quality',
      description: 'Chooses actions that remove each cause, repair the damage already done and keep the platform safe meanwhile, in a sensible order, with rationales tied to the evidence and to how long each action takes.',
      weight: 20,
    },
    {
      key: 'risk_awareness',
      description: 'Avoids actions that would make any incident worse or lose data in this state, explains why, and states what remains at risk after the chosen actions.',
      weight: 20,
    },
    {
      key: 'communication',
      description: 'The summary is clear, accurate and usable in an incident channel: what is happening, what is being done, by whom, and what to watch next.',
      weight: 15,
    },
  ],
  hardConstraints: [
    'Refer to components, events and actions only by ids that appear in the inputs.',
    'Choose actions only from the approved operational actions.',
  ],
  checklist: [],
  deliverable: 'incident_response',
  groundTruth: 'hard/storefront-oncall/ground-truth.json',
  composite: { groundTruth: 0.7, checklist: 0, judge: 0.3 },
  minOutputTokens: 12_000,
})
