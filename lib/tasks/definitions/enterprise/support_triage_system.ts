import { inClause } from '../../notation.js'
import { defineTask } from '../../schema.js'

const hardConstraints = [
  'The system serves 500 enterprise clients.',
  'Support is organised in three tiers: L1, L2 and L3.',
  'Critical issues carry a 4-hour SLA, 24 hours a day, 7 days a week.',
  'The system can be implemented with the existing tools and team within 60 days.',
  'The design gives concrete schemas, routing pseudo-code, SLA formulas, knowledge-base templates and escalation trees.',
]

const brief = `# Support triage system for 500 enterprise clients

## Scenario
A B2B SaaS vendor sells an e-invoicing and procurement platform to 500 enterprise clients on three contract plans:
- **Strategic**: 40 clients with annual contract value above €250,000, each with a named customer success manager (CSM).
- **Core**: 160 clients between €50,000 and €250,000, sharing a pool of CSMs.
- **Standard**: 300 clients below €50,000, with no named CSM.

Every contract promises a 4-hour SLA for critical issues: within 4 hours of the report, service is restored or a working workaround is in place, around the clock. A critical issue is one where the platform is unusable for the client or a core workflow (sending invoices, approving purchase orders) is blocked with no workaround. No other response or resolution targets are fixed in contracts yet; this design must set them.

Current operation:
- About 2,400 tickets a month (110 per working day), rising to three times that in the two days after a release. Channels: e-mail 45 %, web portal 35 %, chat 15 %, phone 5 %.
- Last quarter's mix: usage questions 38 %, product faults 22 %, login and permission problems 12 %, invoices and payments 10 %, integration and API problems 8 %, slowness 6 %, service-wide incidents 4 %.
- **L1**: 12 agents across Lisbon and Manila, covering 24 hours on weekdays. **L2**: 6 support engineers in Berlin, 08:00 to 18:00 CET on weekdays, one of them on call at weekends. **L3**: the product engineering squads, one on-call engineer per squad.
- Tools: Zendesk for tickets, Linear for engineering issues, a Confluence knowledge base of 420 articles (a third not updated for over a year), a public status page and Slack.
- Last quarter 31 % of critical tickets missed the 4-hour SLA, the median first response was 5 hours, 18 % of tickets changed owner at least twice, customer satisfaction was 78 %, and a review found that 27 % of tickets escalated to L2 could have been answered from an existing article.
- The build team for this project is two support-operations engineers, one ML engineer and one knowledge manager.

## Your task
Design the support triage system. It must cover these five required areas:

1. **Intake and classification**: how tickets from every channel become structured records, and how priority and type are assigned, automatically where possible.
2. **Routing**: how each ticket reaches the right tier, queue and person, including escalation between tiers.
3. **Knowledge-base integration**: how articles are suggested to agents and clients, how the knowledge base is structured and kept current, and how gaps are found and filled.
4. **SLA management**: targets per priority and plan, how clocks are computed, how breaches are prevented rather than merely reported, and what is recorded and reported.
5. **Resolution quality and feedback**: how the quality of resolutions is measured, and how outcomes feed back into classification, routing and the knowledge base so that the system measurably improves.

## What to hand in
A markdown document with one \`##\` section per required area, in the order above. Give the ticket, knowledge-base and escalation schemas as field lists or JSON, the routing logic as pseudo-code, SLA targets as a table with the formula for each deadline, numeric thresholds for automation and alerts, and the target share of tickets handled without human triage. Close with how the system is delivered in 60 days.`

