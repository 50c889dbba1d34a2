import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { blindDeliverable, normaliseMarkdown } from '../../../lib/eval/judge/blind.js'
import { stableJson } from '../../../lib/results/write.js'
import { loadRegistry, PROJECT_ROOT } from '../../../lib/tasks/registry.js'
import type { Deliverable } from '../../../lib/topologies/types.js'

/*
 * Deliverables written as real models write them (test/fixtures/blinding/<task>/<topology>.md|json):
 * every single agent's passes through unchanged; the organisations' lose the provenance the rules
 * know, and keep their substance.
 */
const registry = await loadRegistry()
const FIXTURES = join(PROJECT_ROOT, 'test', 'fixtures', 'blinding')

function deliverable(task: string, file: string): Deliverable {
  const raw = readFileSync(join(FIXTURES, task, file), 'utf8')
  return file.endsWith('.json') ? { kind: 'structured', schema: 'fixture', data: JSON.parse(raw) as unknown } : { kind: 'markdown', text: raw }
}
const written = (d: Deliverable) => (d.kind === 'structured' ? stableJson(d.data) : normaliseMarkdown(d.text))

const singles = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .flatMap((e) => readdirSync(join(FIXTURES, e.name)).filter((f) => /^single[.-]/.test(f)).map((f) => [e.name, f] as const))

describe("the blinder and single agents' deliverables as models write them", () => {
  it('finds at least one for each of eighteen tasks, in several styles', () => {
    expect([...new Set(singles.map(([task]) => task))].sort()).toEqual([
      'ai_incident_response',
      'cash_reconciliation_execution',
      'code_review_execution',
      'code_review_hard',
      'code_review_protocol',
      'contract_review',
      'contract_review_deal',
      'contract_review_execution',
      'defi_strategy_design',
      'incident_response_execution',
      'incident_response_overlap',
      'software_architecture',
      'strategic_planning',
      'support_staffing_plan',
      'support_triage_execution',
      'support_triage_hard',
      'support_triage_system',
      'treasury_yield_sizing',
    ])
  })

  it.each(singles)('%s/%s passes through unchanged: no rule fires', (task, file) => {
    const d = deliverable(task, file)
    const out = blindDeliverable(registry.get(task), d)
    expect(out.rules).toEqual({})
    expect(out.text).toBe(written(d))
  })
})

/**
 * An organisation's deliverable: the case's proposed role names, what must be gone (structure that
 * only says who made it), what must stay (the work), and the rules that fire. What stays of its
 * provenance besides is left on purpose and listed in `left`, with why: each would harm a single
 * agent on a task whose roles are its subject ("Per the Security Engineer" reads like a protocol's
 * own rule in code_review_protocol, whose roles it assigns). `orgbench calibrate --provenance`
 * measures how much of it reaches the judge.
 */
interface OrgCase {
  task: string
  file: string
  proposed?: string[]
  gone: string[]
  kept: string[]
  rules: Record<string, number>
  left?: string
}

