import { defineTask } from '../../schema.js'

export default defineTask({
  id: 'support_triage_execution',
  track: 'enterprise',
  costCenter: 'support',
  title: 'Triage a batch of support tickets under a written support policy',
  kind: 'execution',
  brief: [
    'You are the first-line triage desk of a B2B software vendor. Attached are the vendor\'s support policy and a batch of',
    'tickets received during one month. Triage every ticket in the batch strictly according to the policy. The policy is the',
    'only source of truth: where your own experience or the customer\'s wording suggests something else, follow the policy.',
    '',
    'For every ticket, return one decision with these fields:',
    '- id: the ticket id exactly as given (e.g. "T-9001").',
    '- priority: one of P0, P1, P2, P3, decided by the priority criteria in the policy.',
    '- routing: one of L1, L2, L3, decided by the routing rules in the policy, applied in their stated order.',
    '- category: exactly one of outage, performance, defect, security, billing, access, data, how_to, feature_request,',
    '  chosen with the policy\'s definitions and its order for tickets that fit more than one.',
    '- slaDeadline: the first-response deadline as an ISO 8601 time with an explicit offset, for example',
    '  "2031-01-15T11:00:00+01:00", computed from the ticket\'s receipt time, the client\'s tier and the priority, using',
    '  the policy\'s response-target table and its rules for calendar versus business-hour clocks and time zones.',
    '- rationale: one line that names the policy rule or fact in the ticket that decided the priority (and, where it',
    '  was not obvious, the category or routing).',
    '',
    'Every ticket in the batch must appear exactly once; do not merge related tickets, even when several describe the',
    'same event. A ticket you leave out counts as wrong on every field. Treat errors unequally: missing or under-rating a',
    'P0 ticket is the worst possible outcome of this run, because a critical client problem then waits unseen; wrong',
    'routing and wrong deadlines come next; a cosmetic disagreement in the rationale matters least. Receipt times may be',
    'given in UTC or with a Berlin offset; read them carefully. Do not ask questions back: decide every ticket from the',
    'information provided and return the full set of decisions as your deliverable.',
  ].join('\n'),
  inputs: [
    { id: 'policy', path: 'support-triage/policy.md', label: 'Support policy', format: 'markdown' },
    { id: 'tickets', path: 'support-triage/tickets.json', label: 'Ticket batch', format: 'json' },
  ],
  roles: [
    {
      id: 'support_operations',
      name: 'Support Operations Lead',
      focus:
        'The policy’s priority and routing rules, applied to every ticket of the batch.',
      memoryKey: 'support_operations',
    },
    {
      id: 'customer_success',
      name: 'Customer Success Manager',
      focus:
        'The clients: who wrote each ticket (tier, ARR, plan, channel) and what they say about their work.',
      memoryKey: 'customer_success',
    },
    {
      id: 'classification_analyst',
      name: 'Classification Analyst',
      focus:
        'The policy’s category definitions, applied to every ticket’s body, error codes and log excerpts.',
      memoryKey: 'classification_analyst',
    },
    {
      id: 'knowledge_manager',
      name: 'Knowledge Manager',
      focus:
        'The batch as a whole, across its tickets, and the rationale lines of the deliverable.',
      memoryKey: 'knowledge_manager',
    },
    {
      id: 'sla_analyst',
      name: 'SLA Analyst',
      focus:
        'The policy’s service-level targets and clocks, applied to every ticket’s receipt time to give its deadline.',
      memoryKey: 'sla_analyst',
    },
  ],
  rubric: [
    {
      key: 'priority_accuracy',
      description: 'Priorities follow the policy criteria: impact over tone, every P0 caught, nothing inflated because of shouting or tier.',
      weight: 20,
    },
    {
      key: 'routing_accuracy',
      description: 'Routing follows the ordered routing rules of the policy for every ticket, including the tier-dependent rule.',
      weight: 20,
    },
    {
      key: 'sla_accuracy',
      description: 'First-response deadlines use the right target, the right clock, the right time zone and a valid ISO 8601 offset.',
      weight: 20,
    },
    {
      key: 'rationale_quality',
      description: 'Each rationale is one specific line that cites the deciding policy rule and the ticket facts behind it.',
      weight: 20,
    },
    {
      key: 'coverage',
      description: 'Every ticket of the batch appears exactly once with all fields filled; related tickets are not merged.',
      weight: 20,
    },
  ],
  hardConstraints: [
    'Every ticket in the batch appears exactly once in the deliverable.',
    'Only the priority, routing and category values defined in the policy are used.',
    'Every slaDeadline is an ISO 8601 time with an explicit offset.',
  ],
  checklist: [],
  deliverable: 'support_triage',
  groundTruth: 'support-triage/ground-truth.json',
  composite: { groundTruth: 0.7, checklist: 0, judge: 0.3 },
})