export default defineTask({
  id: 'support_triage_system',
  track: 'enterprise',
  costCenter: 'support',
  title: 'Support triage system',
  kind: 'design',
  brief,
  inputs: [],
  roles: [
    {
      id: 'support_operations_engineer',
      name: 'Support Operations Engineer',
      focus:
        'Examines the ticket system itself: the fields a ticket carries, how tickets enter from each channel, the workflow states and automations available in the ticketing tool, and how routing decisions are expressed and executed.',
      memoryKey: 'support_operations_engineer',
    },
    {
      id: 'customer_success_manager',
      name: 'Customer Success Manager',
      focus:
        'Examines how the client relationship should shape ticket handling: differences between contract plans, signs that an account is at risk, when account managers and executives must be involved, and how clients are kept informed.',
      memoryKey: 'customer_success_manager',
    },
    {
      id: 'ml_ai_engineer',
      name: 'ML / AI Engineer',
      focus:
        'Examines what can be inferred automatically from ticket text and metadata, how reliable those inferences are and how reliability is measured, how related tickets and relevant articles are found, and how models stay accurate as the product changes.',
      memoryKey: 'ml_ai_engineer',
    },
    {
      id: 'knowledge_management_specialist',
      name: 'Knowledge Management Specialist',
      focus:
        'Examines the knowledge base: how articles are structured, found and kept current, how missing or outdated articles show up in ticket traffic, and how agents and clients contribute to it.',
      memoryKey: 'knowledge_management_specialist',
    },
    {
      id: 'sla_compliance_analyst',
      name: 'SLA & Compliance Analyst',
      focus:
        'Examines how service commitments are measured: how each clock runs from a ticket’s report to its deadline, how breaches are prevented, what is recorded for audit, and what is reported to management and clients.',
      memoryKey: 'sla_compliance_analyst',
    },
  ],
  rubric: [
    {
      key: 'schema_completeness',
      description:
        'Ticket, knowledge-base article and escalation records are given as complete schemas (field names, types, allowed values) that the routing, SLA and feedback logic actually use; nothing referenced later is missing from a schema.',
      weight: 20,
    },
    {
      key: 'automation_ratio',
      description:
        'States which steps are automated (acknowledgement, classification, routing, article suggestion, alerts), the confidence thresholds that hand over to humans, and a justified target share of tickets needing no human triage.',
      weight: 20,
    },
    {
      key: 'sla_rigor',
      description:
        'SLA targets per priority and plan, deadline formulas covering business hours, 24/7 critical cover and clock pauses, and proactive breach prevention (staged alerts and automatic actions before the deadline) that would fix the current critical-ticket misses.',
      weight: 20,
    },
    {
      key: 'learning_loop',
      description:
        'Resolution outcomes, agent corrections and client feedback flow back into classification, routing and the knowledge base on a stated cadence, with metrics and targets that show whether the system improves.',
      weight: 20,
    },
    {
      key: 'client_tier_awareness',
      description:
        'Strategic, Core and Standard clients are treated differently where it matters (targets, routing, CSM and executive involvement, communication) while every client keeps the contractual 4-hour critical SLA.',
      weight: 20,
    },
  ],
  hardConstraints,
  checklist: [
    {
      id: 'ticket_schema',
      description: 'A ticket schema with named fields, including an identifier and priority or severity.',
      patterns: [
        'ticket_?id[\\n]*\\n?(.*\\n){0,25}.*\\b(priority|severity)\\b',
        '\\b(priority|severity)"?\\s*:[^\\n]*\\n?(.*\\n){0,25}.*ticket_?id',
        '\\|\\s*`?ticket[ _]?id`?\\s*\\|',
      ],
      mustPass: true,
    },
    {
      id: 'classification_confidence',
      description: 'Automatic classification with a numeric confidence threshold below which a human triages.',
      patterns: [`confidence${inClause(80)}(0\\.\\d+|\\b\\d{2}\\s?%)`, `(0\\.\\d+|\\b\\d{2}\\s?%)${inClause(60)}confidence`],
    },
    {
      id: 'routing_rules',
      description: 'Explicit routing logic (pseudo-code or rule table) that sends tickets to L1, L2 or L3 on stated conditions.',
      patterns: [
        '\\b(if|elif|when)\\b[^\\n]{0,160}\\bL[123]\\b',
        '(route|return|assign)\\w*\\s*\\(?\\s*["\'`]L[123]["\'`]',
        '\\|[^\\n]*\\b(P[0-4]|critical|sev[1-4])\\b[^\\n]*\\|[^\\n]*\\bL[123]\\b[^\\n]*\\|',
      ],
      mustPass: true,
    },
    {
      id: 'plan_sla_targets',
      description: 'SLA targets that differ by client plan (Strategic, Core, Standard), stated in hours or minutes.',
      patterns: [
        '\\|\\s*\\**(strategic|core|standard)\\**\\s*\\|[^\\n]*\\b\\d+\\s?(h|hours?|min|minutes)\\b',
        '\\b(strategic|core|standard)\\b[^.\\n|]{0,80}\\b\\d+\\s?(h|hours?|min|minutes|business hours)\\b',
      ],
      mustPass: true,
    },
    {
      id: 'sla_clock_rules',
      description: 'How SLA clocks are computed: business hours versus round-the-clock, and pauses while waiting on the client.',
      patterns: [
        `(pause|paused|pauses|stop|stops|suspend)\\w*${inClause(80)}\\b(clock|timer)`,
        `\\b(clock|timer)s?\\b${inClause(80)}(pause|stop|suspend)`,
        '(due_at|deadline|due)\\s*=\\s*\\w',
      ],
    },
    {
      id: 'breach_prevention_alerts',
      description: 'Proactive alerts or actions at stated percentages of the SLA time consumed, before a breach.',
      patterns: [
        `\\b\\d{2}\\s?%${inClause(60)}(of (the )?(sla|deadline|target|response time|resolution time)|sla (budget|time|window|elapsed|consumed|clock))`,
        `\\bsla\\b${inClause(80)}(elapsed|consumed|used)${inClause(60)}\\b\\d{2}\\s?%`,
      ],
      mustPass: true,
    },
    {
      id: 'escalation_tree',
      description: 'An escalation path with time-based triggers (to L2/L3, team leads, CSMs or executives).',
      patterns: [
        `escalat\\w*${inClause(120)}\\b(after|within|at)\\s+\\d+\\s?(h|hours?|min|minutes)\\b`,
        `\\b\\d+\\s?(h|hours?|min|minutes)\\b${inClause(80)}escalat`,
      ],
    },
    {
      id: 'kb_semantic_suggestion',
      description: 'Articles are suggested by semantic or embedding search with a stated similarity threshold.',
      patterns: [
        `(embedding|semantic|vector)${inClause(160)}(similarity|cosine|score)${inClause(40)}(0\\.\\d+|\\b\\d{2}\\s?%)`,
        `(cosine|similarity)${inClause(60)}0\\.\\d+`,
      ],
    },
    {
      id: 'kb_template_review',
      description: 'A knowledge-base article template or schema and a stated review cycle for keeping articles current.',
      patterns: [
        `(review|revalidat\\w*|expir\\w*)${inClause(80)}every\\s+\\d+\\s+(days|weeks|months)`,
        '\\b\\d+[- ](day|month) review',
        '(article|kb)[^\\n]{0,80}(template|schema)[^\\n]*\\n?(.*\\n){0,20}.*(symptom|resolution_steps|applies_to)',
      ],
    },
    {
      id: 'kb_gap_loop',
      description: 'Tickets resolved without a matching article create knowledge-base gap work with a deadline.',
      patterns: [
        `(gap|missing article|no (matching )?article)${inClause(160)}\\b\\d+\\s?(days|business days|working days|h|hours)\\b`,
        `\\b\\d+\\s?(days|business days|working days)\\b${inClause(120)}(gap|missing article)`,
      ],
    },
    {
      id: 'automation_target',
      description: 'A numeric automation or deflection target, or a timed automatic acknowledgement.',
      patterns: [
        `(automat|auto-)\\w*${inClause(100)}\\b\\d{1,3}\\s?%`,
        `(deflect|self-serve|self-service)\\w*${inClause(80)}\\b\\d{1,3}\\s?%`,
        `auto-?acknowledg\\w*${inClause(80)}\\b\\d+\\s?(s|sec|seconds|min|minutes)\\b`,
      ],
    },
    {
      id: 'resolution_quality_metrics',
      description: 'Resolution quality measured with named metrics (CSAT, reopen rate, QA sampling) and numeric targets.',
      patterns: [`(csat|reopen|re-open|first contact resolution|\\bfcr\\b|qa (sample|review|score)|satisfaction)\\w*${inClause(100)}\\d`],
    },
    {
      id: 'model_retraining',
      description: 'Agent corrections feed retraining of the classifier on a stated cadence.',
      patterns: [
        `(retrain|re-train|fine-?tun)\\w*${inClause(120)}(weekly|monthly|nightly|every\\s+\\d+|\\d+\\s+(days|weeks))`,
        `(override|correction|relabel)\\w*${inClause(120)}(training set|training data|retrain|labels?)`,
      ],
    },
    {
      id: 'sixty_day_plan',
      description: 'A delivery plan that fits the 60 days, split into dated phases.',
      patterns: ['\\b(weeks?|days?)\\s+\\d+\\s?[-–]\\s?\\d+', `\\bday\\s+\\d+\\b${inClause(80)}\\bday\\s+60\\b`],
    },
  ],
  deliverable: 'markdown',
  composite: { groundTruth: 0, checklist: 0.4, judge: 0.6 },
})