const ORGS: OrgCase[] = [
  {
    task: 'code_review_protocol',
    file: 'star.md',
    gone: ['# Synthesis:', 'This synthesis consolidates', '(from the DevOps / CI Engineer)', "**Synthesizer's note:**", "### Senior Software Engineer's findings", '— Synthesizer (on behalf'],
    kept: [
      '# Code-Review and Merge Protocol for the 20-Engineer Monorepo',
      '## 1. Automated pre-review checks\n',
      // What the note's label introduced starts its line with a capital.
      '\nThe DevOps / CI Engineer proposed a 10-minute CI budget and the SRE / Reliability Engineer 15 minutes; this protocol uses 12 minutes at p50.',
      '\nThe single all-repo workflow is the main cause of the 28-minute median.',
      // Its reviewers are the protocol's subject: only a frame after "both" or "all" names them as contributors.
      'The reviewers found that staged exposure removes most of the 20-minute manual rollback.',
    ],
    rules: { 'synthesis-heading': 1, 'heading-attribution': 3, 'contributor-label': 1, 'meta-sentence': 1, 'attribution-frame': 1, 'contribution-heading': 2, 'sign-off': 1 },
    left: '"Per the Security Engineer:", "Both the Engineering Manager and the Senior Software Engineer noted that": frames naming the roles this protocol assigns; "The reviewers found that …": the reviewers this protocol assigns',
  },
  {
    task: 'ai_incident_response',
    file: 'hrm.md',
    gone: ['### Reviewer 2 feedback (cycle 2)', "Network Analyst's notes:", 'As the coordinator,', '— from the Governance Designer', '**Governance Designer:**', '### Coordination Specialist input'],
    kept: [
      'The first draft let a Worker review its own output while the Reviewer was down; this is now forbidden',
      'The bus delivers at least once, so every detector deduplicates on `(agent_id, seq)`.',
      'Orphaned steps go back to the queue ordered by deadline',
    ],
    rules: { 'contribution-heading': 1, 'contributor-label': 1, 'heading-attribution': 1, 'self-role': 1, 'role-heading': 1, 'role-label': 1 },
    left: '"The Emergence Engineer flagged that …", the coordinator\'s banner and "— Coordinator, final cycle": named-role frames and HRM cycle words; "**Governance Designer:**" and "### Coordination Specialist input" become "**Part A:**" and "### Part B input"',
  },
  {
    task: 'ai_incident_response',
    file: 'self_decompose.md',
    proposed: ['Detection & Telemetry Engineer', 'Incident Command Designer', 'Load Redistribution Analyst', 'Learning Systems Lead'],
    gone: ['*Synthesized by the synthesizer from four role drafts', '**From the Load Redistribution Analyst:**'],
    kept: ['Every incident gets a record (timeline, root cause, items affected, one concrete change).', "1. Release the failed agent's in-flight steps to the queue with their history."],
    rules: { 'contributor-label': 1, 'sign-off': 1 },
    left: '"## 1. Failure detection (Detection & Telemetry Engineer)", "> Merged from the work of …", "The Incident Command Designer recommended that …", "Learning Systems Lead perspective:": bare role tags, named-role frames and a role name\'s label without its possessive',
  },
  {
    task: 'code_review_execution',
    file: 'star.json',
    gone: ["Consolidated from the five reviewers' findings", 'Flagged by the Security reviewer.', 'As the synthesizer,', 'All five reviewers agreed that'],
    kept: ['The new ticket search endpoint interpolates the status filter into SQL', '"The `status` query parameter is placed into the SQL with an f-string', 'This is a cross-tenant write.'],
    rules: { 'meta-sentence': 1, 'sign-off': 1, 'attribution-frame': 1, 'self-role': 1 },
    left: '"Per the Security reviewer, …", "The Security reviewer and the Maintainability reviewer both flagged …", "(Reliability reviewer)": named-role frames and tags',
  },
  {
    task: 'incident_response_execution',
    file: 'pipeline.json',
    gone: [],
    kept: ['Final stage of the pipeline.'],
    rules: {},
    left: '"Final stage of the pipeline.", "the previous stage", "Reviewed and finalised by the Change and Risk Reviewer.": pipeline stage words and named roles',
  },
  {
    task: 'support_triage_execution',
    file: 'self_decompose.json',
    proposed: ['Outage Impact Assessor', 'SLA Clock Specialist', 'Routing Rules Auditor'],
    gone: ['Both specialists found that'],
    kept: ['The Lisbon slowness is regional, not an outage'],
    rules: { 'attribution-frame': 1 },
    left: '"Per the Routing Rules Auditor:", "The Outage Impact Assessor and the SLA Clock Specialist agree …": named-role frames',
  },
  {
    task: 'support_triage_system',
    file: 'peer_review.md',
    gone: ['The critic pointed out that'],
    kept: ['The first draft had no fallback for low-confidence labels; a human agent now confirms any label below 0.85.'],
    rules: { 'attribution-frame': 1 },
    left: '"(revised after review)", "## Changes made in response to the reviewer\'s critique": peer-review revision sections',
  },
]

describe("the blinder and organisations' deliverables as models write them", () => {
  it('covers every organisation file of the fixtures', () => {
    const files = readdirSync(FIXTURES, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .flatMap((e) => readdirSync(join(FIXTURES, e.name)).filter((f) => !/^single[.-]/.test(f)).map((f) => `${e.name}/${f}`))
    expect(files.sort()).toEqual(ORGS.map((o) => `${o.task}/${o.file}`).sort())
  })

  it.each(ORGS.map((o) => [`${o.task}/${o.file}`, o] as const))('%s loses its structural provenance and keeps its work', (_name, o) => {
    const out = blindDeliverable(registry.get(o.task), deliverable(o.task, o.file), o.proposed)
    for (const text of o.gone) expect(out.text).not.toContain(text)
    for (const text of o.kept) expect(out.text).toContain(text)
    expect(out.rules).toEqual(o.rules)
  })
})
