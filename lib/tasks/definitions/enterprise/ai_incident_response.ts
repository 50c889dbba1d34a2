import { inClause } from '../../notation.js'
import { defineTask } from '../../schema.js'

const hardConstraints = [
  'The protocol applies to the five-agent organisation described above and names which agent, human or mechanism acts at each step.',
  'It covers all five required areas with concrete mechanisms rather than metaphors: timing values, thresholds, message schemas and algorithms.',
  'The organisation keeps processing work while any one of the five agents is offline.',
  'A recovered agent rejoins without losing, duplicating or corrupting work items.',
]

const brief = `# AI incident-response protocol for a five-agent organisation

## Scenario
An operations team runs an organisation of five LLM-based agents that together process a continuous stream of back-office work items (for example, reading an incoming customer request, planning the steps, drafting the reply and the records it needs, and checking the result before release). The five agents are:

- **Intake**: reads each new request, classifies it and splits it into a work item.
- **Planner**: turns a work item into an ordered list of steps and assigns each step to a worker.
- **Worker A** and **Worker B**: execute steps, calling internal tools (document store, CRM, e-mail drafts).
- **Reviewer**: checks every finished work item and either releases it or sends it back with reasons.

Facts about the environment:
- Each agent is a separate long-running process. All five run the same base model and can load any role's prompt and memory, but tool permissions are granted per role.
- Agents talk over a message bus with topics; delivery is at-least-once and ordered within a topic. Work items live in a shared task queue where each item has an owner, a status and a step history. A shared memory store holds each agent's notes and the organisation's playbooks.
- Every agent calls an external LLM API. A call normally takes 5 to 40 seconds; the provider occasionally rate-limits or returns errors for several minutes.
- Peak load is 200 to 400 work items per hour; an item passes through 3 to 6 steps, and a step takes between 20 seconds and 4 minutes. Each agent normally runs at most 8 steps at once.
- Service objective: 95 % of work items are released within 20 minutes of arrival.
- One human operator is on call around the clock and can be paged; a page is acknowledged within 15 minutes.
- Failures seen so far: a process crash; an agent hung inside a tool call while still answering pings; an agent re-planning the same item in a loop; a drop in output quality after a prompt change; one agent unable to reach the memory store; provider rate limiting that hit all agents at once.

## Your task
Design the incident-response protocol this organisation will run. It must cover these five required areas:

1. **Failure detection**: how a crashed, hung, looping or degraded agent is noticed, how fast, and how false alarms are kept down.
2. **Inter-agent communication during incidents**: what is said, by whom, in what format, who holds decision authority and how decisions are escalated to the human operator.
3. **Work redistribution while an agent is offline**: how its in-flight and queued work moves to the others, by what algorithm, and what happens when the remaining agents run out of capacity.
4. **Recovery and reintegration**: how a repaired agent proves it is healthy, resynchronises its state and takes back load.
5. **Post-incident knowledge capture**: what is recorded, in what structure, how the lessons change the organisation's behaviour, and how improvement is measured.

## What to hand in
A markdown document with one \`##\` section per required area, in the order above. Each section must be specific enough for an engineer to implement it: give timing values and thresholds in stated units, message and record schemas (JSON or a field table), state machines or decision rules, and the algorithms used, with the reasoning that ties each number to the facts above. Cover degraded and awkward cases, not just the clean crash: several agents failing together, the decision-maker itself failing, the shared infrastructure failing, and false alarms.`

