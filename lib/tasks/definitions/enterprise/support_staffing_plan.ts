import { inClause } from '../../notation.js'
import { defineTask } from '../../schema.js'

const hardConstraints = [
  'Every ticket is answered within its first-response target; P1 around the clock.',
  'No EU employee works between 22:00 and 06:00 Berlin time (works agreement), on shift or on standby.',
  'US agents work only between 07:00 and 19:00 New York time.',
  'Tickets of US clients other than P1 are handled by US agents only, tickets of EU clients other than P1 by EU agents only.',
  'The annual staffing budget is €4,400,000.',
]

const brief = `# Support staffing and coverage plan for the year after a product launch

## Scenario
A B2B SaaS vendor runs one support desk for its EU and US clients. In three months it launches a second product; from then on it expects 40 % more tickets than today, with the same mix. Plan the support organisation for the first year after the launch: how many agents, where, on which shifts, how the first-response targets are met and computed, what it costs, and what happens where the constraints collide. The plan is approved or rejected on its numbers.

## Facts
- **Volume today**: 18,000 tickets a month. EU clients raise 55 % of the tickets (and of the work), US clients 45 %.
- **Mix and handling effort** (agent minutes per ticket, all touches included):

| Priority | Share of tickets | Minutes per ticket |
|---|---|---|
| P1 | 4 % | 90 |
| P2 | 16 % | 45 |
| P3 | 50 % | 20 |
| P4 | 30 % | 10 |

- **Sizing rule**: each region's headcount is sized on its own clients' share of the whole workload (55 % and 45 % of all agent-minutes, P1 included). Cover bought from outside the two regions is paid from a separate vendor budget, not from the staffing budget.
- **Agent capacity**: a full-time agent works 21 shifts a month of 8 paid hours. Experience shows that no more than 6 hours per shift can be spent on tickets (the rest is training, meetings and breaks); staffing must be computed on those productive hours. Headcount is a whole number of full-time agents per region.
- **Loaded cost per agent per year**: €52,000 in the EU (Berlin), €61,000 in the US (New York, converted at the budget rate).
- **Time zones**: treat Berlin as exactly 6 hours ahead of New York all year.
- **Business hours**: 08:00–18:00 local time, Monday to Friday, excluding public holidays. EU clients' clocks run on Berlin time and Berlin holidays, US clients' on New York time and US federal holidays. Holidays in the planning year include Friday 1 May 2026 (Berlin) and Friday 3 July 2026 (US, Independence Day observed).
- **First-response targets**: P1 15 minutes, around the clock, every day; P2 1 business hour; P3 8 business hours; P4 3 business days. A business-hour clock counts only business hours of the client's calendar; a ticket received outside business hours starts counting at the next business hour.
- **Working-time rules**: see the hard constraints. P1 tickets may be handled by any agent in either region.
- **Worked examples the plan must answer** (the approver will check them):
  - ticket A: an EU client's P3, received Thursday 30 April 2026 at 16:30 Berlin time;
  - ticket B: a US client's P2, received Thursday 2 July 2026 at 17:40 New York time.

## Required areas
1. **Demand and workload**: ticket volumes after the launch by priority and region, the workload in agent-hours per month, and the arithmetic.
2. **Headcount and shifts**: agents per region with the arithmetic, the shift pattern per region, and how P1 is covered at every hour of the day.
3. **SLA clocks**: how each first-response deadline is computed, with the deadlines of the worked examples.
4. **Cost and budget**: the annual cost of the plan against the budget, and what is done if they disagree.
5. **Risks and controls**: what breaks the plan first (volume, absence, a P1 burst), the alerts that show it, and the response.

## What to hand in
A markdown document with one \`##\` section per required area, in the order above. Show every computation with its inputs; state each result with its unit; where a constraint makes the obvious design impossible, say so and give the design that works.`

/** How a plan names each region in a line that gives its headcount. */
const EU = '(?:\\bEU\\b|\\bE\\.U\\.|\\bEurope|\\bEMEA\\b|\\bBerlin\\b)'
const US = '(?:\\bUS\\b|\\bU\\.S\\.|\\bUnited States\\b|\\bAmerica|\\bNew York\\b)'

