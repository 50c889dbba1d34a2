import { inClause } from '../../notation.js'
import { defineTask } from '../../schema.js'

const brief = `## Scenario
A developer-tools startup has just closed a $500K seed round and must now prove that developers will adopt and pay for its product. Write its go-to-market plan for the next 90 days.

What exists today:
- The product: a working prototype of a command-line tool plus a hosted dashboard that records real API traffic in a staging environment and turns it into contract tests and mocks that run in a team's CI pipeline. It installs with one command and supports REST and gRPC services written in any language.
- Customers: 3 design partners (software companies with 50 to 300 engineers) have used the prototype free of charge for two months; none has paid yet, and none has been asked to.
- Team: two founders (a CEO who has run developer relations before and a CTO) and two engineers. There is no sales or marketing staff.
- Money: the $500K seed is all the capital the company has. Salaries for the current team cost about $45K per month. The plan must say how much of the seed the 90 days consume and how much runway is left at the end.
- Nothing has been spent on marketing; there is no pricing, no public website beyond a landing page, and no usage analytics in the product.

## Required areas
1. **Ideal customer profile and positioning**: the ideal customer profile (company type and size, the buyer, the daily user, their pains and triggers to buy); the positioning statement; the alternatives developers use today and how the product differs from them; the core message.
2. **Acquisition channels and content**: the channels ranked by expected return, with a target cost per activated developer for each and the budget put behind it; the content plan with its cadence; community and developer-relations activities; how attribution is measured.
3. **Activation funnel**: the funnel stages from first visit to paying team; the precise activation event and the target time to reach it; a conversion target for each stage; the onboarding steps; how retention is measured.
4. **Revenue milestones and pricing**: the pricing model, tiers and prices, what the free tier includes and where it stops; the path from free use to paid; what the design partners are asked to pay; revenue targets for month 1, month 2 and month 3 and the arithmetic behind them.
5. **Team and resources**: who owns what; hires and contractors with their timing and cost; the budget by category in dollars; runway; the gates at day 30, day 60 and day 90 with the metrics that decide them and what changes if a gate is missed.

## Deliverable
A Markdown document with exactly one \`##\` section per required area, in the order above, titled after the area. Use concrete numbers throughout (company sizes, prices, costs, conversion rates, dated targets, dollar budgets), name the specific channels, communities and tools, show how channel volumes and conversion rates produce the revenue targets, and say what the team does if a channel, a conversion rate or a hire falls short.`