export default defineTask({
  id: 'ai_incident_response',
  track: 'enterprise',
  costCenter: 'operations',
  title: 'AI incident-response protocol',
  kind: 'design',
  brief,
  inputs: [],
  roles: [
    {
      id: 'systems_architect',
      name: 'Systems Architect',
      focus:
        'Examines how the organisation observes the state of each agent: what an agent can emit or expose about its health, who watches it, and how detection speed is traded against false alarms for each failure the scenario lists.',
      memoryKey: 'systems_architect',
    },
    {
      id: 'coordination_specialist',
      name: 'Coordination Specialist',
      focus:
        'Examines the messages agents exchange once something has gone wrong: their content and format, the channels they travel on, how delivery guarantees of the bus affect them, and how agents come to a shared view of the incident.',
      memoryKey: 'coordination_specialist',
    },
    {
      id: 'governance_designer',
      name: 'Governance Designer',
      focus:
        'Examines who may decide what during an incident: authority between agents and the human operator, when a decision must be escalated, how actions are recorded for audit, and how a wrong decision is undone.',
      memoryKey: 'governance_designer',
    },
    {
      id: 'emergence_engineer',
      name: 'Emergence Engineer',
      focus:
        'Examines how work moves when an agent drops out: how in-flight and queued items are handed over, how load is spread over the remaining agents and roles, and how the organisation behaves when total capacity falls short of demand.',
      memoryKey: 'emergence_engineer',
    },
    {
      id: 'network_analyst',
      name: 'Network Analyst',
      focus:
        'Examines what the organisation keeps from each incident: the record it writes, how lessons reach the agents and playbooks afterwards, how recurring patterns are spotted across incidents, and how improvement is measured over time.',
      memoryKey: 'network_analyst',
    },
  ],
  rubric: [
    {
      key: 'coverage',
      description:
        'All five required areas have their own section with substance; an area that is only named or covered in one generic sentence earns little. Deduct for each hard constraint that is not met.',
      weight: 20,
    },
    {
      key: 'technical_depth',
      description:
        'Mechanisms are specified with numbers in units, message and record schemas, state machines and named algorithms, and the numbers are justified against the scenario facts (step durations, load, service objective, page acknowledgement time).',
      weight: 20,
    },
    {
      key: 'coherence',
      description:
        'The sections form one protocol: detection outputs feed the incident messages, the decision authority drives redistribution, reintegration reverses it, and the post-incident record uses the data earlier sections produce. No contradictory numbers or roles.',
      weight: 20,
    },
    {
      key: 'implementability',
      description:
        'An engineering team could build it on the stated infrastructure (message bus, task queue, memory store, LLM API) without inventing missing pieces; each step says which agent, human or component performs it.',
      weight: 20,
    },
    {
      key: 'edge_cases',
      description:
        'Handles the awkward cases: hung-but-responsive and degraded agents, the decision-maker failing, two agents down at once, shared infrastructure or provider failure, network partitions, false alarms and duplicate deliveries.',
      weight: 20,
    },
  ],
  hardConstraints,
  checklist: [
    {
      id: 'heartbeat_timing',
      description: 'Liveness signal with a stated interval and timeout in time units.',
      patterns: [
        `heartbeats?${inClause(100)}\\b\\d+\\s?(ms|s|sec|secs|seconds?)\\b`,
        `\\b\\d+\\s?(ms|s|sec|secs|seconds?)\\b${inClause(80)}heartbeats?`,
      ],
      mustPass: true,
    },
    {
      id: 'consecutive_miss_threshold',
      description: 'Failure is declared only after a stated number of consecutive missed or failed checks (a suspect state), to limit false alarms.',
      patterns: [
        '\\b(\\d+|two|three|four|five)\\s+(consecutive|successive)\\s+(missed|failed|failing|lost)',
        `\\bsuspect(ed)?\\b${inClause(120)}\\b(\\d+|two|three)\\s+(missed|failed|consecutive)`,
        '(miss\\w*|fail\\w*)\\s+(\\d+|two|three|four|five)\\s+(consecutive\\s+)?(heartbeats?|checks?|probes?|pings?)',
        `\\b(\\d+|two|three|four|five)\\s+(heartbeats?|checks?|probes?|pings?)${inClause(30)}in a row`,
      ],
    },
    {
      id: 'progress_and_quality_detection',
      description: 'Detects agents that are alive but stuck, looping or producing degraded output, not only crashed processes.',
      patterns: [
        `(progress|step)${inClause(60)}(deadline|timeout|budget|watchdog)${inClause(80)}\\b\\d+`,
        `(progress|step)${inClause(80)}\\b\\d+[- ]?(s|secs?|seconds?|mins?|minutes?)\\b${inClause(30)}(deadline|timeout|budget|watchdog)`,
        `(re-?plan(s|ned|ning)?|loop(s|ing)?)${inClause(100)}\\b(\\d+|twice|three) (times|re-?plans|attempts)`,
        `(rejection|reject|quality|review)${inClause(40)}rate${inClause(100)}\\d+\\s?%`,
      ],
    },
    {
      id: 'incident_message_schema',
      description: 'A concrete incident message schema with an incident identifier, severity and state fields.',
      patterns: [
        'incident_?id[\\n]*\\n?(.*\\n){0,15}.*"?(severity|sev)"?\\s*:',
        '"?(severity|sev)"?\\s*:[^\\n]*\\n?(.*\\n){0,15}.*incident_?id',
        '\\|\\s*`?incident[ _]?id`?\\s*\\|',
      ],
      mustPass: true,
    },
    {
      id: 'severity_escalation',
      description: 'Severity levels with escalation to the human operator under stated conditions and times.',
      patterns: [
        `\\bsev[- ]?[1-4]\\b${inClause(160)}(page|escalat|operator)`,
        `(page|escalat)${inClause(120)}(operator|human)${inClause(120)}\\b\\d+\\s?(s|sec|seconds|min|minutes)\\b`,
      ],
    },
    {
      id: 'authority_succession',
      description: 'A single incident decision authority with a defined succession or election when that authority is itself the failed agent.',
      patterns: [
        `\\b(commander|coordinator|decision authority|incident lead)\\b${inClause(200)}(succession|successor|deputy|backup|elect|takes over)`,
        `(succession|successor|deputy|election|elect)${inClause(160)}(incident (commander|coordinator|lead)|authority)`,
        `\\blease\\b${inClause(120)}(commander|coordinator|authority|leader)`,
      ],
    },
    {
      id: 'redistribution_algorithm',
      description: 'A named, concrete load-redistribution algorithm for moving work off an offline agent.',
      patterns: [
        '(least[- ](loaded|busy|connections|utili[sz]ed)|lowest (load|utili[sz]ation)|weighted round[- ]robin|consistent hash(ing)?|rendezvous hash(ing)?|work[- ]stealing|power of two choices|bin[- ]packing)',
      ],
      mustPass: true,
    },
    {
      id: 'overload_shedding',
      description: 'What happens when the remaining agents lack capacity: explicit limits and a shedding, deferral or admission policy with numbers.',
      patterns: [
        `(shed|shedding|defer|deferral|admission control|back-?pressure)${inClause(160)}(\\d+\\s?%|\\b\\d+\\s+(items|steps|slots))`,
        `(\\d+\\s?%|\\b\\d+\\s+(items|steps|slots))${inClause(160)}(shed|shedding|defer|deferral|admission control|back-?pressure)`,
      ],
    },
    {
      id: 'idempotent_handoff',
      description: 'In-flight work is handed over without loss or duplication (leases, checkpoints, idempotency keys, fencing).',
      patterns: ['idempoten', 'fencing (token|epoch)', `\\blease\\b${inClause(100)}(expir|reassign|revok)`, `checkpoint${inClause(100)}(resume|restart|hand ?over|reassign)`],
    },
    {
      id: 'reintegration_ramp',
      description: 'A recovered agent passes verification and takes load back gradually under a stated ramp or probation.',
      patterns: [
        `(probation|shadow|canary|ramp(-| )?up|warm(-| )?up)${inClause(160)}\\b\\d+\\s?(%|min|minutes|items|steps)`,
        `\\b\\d{1,2}\\s?%${inClause(60)}\\b\\d{2}\\s?%${inClause(60)}100\\s?%`,
      ],
    },
    {
      id: 'state_resync',
      description: 'The recovered agent resynchronises its memory and task state before rejoining.',
      patterns: [
        `(re-?sync|resynchroni[sz]e|reconcil|replay|snapshot)${inClause(120)}(memory|state|queue|log|version)`,
        `(memory|state)${inClause(80)}(re-?sync|resynchroni[sz]|reconcil|replay)`,
      ],
    },
    {
      id: 'post_incident_record',
      description: 'A structured post-incident record with named fields such as timeline, root cause and detection and recovery times.',
      patterns: [
        'root_?cause[^\\n]*\\n?(.*\\n){0,20}.*(time_?to_?detect|ttd|mttd|detected_?at)',
        '(time_?to_?detect|ttd|mttd|detected_?at)[^\\n]*\\n?(.*\\n){0,20}.*root_?cause',
        '\\|\\s*`?root[ _]cause`?\\s*\\|',
      ],
      mustPass: true,
    },
    {
      id: 'lessons_feedback_metrics',
      description: 'Lessons are written back into playbooks or agent memory, and improvement is tracked with a named metric and target.',
      patterns: [
        `(recurrence|repeat(ed)? incidents?|mttr|mttd|mean time to (detect|recover|restore|resolve))${inClause(120)}(\\d+\\s?%|target|below|under|\\d+\\s?(s|min|minutes))`,
        `(playbook|lesson)s?${inClause(120)}(version|memory store|approved|review)${inClause(80)}\\b\\d+`,
      ],
    },
    {
      id: 'multi_failure_partition',
      description: 'Covers several agents failing together or a network partition / split-brain.',
      patterns: [
        'split[- ]brain',
        `partition(ed|s)?\\b${inClause(160)}(quorum|fenc|minority|majority|lease)`,
        `(two|2|several|multiple|more than one) agents?${inClause(60)}(fail|offline|down|lost)${inClause(160)}(\\b\\d+|degraded mode|safe mode|pause|operator)`,
      ],
    },
  ],
  deliverable: 'markdown',
  composite: { groundTruth: 0, checklist: 0.4, judge: 0.6 },
})
