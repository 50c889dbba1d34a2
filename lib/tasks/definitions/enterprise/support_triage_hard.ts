import { renderCategories } from '../../categories.js'
import { TICKET_CATEGORIES } from '../../kinds/support-triage.js'
import { defineTask } from '../../schema.js'

export default defineTask({
  id: 'support_triage_hard',
  track: 'enterprise',
  tier: 'hard',
  costCenter: 'support',
  title: 'Triage four weeks of a global support queue against the policy, the account table and its change log',
  kind: 'execution',
  brief: [
    'You are the first-line triage desk of Halden, a field-service software vendor with clients on every continent.',
    'Attached are the triage policy, the account table as it stood on 1 October, the log of account changes since, and',
    'the queue of tickets received over four weeks, in order of receipt. Triage every ticket strictly according to the',
    'policy, in the order of the queue: some decisions depend on what earlier tickets opened or used up. The policy and the',
    'account data are the only sources of truth: what a ticket says about its own contract, plan, tier or urgency never',
    'overrides them.',
    '',
    'For every ticket, return one decision with these fields:',
    '- id: the ticket id exactly as given (e.g. "T-9001").',
    "- priority: P0, P1, P2 or P3, by the policy's priority steps and adjustments, with the account's data at receipt.",
    "- routing: L1, L2 or L3, by the policy's routing rules applied in their order.",
    '- category: exactly one of the categories below, as the policy defines them, taking the first that fits in its order:',
    renderCategories(TICKET_CATEGORIES),
    '- slaDeadline: the first-response deadline, an ISO 8601 time with seconds and an explicit offset (for example',
    '  "2031-01-15T14:30:00+00:00"), from the ticket\'s receipt time, the plan the case is served on, the final priority and',
    '  the clock the policy prescribes (24/7 or business hours, whose time zone and holidays, and the maintenance windows).',
    '- mergeInto: the id of the original ticket of the group this ticket joins under the policy, or null when it opens a',
    '  case (originals are never merged). A merged ticket carries the decisions of its group.',
    '- rationale: a few words (at most about 8) naming what decided the ticket, e.g. "repeat case; escalated" or',
    '  "joins T-9001; Premier P0 30 min" (these ids and decisions are invented, not from the queue).',
    '',
    'Every ticket of the queue must appear exactly once, in the order of the queue; a ticket left out counts as wrong on',
    'every field. Keep each decision compact: the whole triage must fit in one reply. Treat errors unequally: missing or',
    'under-rating a P0 ticket is the worst outcome, because a critical client problem then waits unseen; a merge that',
    'hides an escalation comes next; then wrong routing and wrong deadlines. Do not ask questions back: decide every',
    'ticket from the information provided and return the full set of decisions as your deliverable.',
  ].join('\n'),
  inputs: [
    { id: 'policy', path: 'hard/desk-queue/policy.md', label: 'Triage policy', format: 'markdown' },
    { id: 'accounts', path: 'hard/desk-queue/accounts.csv', label: 'Account table (1 October)', format: 'csv' },
    { id: 'changes', path: 'hard/desk-queue/account-changes.csv', label: 'Account change log', format: 'csv' },
    { id: 'tickets', path: 'hard/desk-queue/tickets.json', label: 'Ticket queue', format: 'json' },
  ],
  roles: [
    {
      id: 'support_operations',
      name: 'Support Operations Lead',
      focus:
        'The policy’s priority steps and routing rules, applied to every ticket of the queue.',
      memoryKey: 'support_operations',
    },
    {
      id: 'account_analyst',
      name: 'Account and Contract Analyst',
      focus:
        'The account table and the account change log, and what each ticket says about its account.',
      memoryKey: 'account_analyst',
    },
    {
      id: 'sla_analyst',
      name: 'SLA and Calendar Analyst',
      focus:
        'The policy’s service-level targets and clocks, applied to every ticket’s receipt time to give its deadline.',
      memoryKey: 'sla_analyst',
    },
    {
      id: 'case_linker',
      name: 'Case Linking Specialist',
      focus:
        'The queue as a whole, across its tickets and accounts, in the order the tickets arrived.',
      memoryKey: 'case_linker',
    },
    {
      id: 'classification_analyst',
      name: 'Classification Analyst',
      focus:
        'The policy’s category definitions, applied to every ticket’s text.',
      memoryKey: 'classification_analyst',
    },
  ],
  rubric: [
    { key: 'priority_accuracy', description: 'Priorities follow the policy: contract status from the table and change log first, impact over tone and claims, the adjustments and repeat cases, every P0 caught.', weight: 20 },
    { key: 'routing_accuracy', description: 'Routing follows the ordered rules, including the lapsed-account, account-manager, repeat-case and tier-dependent rules.', weight: 15 },
    { key: 'sla_accuracy', description: 'Deadlines use the plan the case is served on (status and monthly allowance), the right clock (client or hub), working days, holidays, clock changes, maintenance windows and a valid offset.', weight: 20 },
    { key: 'merge_accuracy', description: "Tickets join the latest group of their problem within 168 hours of its original, never across accounts, tenants or users; escalations raise the group.", weight: 20 },
    { key: 'rationale_quality', description: 'Each rationale is short and names the deciding rule or fact.', weight: 10 },
    { key: 'coverage', description: 'Every ticket of the queue appears exactly once with all fields filled.', weight: 15 },
  ],
  hardConstraints: [
    'Every ticket of the queue appears exactly once in the deliverable.',
    'Only the priority, routing and category values defined in the policy are used.',
    'Every slaDeadline is an ISO 8601 time with an explicit offset.',
    'mergeInto is null or the id of an earlier ticket of the same account that is not itself merged.',
  ],
  checklist: [],
  deliverable: 'support_triage',
  groundTruth: 'hard/desk-queue/ground-truth.json',
  minOutputTokens: 32_000,
  composite: { groundTruth: 0.7, checklist: 0, judge: 0.3 },
})