export default defineTask({
  id: 'support_staffing_plan',
  track: 'enterprise',
  costCenter: 'support',
  title: 'Support staffing and coverage plan',
  tier: 'hard',
  kind: 'design',
  brief,
  inputs: [],
  roles: [
    {
      id: 'workforce_planner',
      name: 'Workforce Planner',
      focus: 'Examines demand and capacity: ticket volumes by priority and region, handling effort, productive hours per agent, and how they turn into headcount per region.',
      memoryKey: 'workforce_planner',
    },
    {
      id: 'shift_scheduler',
      name: 'Shift Scheduler',
      focus: 'Examines the hours of the day: the shift windows each region may work, the time difference between them, and who can answer each priority at every hour of every day.',
      memoryKey: 'shift_scheduler',
    },
    {
      id: 'sla_analyst',
      name: 'SLA Analyst',
      focus: 'Examines the first-response clocks: business hours, calendars and holidays per client region, and how each deadline is computed from the time a ticket is received.',
      memoryKey: 'sla_analyst',
    },
    {
      id: 'finance_partner',
      name: 'Finance Partner',
      focus: 'Examines the money: the cost of the headcount per region, the budget, and the options and their cost where the two differ.',
      memoryKey: 'finance_partner',
    },
  ],
  rubric: [
    { key: 'arithmetic', description: 'Every number is computed from the given facts with the computation shown, units stated, and rounding done where the facts require it (whole agents per region).', weight: 30 },
    { key: 'constraint_handling', description: 'Each hard constraint is checked against the design; where constraints collide, the collision is found and the design that satisfies all of them is given, not the obvious one.', weight: 25 },
    { key: 'consistency', description: 'The sections agree with each other: the same headcount in staffing and cost, the same workload in demand and headcount, deadlines computed by the stated clock rules.', weight: 20 },
    { key: 'operability', description: 'Shift patterns, P1 coverage, alerts and responses are concrete enough to run from the first day: times, rotas, thresholds, owners.', weight: 15 },
    { key: 'risk_realism', description: 'The risks named are the ones that break this plan first, each with a measurable trigger and a response whose cost is known.', weight: 10 },
  ],
  hardConstraints,
  checklist: [
    {
      id: 'monthly_workload',
      description: 'States the post-launch workload of about 9,996 agent-hours a month (599,760 minutes; within 2 %)',
      patterns: ['\\b(9[,.\\s]?[89]\\d\\d|10[,.\\s]?[01]\\d\\d)(\\.\\d+)?\\s*(agent[- ]?)?(hours|hrs|h)\\b', '\\b(59\\d|60\\d)[,.\\s]?\\d{3}\\s*(agent[- ]?)?(minutes|min)\\b'],
      mustPass: false,
    },
    {
      id: 'productive_hours_basis',
      description: 'Computes capacity from 126 productive hours per agent a month (6 hours × 21 shifts), not from paid hours',
      patterns: ['\\b126\\s*(productive\\s*)?(hours|h)\\b', `6\\s*(h|hours)${inClause(40)}(×|x|\\*|times)\\s*21`],
    },
    {
      id: 'headcount_by_region',
      description: 'Sizes the desk at 80 agents after the launch: 44 in the EU and 36 in the US (each region rounded up on its own)',
      // Both figures in one passage (a line, or a list read as one block), each on a line with its own region ("EU: … → 44 agents", "44 EU + 36 US").
      patterns: [`^(?=[\\s\\S]*?(?:${EU}[^\\n]{0,80}?\\b44\\b|\\b44\\b[^\\n]{0,30}?${EU}))(?=[\\s\\S]*?(?:${US}[^\\n]{0,80}?\\b36\\b|\\b36\\b[^\\n]{0,30}?${US}))`],
      mustPass: true,
    },
    {
      id: 'p1_volume',
      description: 'States the post-launch P1 volume: 1,008 a month, about 33.6 a day or 1.4 an hour',
      patterns: ['\\b1[,.]?008\\b', '\\b33\\.6\\b'],
    },
    {
      id: 'p1_coverage_gap',
      description: 'Finds that the permitted windows leave P1 uncovered for 5 hours a day, 19:00–24:00 New York (01:00–06:00 Berlin)',
      patterns: [`\\b(19:00|7\\s?pm)${inClause(40)}(24:00|00:00|midnight)`, `\\b01:00${inClause(20)}06:00`, `\\b(5|five)[- ]hours?${inClause(60)}(gap|uncovered|no coverage|unstaffed)`],
      mustPass: true,
    },
    {
      id: 'p1_gap_closed',
      description: 'Closes the 01:00–06:00 Berlin gap with a mechanism that keeps EU staff out of 22:00–06:00 Berlin and US staff inside 07:00–19:00 New York (e.g. a contracted third party or a third location), not an EU night standby',
      patterns: [`(third[- ]party|outsourc\\w*|vendor|contractor|partner|third (location|site|region)|apac|asia|manila|sydney|singapore)${inClause(120)}(p1|night|gap|01:00|19:00)`, `(p1|night|gap|01:00|19:00)${inClause(120)}(third[- ]party|outsourc\\w*|vendor|contractor|third (location|site|region)|apac|asia|manila|sydney|singapore)`],
    },
    {
      id: 'deadline_ticket_a',
      description: "Gives ticket A's first-response deadline as Monday 4 May 2026, 14:30 Berlin time (1 May is a holiday)",
      patterns: ['(4 may|may 4|2026-05-04|04\\.05\\.)[^\\n]{0,60}14:30', '14:30[^\\n]{0,60}(4 may|may 4|2026-05-04|04\\.05\\.)'],
    },
    {
      id: 'deadline_ticket_b',
      description: "Gives ticket B's first-response deadline as Monday 6 July 2026, 08:40 New York time (3 July is a holiday)",
      patterns: ['(6 july|july 6|2026-07-06|06\\.07\\.)[^\\n]{0,60}08:40', '08:40[^\\n]{0,60}(6 july|july 6|2026-07-06|06\\.07\\.)'],
    },
    {
      id: 'annual_cost',
      description: 'States the annual staffing cost of €4,484,000 (44 × €52,000 + 36 × €61,000)',
      patterns: ['4[,.]?484[,.]?000', '€\\s?4\\.48\\d?\\s?(m|million)\\b'],
      mustPass: true,
    },
    {
      id: 'budget_overrun',
      description: 'Says the plan exceeds the €4,400,000 budget by €84,000 and gives a measure that closes the difference',
      patterns: ['\\b84[,.]?000\\b', '€\\s?84\\s?k\\b'],
    },
  ],
  deliverable: 'markdown',
  minOutputTokens: 12_000,
  composite: { groundTruth: 0, checklist: 0.6, judge: 0.4 },
})