export default defineTask({
  id: 'strategic_planning',
  track: 'general',
  costCenter: 'strategy',
  title: '90-day go-to-market plan for a seed-stage developer-tools startup',
  kind: 'design',
  brief,
  inputs: [],
  roles: [
    {
      id: 'market_strategist',
      name: 'Market Strategist',
      focus:
        'Examines the market: which customers feel the problem most sharply, who buys and who uses, what they use today, and how the product is positioned and described against those alternatives.',
      memoryKey: 'market_strategist',
    },
    {
      id: 'growth_engineer',
      name: 'Growth Engineer',
      focus:
        'Examines how developers discover and first try the product: channels, content and community, how each source is attributed, and what it costs to bring in a developer who gets value.',
      memoryKey: 'growth_engineer',
    },
    {
      id: 'product_manager',
      name: 'Product Manager',
      focus:
        'Examines the path from first contact to habitual use: onboarding steps, the moment a developer first gets value, where users drop out of the funnel, and how retention is measured.',
      memoryKey: 'product_manager',
    },
    {
      id: 'revenue_lead',
      name: 'Revenue Lead',
      focus:
        'Examines how usage turns into revenue: the pricing model and tiers, the boundary between free and paid, how the design partners convert, and how the revenue milestones are derived.',
      memoryKey: 'revenue_lead',
    },
    {
      id: 'ops_planner',
      name: 'Ops Planner',
      focus:
        'Examines people, money and time: ownership of each workstream, hiring and contractor timing, the budget and runway, and the checkpoints at which the plan is continued or changed.',
      memoryKey: 'ops_planner',
    },
  ],
  rubric: [
    {
      key: 'coverage',
      description:
        'All five required areas have their own section, every sub-point the brief lists for an area is answered, and all four hard constraints (90-day horizon, $500K budget and runway, month 1-3 revenue milestones, day 30/60/90 gates) are explicitly met.',
      weight: 20,
    },
    {
      key: 'technical_depth',
      description:
        'The plan is quantified and specific: company-size ranges, prices, costs per activated developer, stage conversion rates, dollar budgets and dated targets, with named channels, communities and tools. Generic startup advice without numbers scores low.',
      weight: 20,
    },
    {
      key: 'coherence',
      description:
        'The numbers reconcile: channel volumes and conversion rates produce the revenue milestones, spending adds up within the seed with the stated runway, and the team planned can actually do the work planned.',
      weight: 20,
    },
    {
      key: 'implementability',
      description:
        'The founders could start executing on Monday: named owners, week-by-week sequencing, the instrumentation and tools needed, and targets that are realistic for a seed-stage developer-tools company with three design partners.',
      weight: 20,
    },
    {
      key: 'edge_cases',
      description:
        'Risks and fallbacks are explicit: a channel that underperforms, design partners who will not pay, activation that stalls, a competitor response or a hire that slips; each gate states what happens if it is missed.',
      weight: 20,
    },
  ],
  hardConstraints: [
    'Cover a 90-day horizon, starting from the working prototype and the 3 design partners',
    'Stay within the $500K seed, stating total spend and remaining runway',
    'Set revenue milestones for month 1, month 2 and month 3',
    'Define go/no-go gates at day 30, day 60 and day 90',
  ],
  checklist: [
    {
      id: 'icp_defined',
      description: 'Ideal customer profile with a quantified company or team size',
      patterns: [
        '(icp|ideal customer profile)[^\\n]{0,300}\\d+\\s?(-|–|to)\\s?\\d+\\s?(engineers|developers|employees|devs)',
        `(target|ideal|icp|customers? (are|is))${inClause(120)}\\b\\d+\\s?(-|–|to)\\s?\\d+\\s?(engineers|developers|employees|devs)\\b`,
      ],
    },
    {
      id: 'positioning_differentiation',
      description: 'A positioning statement and differentiation against named alternatives',
      patterns: [
        'positioning( statement)?\\s*(\\*\\*)?\\s*[:—-]\\s*(\\*\\*)?\\s*"?for\\b',
        `\\bunlike\\b${inClause(80)}(pact|postman|wiremock|speedscale|keploy|hoverfly|mockoon|hand-?written|hand-?maintained|manual)`,
        '(compet\\w+|alternatives?)[^\\n]{0,200}\\b(pact|postman|wiremock|speedscale|keploy|hoverfly|mockoon)\\b',
      ],
    },
    {
      id: 'cpa_targets',
      description: 'Dollar cost-per-acquisition or cost-per-activated-developer targets',
      patterns: [
        `(cac|cpa|cost per (acquisition|activated|activation|signup|sign-up|lead|acquired))${inClause(80)}\\$\\s?\\d+`,
        `\\$\\s?\\d+${inClause(60)}(\\bcac\\b|\\bcpa\\b|per (activated|signup|sign-up|lead|acquired|activation))`,
      ],
    },
    {
      id: 'content_cadence',
      description: 'A content plan with a stated cadence',
      patterns: [
        '\\b(\\d+|one|two|three|four)\\s+(blog |technical )?(posts?|articles?|tutorials?|videos?|newsletters?|livestreams?|webinars?)\\s+(per|a|each|every|/)\\s?(week|month|fortnight)',
        `\\b(weekly|fortnightly|biweekly)\\b${inClause(60)}(post|article|tutorial|newsletter|livestream|video|webinar)`,
      ],
    },
    {
      id: 'activation_definition',
      description: 'A precise activation event',
      patterns: [
        `activation (event|milestone|is defined|definition)${inClause(160)}(first|\\d|within)`,
        `activated (user|developer|account|team)${inClause(40)}(=|:|is one|means|who)${inClause(160)}(first|\\d|within)`,
      ],
    },
    {
      id: 'time_to_value',
      description: 'A numeric time-to-value target',
      patterns: [
        `time[- ]to[- ](first[- ])?(value|test|mock|green)${inClause(60)}\\d+\\s?(min|minutes|hours?|days?)\\b`,
        `(under|within|<|≤)\\s?\\d+\\s?(min|minutes)${inClause(80)}(first|install|signup|sign-up)`,
      ],
    },
    {
      id: 'funnel_conversion',
      description: 'Percentage conversion targets for funnel stages or retention',
      patterns: [
        `(activation|conversion|retention)${inClause(60)}\\b\\d+(\\.\\d+)?\\s?%`,
        `\\b\\d+(\\.\\d+)?\\s?%${inClause(60)}(activat\\w*|convert\\w*|conversion|retention|retain\\w*)`,
      ],
    },
    {
      id: 'pricing_tiers',
      description: 'Priced tiers with a dollar amount per seat, team or month',
      patterns: [
        '\\$\\s?\\d+(\\.\\d+)?\\s?(/|per)\\s?(seat|user|dev|developer|committer|active (user|developer))\\b',
        `\\$\\s?\\d+(\\.\\d+)?\\s?(/|per)\\s?(month|mo)\\b${inClause(40)}\\b(seat|user|developer|dev|team)s?\\b`,
        `(free|team|pro|business|enterprise|starter|growth)\\s+(tier|plan)${inClause(80)}\\$\\s?\\d+`,
      ],
      mustPass: true,
    },
    {
      id: 'revenue_milestones',
      description: 'Dollar revenue milestones for months 1-3',
      patterns: [
        `\\b(m(onth)?\\s?[123]|day\\s?(30|60|90))\\b${inClause(100)}\\$\\s?[\\d,.]+\\s?k?\\s?(mrr|arr|in revenue|revenue|bookings)\\b`,
        `\\b(mrr|arr)\\b${inClause(60)}\\$\\s?\\d+`,
        '\\$\\s?[\\d,.]+\\s?k?\\s?(mrr|arr)\\b',
      ],
      mustPass: true,
    },
    {
      id: 'gates_30_60_90',
      description: 'Go/no-go gates at day 30, 60 and 90',
      patterns: [
        'day[- ]?(30|60|90)( gate)?\\s*(\\*\\*)?\\s*[:—–-][^\\n]{0,200}(≥|>=|at least|minimum|\\$)\\s?\\d',
        '\\b(30|60|90)[- ]day gate[^\\n]{0,200}(≥|>=|at least|minimum|\\$)\\s?\\d',
        '\\|\\s*(day\\s?)?(30|60|90)\\s*\\|[^\\n]*\\d[^\\n]*\\|',
      ],
      mustPass: true,
    },
    {
      id: 'budget_runway',
      description: 'Dollar budget allocation within the seed and remaining runway',
      patterns: [
        `(budget|spend|allocat\\w*)${inClause(80)}\\$\\s?(?!500\\s?k\\b|500,000\\b)\\d+`,
        `\\$\\s?(?!500\\s?k\\b|500,000\\b)\\d+[\\d,.]*\\s?k?\\b${inClause(60)}(budget|spend|salar\\w*|contractor|ads|sponsor\\w*)`,
        `runway${inClause(80)}\\d+\\s?months?`,
      ],
      mustPass: true,
    },
    {
      id: 'hiring_plan',
      description: 'Dated hires or contractors',
      patterns: [
        `(hire|hiring|recruit\\w*|contractor)${inClause(120)}\\b(by|in|before|from|on)\\s+(day|week|month)\\s?\\d+`,
        `(developer advocate|devrel|developer relations|founding (ae|account executive|sales)|solutions engineer)${inClause(120)}(day|week|month|\\$)\\s?\\d+`,
      ],
    },
    {
      id: 'design_partner_conversion',
      description: 'A concrete plan to convert the design partners into paying references',
      patterns: [
        `design[- ]partners?${inClause(160)}(case stud\\w+|testimonial|reference|convert\\w*|paid|annual|contract)${inClause(120)}(\\$\\s?\\d|\\d+\\s?%|day\\s?\\d+|week\\s?\\d+)`,
        `(convert|sign|close)\\w*\\s+(all (three|3)|\\d|two|three)\\b${inClause(30)}design partners${inClause(60)}(by|within|before)\\s+(day|week|month)\\s?\\d+`,
      ],
    },
  ],
  deliverable: 'markdown',
  composite: { groundTruth: 0, checklist: 0.4, judge: 0.6 },
})
