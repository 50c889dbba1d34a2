import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { blindDeliverable, normaliseMarkdown } from '../../../lib/eval/judge/blind.js'
import { stableJson } from '../../../lib/results/write.js'
import { calibrationPath, readCalibration } from '../../../lib/tasks/calibration-file.js'
import { loadRegistry, PROJECT_ROOT } from '../../../lib/tasks/registry.js'

const registry = await loadRegistry()
const protocol = registry.get('code_review_protocol')
const incident = registry.get('ai_incident_response')
/** What the rules did to a markdown text; how many role names are left is specified on its own (roleNamesLeft). */
const blind = (text: string, task = protocol) => {
  const { text: out, neutralised, rules } = blindDeliverable(task, { kind: 'markdown', text })
  return { text: out, neutralised, rules }
}

/*
 * Realistic single-agent text: role words as content, in sentences, lists, parentheses, owner
 * headings and code. The blinder must hand every one of them to the judge unchanged.
 */
const SINGLE_AGENT_SAMPLES: Array<[string, string]> = [
  [
    'security exceptions and owners',
    `# Code-review protocol

## 1. Automated pre-review checks

Semgrep and Trivy findings rated critical or high block the merge. An exception needs a Security Engineer approval in \`security/exceptions.yaml\` with an expiry of at most 60 days; CI fails when an exception has expired.

### Sprint rollout

- Days 2–6: split CI with Pants, caching and retries (DevOps / CI Engineer).
- Days 4–7: Semgrep, Gitleaks and the exception file (Security Engineer).
- Days 6–10: Argo Rollouts and deploy trains (SRE / Reliability Engineer).
`,
  ],
  [
    'reviewers as the subject of the process',
    `## 3. Review quality standards

Changes under \`services/payments/\` need two approvals. Two reviewers must approve every migration, and if both reviewers agree the change enters the merge queue within 15 minutes. Reviewers flag blocking comments with the \`blocking:\` prefix; the author resolves each thread before merge.

The reviewer checks that logs and metrics exist for new failure paths. As a rule, a reviewer who co-wrote the change may not approve it.
`,
  ],
  [
    'owner headings and role labels that are content',
    `## Owners

### Security Engineer

Owns the exception file and rotates exposed keys within 4 hours.

### DevOps / CI Engineer

**Senior Software Engineer:** owns the coverage gate at 85 % of changed lines.

The Engineering Manager reviews review-latency dashboards every Monday; the senior software engineer's review of large changes is limited to 800 lines.
`,
  ],
  [
    'a revision history and the word draft',
    `## Rollout plan

Compared with my previous draft, the canary now holds at 5 % for 10 minutes before 25 %. This document merges no code by itself: it sets the rules the merge queue enforces.

A draft pull request is never assigned reviewers; marking it ready triggers CODEOWNERS assignment.
`,
  ],
  [
    'code blocks with comments that look like headings',
    `## Merge gate

\`\`\`yaml
# Findings from the reviewers are tracked as review threads
required_status_checks: [lint, typecheck, test, security-scan]
# === Security Engineer ===
\`\`\`

Merges go through the merge queue in batches of up to 5.
`,
  ],
]

/*
 * Realistic provenance phrasings, as organisations write them. Each is structure (a heading, a
 * label, a banner, a sign-off, a meta sentence, a frame); the content around it must survive.
 */
const PROVENANCE: Array<{ name: string; text: string; gone: RegExp; kept: string[]; rules: string[] }> = [
  {
    name: 'a synthesis heading and a meta sentence',
    text: '# Synthesis: Code-review protocol\n\nThis synthesis consolidates five reviews into one protocol. Checks finish within 10 minutes.\n',
    gone: /synthesis|consolidates five reviews/i,
    kept: ['# Code-review protocol', 'Checks finish within 10 minutes.'],
    rules: ['meta-sentence', 'synthesis-heading'],
  },
  {
    name: 'an attribution frame with "both reviewers agreed"',
    text: 'Both reviewers agreed that the retry loop is unbounded. It needs a limit of 3 attempts.\n',
    gone: /reviewers agreed/i,
    kept: ['The retry loop is unbounded.', 'It needs a limit of 3 attempts.'],
    rules: ['attribution-frame'],
  },
  {
    name: 'an attribution frame with "the coordinator concluded"',
    text: 'The coordinator concluded that the rollback completes within 3 minutes.\n',
    gone: /coordinator/i,
    kept: ['The rollback completes within 3 minutes.'],
    rules: ['attribution-frame'],
  },
  {
    name: '"as the synthesizer"',
    text: 'As the synthesizer, I kept every threshold the specialists gave.\n',
    gone: /as the synthesizer/i,
    kept: ['I kept every threshold the specialists gave.'],
    rules: ['self-role'],
  },
  {
    name: 'per-role section headers naming contributions',
    text: "## Findings of the Security Engineer\n\nGitleaks blocks the merge.\n\n## DevOps / CI Engineer's notes\n\nPants selects affected targets.\n\n### Specialist 2\n\nCoverage 85 %.\n",
    gone: /Findings of|CI Engineer notes|Specialist 2/,
    kept: ['Gitleaks blocks the merge.', 'Pants selects affected targets.', 'Coverage 85 %.'],
    rules: ['contribution-heading'],
  },
  {
    name: 'a heading attribution echoed from the handoff format',
    text: '### Post-merge validation (from SRE / Reliability Engineer)\n\nCanary at 5 % for 10 minutes.\n',
    gone: /from SRE/,
    kept: ['### Post-merge validation', 'Canary at 5 % for 10 minutes.'],
    rules: ['heading-attribution'],
  },
  {
    name: 'banners and contributor labels',
    text: '=== Security Engineer ===\n**Reviewer B:**\nSemgrep blocks on high findings.\n',
    gone: /===|Reviewer B/,
    kept: ['Semgrep blocks on high findings.'],
    rules: ['banner', 'contributor-label'],
  },
  {
    name: 'sign-offs',
    text: 'Deploy trains run at 10:00, 13:30 and 16:30.\n\n— The Synthesizer\n\nPrepared by: the review team\n',
    gone: /Synthesizer|Prepared by/,
    kept: ['Deploy trains run at 10:00, 13:30 and 16:30.'],
    rules: ['sign-off'],
  },
  {
    name: 'a meta sentence that names the specialists',
    text: 'Below, I have merged the work of the five specialists. Rollback takes 60 seconds.\n',
    gone: /merged the work/,
    kept: ['Rollback takes 60 seconds.'],
    rules: ['meta-sentence'],
  },
]

describe('blindDeliverable leaves single-agent text untouched', () => {
  it.each(SINGLE_AGENT_SAMPLES)('%s', (_name, text) => {
    const out = blind(text)
    expect(out.text).toBe(normaliseMarkdown(text))
    expect(out.neutralised).toBe(0)
    expect(out.rules).toEqual({})
  })

  it('keeps "a Security Engineer approval" and "(DevOps / CI Engineer)" exactly as written', () => {
    const out = blind('An exception needs a Security Engineer approval.\n\n- Days 2–6: split CI (DevOps / CI Engineer).\n').text
    expect(out).toContain('a Security Engineer approval')
    expect(out).toContain('(DevOps / CI Engineer)')
    expect(out).not.toMatch(/domain expert|the analysis/)
  })

  // Design tasks have strong and weak references; execution tasks have none, only real single-agent runs (below).
  const calibration = join(PROJECT_ROOT, 'fixtures', 'calibration')
  const references = readdirSync(calibration).flatMap((id) => ['strong', 'weak'].filter((kind) => existsSync(join(calibration, id, `${kind}.md`))).map((kind) => [id, kind] as const))
  it('finds the design tasks\' references', () => {
    expect(references.length).toBeGreaterThanOrEqual(12)
  })
  it.each(references)("the %s reference deliverable (%s) passes through unchanged", (id, kind) => {
    const text = readFileSync(join(calibration, id, `${kind}.md`), 'utf8')
    const out = blind(text, registry.get(id))
    expect(out.rules).toEqual({})
    expect(out.text).toBe(normaliseMarkdown(text))
  })

  // What a real model handed in as the single agent (fixtures/calibration/<task>/single-agent.json).
  const realRuns = readdirSync(calibration).filter((id) => existsSync(calibrationPath(join(PROJECT_ROOT, 'fixtures'), id)))
  it.each(realRuns)("a real model's single-agent deliverables of %s pass through unchanged", (id) => {
    const file = readCalibration(join(PROJECT_ROOT, 'fixtures'), id)!
    for (const run of file.runs) {
      const out = blindDeliverable(registry.get(id), run.deliverable)
      expect(out.rules, `${id} ${run.model}`).toEqual({})
      expect(out.text).toBe(run.deliverable.kind === 'markdown' ? normaliseMarkdown(run.deliverable.text) : stableJson(run.deliverable.data))
    }
  })
})

describe('blindDeliverable removes provenance where it is structure', () => {
  it.each(PROVENANCE.map((p) => [p.name, p] as const))('%s', (_name, p) => {
    const out = blind(p.text)
    expect(out.text).not.toMatch(p.gone)
    for (const k of p.kept) expect(out.text).toContain(k)
    expect(Object.keys(out.rules).sort()).toEqual([...p.rules].sort())
    expect(out.neutralised).toBe(Object.values(out.rules).reduce((s, n) => s + n, 0))
  })

  it('records each rule that fired: a role frame, then the meta sentence it leaves, a banner and a sign-off', () => {
    const text = ['# Protocol', 'As the synthesizer, I merged the drafts of the five specialists.', '=== Systems Architect ===', 'Heartbeats every 5 s.', '— Synthesizer'].join('\n')
    const out = blind(text, incident)
    expect(out.text).toBe('# Protocol\nHeartbeats every 5 s.\n')
    expect(out.rules).toEqual({ 'self-role': 1, 'meta-sentence': 1, banner: 1, 'sign-off': 1 })
    expect(out.neutralised).toBe(4)
  })

  it('applies the sentence rules to the strings of a structured deliverable', () => {
    const out = blindDeliverable(protocol, { kind: 'structured', schema: 'x', data: { summary: 'Both reviewers agreed that clause 14.3 caps liability too low.', id: 'R-1' } })
    expect(JSON.parse(out.text)).toEqual({ id: 'R-1', summary: 'Clause 14.3 caps liability too low.' })
    expect(out.rules).toEqual({ 'attribution-frame': 1 })
  })
})

describe("blindDeliverable keeps a task's own contributor nouns: ai_incident_response has an agent called Reviewer", () => {
  // Its brief names five agents (Intake, Planner, Worker A, Worker B, Reviewer) and demands that each
  // step names which agent acts: the Reviewer in a list, a label, a heading or a sentence is content.
  const scenario = `## 2. Inter-agent communication during incidents
Agents that may declare an incident:
- Intake
- Planner
- Reviewer

**Reviewer:**
- holds release of every item Worker A touched in the last 30 min until it is re-checked.

### Release hold (by the Reviewer)
Items stay in status \`held\` until re-checked.

### Reviewer notes
Each rejection carries a reason code and the step id.

The Reviewer found that the rejection rate passed 15 %, so it opens SEV2 and pages the operator within 2 min.
Both reviewers agreed on a release: an item needs the Reviewer and the Planner to agree before it is released.
`

  it('hands every agent, heading and sentence of the scenario to the judge unchanged', () => {
    const out = blind(scenario, incident)
    expect(out.text).toBe(normaliseMarkdown(scenario))
    expect(out.rules).toEqual({})
  })

  it("still removes an organisation's provenance in the same deliverable", () => {
    const text = `${scenario}
### Findings of the Coordination Specialist
## Security specialist's findings
**Specialist 2:**
- takes over Worker B's queue.

### Escalation (from the coordinator)
As the synthesizer, I kept every threshold the specialists gave.
The specialists agreed that the hold lasts 30 min.
Both reviewers agreed that a page is acknowledged within 15 min.

— The Synthesizer
`
    const out = blind(text, incident)
    expect(out.text).toBe(
      `${normaliseMarkdown(scenario)}\n- takes over Worker B's queue.\n\n### Escalation\nI kept every threshold the specialists gave.\nThe hold lasts 30 min.\nA page is acknowledged within 15 min.\n`,
    )
    expect(out.rules).toEqual({ 'contribution-heading': 2, 'contributor-label': 1, 'heading-attribution': 1, 'self-role': 1, 'attribution-frame': 2, 'sign-off': 1 })
  })
})

describe('blindDeliverable normal form', () => {
  it('gives structured deliverables one canonical form: sorted keys, whatever the producer wrote', () => {
    const a = blindDeliverable(incident, { kind: 'structured', schema: 'x', data: { b: 1, a: [2, 1] } })
    const b = blindDeliverable(incident, { kind: 'structured', schema: 'x', data: { a: [2, 1], b: 1 } })
    expect(a.text).toBe(b.text)
    expect(a.text.indexOf('"a"')).toBeLessThan(a.text.indexOf('"b"'))
  })

  it('normalises whitespace of markdown so formatting does not identify the producer', () => {
    expect(blind('# T\r\n\r\n\r\n\r\nbody   \r\n').text).toBe('# T\n\nbody\n')
  })
})

describe('the line rules', () => {
  // Each rule in the forms it names, with the task's own role names too; each line goes and is counted once.
  const role = protocol.roles[0]!.name
  const lines: Array<[string, string]> = [
    ['## Findings of the Security Engineer', 'contribution-heading'],
    [`### ${role}'s notes`, 'contribution-heading'],
    [`## Work from the ${role}`, 'contribution-heading'],
    ['## From Reviewer 2', 'contribution-heading'],
    ['## 2. Specialist 2', 'contribution-heading'],
    ['### Draft #3', 'contribution-heading'],
    ['## Sub-agent B', 'contribution-heading'],
    ['## Editor A', 'contribution-heading'],
    ['**Reviewer 2:**', 'contributor-label'],
    ['[Synthesizer]', 'contributor-label'],
    ['Coordinator:', 'contributor-label'],
    [`${role}'s notes:`, 'contributor-label'],
    [`Notes from the ${role}:`, 'contributor-label'],
    ['Team member 2:', 'contributor-label'],
    ['From Critic C', 'contributor-label'],
    ['— The Synthesizer', 'sign-off'],
    ['-- the coordinator', 'sign-off'],
    [`~ the ${role}`, 'sign-off'],
    ['Prepared by: the coordinator', 'sign-off'],
    ['Consolidated by the review team', 'sign-off'],
    ['*Signed off by the specialist team*', 'sign-off'],
  ]
  it.each(lines)('%s goes (%s)', (line, rule) => {
    const out = blind(`Intro line that stays.\n\n${line}\n\nRollback takes 60 seconds.\n`)
    expect(out.text).toBe('Intro line that stays.\n\nRollback takes 60 seconds.\n')
    expect(out.rules).toEqual({ [rule]: 1 })
  })
})

describe('blindDeliverable never changes the work (numbers, sentences about it)', () => {
  // Sentences a model writes about the work itself, each in a task whose subject it is.
  const work: Array<[string, string]> = [
    ['treasury_yield_sizing', 'We combined the three pool reports into one table: the best reachable weekly yield is 0.18%, below the 0.25% target.'],
    ['treasury_yield_sizing', 'We combined the three pool analyses: the best weekly yield is 0.41% on EUR 80,000.'],
    ['treasury_yield_sizing', 'Reconciling the two stress analyses, the stress loss is EUR 2,340.00, inside the EUR 2,400 budget.'],
    ['cash_reconciliation_execution', 'I combined the two settlement reports into one schedule: total EUR 12,480.17.'],
    ['cash_reconciliation_execution', 'We reconciled the two payout reports against the card register; 3 lines differ.'],
    ['support_staffing_plan', 'We merge the two EMEA agent pools into one queue; it needs 14 agents between 08:00 and 17:00.'],
    ['support_staffing_plan', 'To cover P1 at night we combine the four on-call agents of both regions, at a cost of EUR 3,412.50 per week.'],
    ['ai_incident_response', 'We merge the two worker agents into one pool, which cuts p95 latency from 4.2 s to 2.5 s.'],
    ['ai_incident_response', 'Here, we consolidate all agents behind one router with a 0.5 s timeout.'],
  ]
  it.each(work)('%s: %s', (id, sentence) => {
    const text = `## Result\n\nFirst line.\n\n${sentence}\n\nLast line.\n`
    const out = blind(text, registry.get(id))
    expect(out.text).toBe(text)
    expect(out.rules).toEqual({})
  })

  // Property: a deliverable made only of what the task itself says (its brief, hard constraints and
  // inputs), as written, in the first person, and line by line as headings, changes in nothing.
  const shaped = (text: string) => {
    const lines = text.split('\n').map((l) => l.trim()).filter((l) => l.length > 0 && l.length <= 100 && !/^[#`~|>=-]/.test(l))
    return {
      'as written': text,
      'in the first person': text.replace(/(^|[.!?]\s+)[Yy]ou\b/gm, '$1We'),
      'as headings': lines.map((l) => `### ${l.replace(/[*_]/g, '')}\n\nText.`).join('\n\n'),
      'as labels': lines.map((l) => `**${l.replace(/[*_:]/g, '')}:**\nText.`).join('\n\n'),
    }
  }
  it.each(registry.tasks.map((t) => [t.id, t] as const))("%s: its own words pass through unchanged", (_id, task) => {
    const own = [task.brief, ...task.hardConstraints, ...task.resolvedInputs.map((i) => i.content)].join('\n\n')
    for (const [shape, text] of Object.entries(shaped(own))) {
      const out = blind(text, task)
      expect(out.rules, shape).toEqual({})
      expect(out.text === normaliseMarkdown(text), shape).toBe(true)
    }
  })
})

describe("blindDeliverable and a protocol's own reviewers", () => {
  it('keeps "### Reviewer 1" and "### Reviewer 2" of code_review_protocol, whose subject is reviewers', () => {
    const text = '## Roles\n\n### Reviewer 1\n\nChecks the diff within 4 hours.\n\n### Reviewer 2\n\nCode owner; approves merges to main.\n'
    expect(blind(text)).toEqual({ text, neutralised: 0, rules: {} })
  })
})

describe('blindDeliverable: fenced code is byte for byte what was written', () => {
  const code = ['```python', 'import os', '', '', 'def rollback():', '    os.system("kubectl rollout undo deploy/api")   ', '', '', '\t# tab-indented, two trailing spaces  ', '```']
  it('keeps blank lines and trailing spaces inside a fence, and normalises the prose around it', () => {
    const text = ['# Runbook   ', '', '', '', 'Roll back first.', 'Then page.   ', '', '', ...code, '', '', 'Done.   ', '', ''].join('\r\n')
    expect(blind(text, incident).text).toBe(['# Runbook', '', 'Roll back first.', 'Then page.', '', ...code, '', 'Done.', ''].join('\n'))
  })

  it('keeps a fence that never closes as it is, to the end', () => {
    const open = ['Intro.', '', '```sh', 'make   ', '', '', 'make test  ', '']
    expect(normaliseMarkdown(open.join('\n'))).toBe(`${open.join('\n')}\n`)
  })
})

describe('normaliseMarkdown: indented code and hard line breaks keep their whitespace', () => {
  it('keeps trailing spaces and blank lines inside a code block indented by four spaces or a tab', () => {
    const code = ['    def check(agent):', '', '', '        return agent.ok   ', '\tprint(agent)  ']
    const text = ['Example:', '', ...code, '', '', 'After.   '].join('\n')
    expect(normaliseMarkdown(text)).toBe(['Example:', '', ...code, '', 'After.', ''].join('\n'))
  })

  it('a document may open with indented code, whose indent stays', () => {
    expect(normaliseMarkdown('    x = 1  \n\nText.')).toBe('    x = 1  \n\nText.\n')
  })

  it('an indented line that continues a paragraph or a list item is prose, and is normalised', () => {
    expect(normaliseMarkdown('A paragraph\n    goes on here.   \n')).toBe('A paragraph\n    goes on here.\n')
    expect(normaliseMarkdown('- An item\n\n    its second paragraph.   \n')).toBe('- An item\n\n    its second paragraph.\n')
  })

  it('keeps a hard line break as two trailing spaces before the next line of text, and trims spaces before a blank line', () => {
    expect(normaliseMarkdown('Line with hard break  \nnext line.')).toBe('Line with hard break  \nnext line.\n')
    expect(normaliseMarkdown('Line with hard break     \nnext line.')).toBe('Line with hard break  \nnext line.\n')
    expect(normaliseMarkdown('End of a paragraph  \n\nNext.')).toBe('End of a paragraph\n\nNext.\n')
  })

  it('blinding keeps them too', () => {
    const text = 'Example:\n\n    x = 1   \n\n\n    y = 2\n\nFirst line  \nsecond line.\n'
    expect(blind(text, incident).text).toBe(text)
  })
})

describe("blindDeliverable: the organisation's role names", () => {
  const contract = registry.get('contract_review_execution')

  it('neutralises a heading or bold label that is a role name the task never uses, and counts the mentions it cannot remove', () => {
    const text = '# Protocol\n\n## Systems Architect\n\nHeartbeats every 5 s.\n\n**Emergence Engineer:** rebalance by least-loaded.\n\nThe Systems Architect recommended that the bus be sharded.\n'
    const out = blindDeliverable(incident, { kind: 'markdown', text })
    expect(out.text).toBe('# Protocol\n\n## Part A\n\nHeartbeats every 5 s.\n\n**Part B:** rebalance by least-loaded.\n\nThe Systems Architect recommended that the bus be sharded.\n')
    expect(out.rules).toEqual({ 'role-heading': 1, 'role-label': 1 })
    expect(out.roleNamesLeft).toBe(1)
  })

  it('neutralises "### Procurement Lead" of a contract review, and counts the sign-off field that stays', () => {
    const out = blindDeliverable(contract, { kind: 'markdown', text: '## Approval chain\n\nApproval: Risk Officer\nSign-off: Procurement Lead\n\n### Procurement Lead\nRenewal notice is 30 days.\n' })
    expect(out.text).toBe('## Approval chain\n\nApproval: Risk Officer\nSign-off: Procurement Lead\n\n### Part A\nRenewal notice is 30 days.\n')
    expect(out.roleNamesLeft).toBe(2)
  })

  it('counts nothing for a text without them, and leaves a role name the task itself uses as it is', () => {
    expect(blindDeliverable(incident, { kind: 'markdown', text: '## Detection\n\nHeartbeats every 5 s.\n' }).roleNamesLeft).toBe(0)
    const triage = registry.get('support_triage_system')
    const out = blindDeliverable(triage, { kind: 'markdown', text: '## Customer Success Manager\n\nOwns renewals.\n' })
    expect(out).toEqual({ text: '## Customer Success Manager\n\nOwns renewals.\n', neutralised: 0, rules: {}, roleNamesLeft: 0 })
  })
})

describe("blindDeliverable removes the case's proposed role names as it does the task's", () => {
  const contract = registry.get('contract_review_execution')
  const text = [
    '## Findings of the Data Transfer Auditor',
    '',
    'Clause 6.6 lets US staff reach EEA data.',
    '',
    '### Liability (from the Liability Analyst)',
    '',
    'As the Liability Analyst, I checked every cap.',
    '',
  ].join('\n')
  const deliverable = { kind: 'markdown' as const, text }

  it('keeps them when the case proposed none, removes them when it proposed them: the result is cached per set of names', () => {
    expect(blindDeliverable(contract, deliverable).rules).toEqual({})
    const out = blindDeliverable(contract, deliverable, ['Data Transfer Auditor', 'Liability Analyst'])
    expect(out.text).toBe('Clause 6.6 lets US staff reach EEA data.\n\n### Liability\n\nI checked every cap.\n')
    expect(out.rules).toEqual({ 'contribution-heading': 1, 'heading-attribution': 1, 'self-role': 1 })
    expect(blindDeliverable(contract, deliverable).rules).toEqual({})
  })

  it("never takes a name the task's own text uses for a contributor: ai_incident_response's agent Reviewer stays", () => {
    const notes = '### Reviewer notes\n\nEach rejection carries a reason code.\n'
    expect(blindDeliverable(incident, { kind: 'markdown', text: notes }, ['Reviewer', 'Planner']).text).toBe(notes)
  })

  it("removes a proposed name the task's text mentions where structure says whose work follows, and keeps it in the work itself", () => {
    const ir = registry.get('incident_response_execution')
    const notes = ['## Findings of the Incident Commander', '', 'Page the Incident Commander within 5 minutes.', '', '=== Incident Commander ===', '', 'Roll back the release.', '', '— Incident Commander', ''].join('\n')
    const out = blindDeliverable(ir, { kind: 'markdown', text: notes }, ['Incident Commander', 'Metrics Analyst'])
    expect(out.text).toBe('Page the Incident Commander within 5 minutes.\n\nRoll back the release.\n')
    expect(blindDeliverable(ir, { kind: 'markdown', text: notes }).text).toContain('## Findings of the Incident Commander')
  })

  it('applies them to the strings of a structured deliverable', () => {
    const out = blindDeliverable(contract, { kind: 'structured', schema: 'x', data: { note: 'As the Liability Analyst, I checked every cap.' } }, ['Liability Analyst'])
    expect(JSON.parse(out.text)).toEqual({ note: 'I checked every cap.' })
  })
})

describe('blindDeliverable: proposed role names in any script are blinded as ASCII ones are', () => {
  const contract = registry.get('contract_review_execution')
  const ascii = ['Liability Analyst', 'Privacy Auditor'] as const
  const scripts: Array<[string, readonly [string, string]]> = [
    ['Cyrillic', ['Безопасность', 'Надёжность']],
    ['Greek', ['Ασφάλεια', 'Απόδοση']],
    ['CJK', ['安全审查', '性能审查']],
    ['accented Latin', ['Révision sécurité', 'Équipe juridique']],
  ]
  /** A text with the two names put in for A and B; what the ASCII names leave in a result becomes the other names. */
  const fill = (text: string, [a, b]: readonly [string, string]) => text.replaceAll('{A}', a).replaceAll('{B}', b)
  const swap = (text: string, [a, b]: readonly [string, string]) => text.replaceAll(ascii[0], a).replaceAll(ascii[1], b)

  const markdown = [
    '## {A}',
    '',
    'The liability cap is 12 months of fees.',
    '',
    "### {B}'s notes",
    '',
    '{A}: the cap excludes data breaches.',
    '',
    '{B} found that the DPA lacks SCCs.',
    '',
    '**{B}:** add the 2021 SCCs.',
    '',
    '**{A}:** raise the cap to 24 months.',
    '',
    'Prepared by the {A}, with input from the {B}.',
    '',
  ].join('\n')
  const structured = {
    finding: 'Flagged by the {A}. The cap excludes data breaches.',
    summary: 'Consolidated from the {A} and {B} findings: the cap is low.',
    note: '{B} found that the DPA lacks SCCs.',
    label: '{A}: raise the cap to 24 months.',
  }
  const structuredWith = (names: readonly [string, string]) => ({
    kind: 'structured' as const,
    schema: 'x',
    data: Object.fromEntries(Object.entries(structured).map(([k, v]) => [k, fill(v, names)])),
  })

  it('with ASCII names: headings and bold labels become parts, sign-offs go, and the names left in sentences and plain labels are counted', () => {
    const md = blindDeliverable(contract, { kind: 'markdown', text: fill(markdown, ascii) }, ascii)
    expect(md.text).toBe(
      '## Part A\n\nThe liability cap is 12 months of fees.\n\nLiability Analyst: the cap excludes data breaches.\n\nPrivacy Auditor found that the DPA lacks SCCs.\n\n**Part B:** add the 2021 SCCs.\n\n**Part A:** raise the cap to 24 months.\n',
    )
    expect(md.rules).toEqual({ 'role-heading': 1, 'contribution-heading': 1, 'role-label': 2, 'sign-off': 1 })
    expect(md.roleNamesLeft).toBe(2)
    const st = blindDeliverable(contract, structuredWith(ascii), ascii)
    expect(JSON.parse(st.text)).toEqual({ finding: 'The cap excludes data breaches.', summary: 'The cap is low.', note: 'Privacy Auditor found that the DPA lacks SCCs.', label: 'Liability Analyst: raise the cap to 24 months.' })
    expect(st.rules).toEqual({ 'sign-off': 1, 'meta-sentence': 1 })
    expect(st.roleNamesLeft).toBe(2)
  })

  it.each(scripts)('with %s names, a markdown deliverable comes out as with ASCII ones, names for names', (_script, names) => {
    const expected = blindDeliverable(contract, { kind: 'markdown', text: fill(markdown, ascii) }, ascii)
    const out = blindDeliverable(contract, { kind: 'markdown', text: fill(markdown, names) }, names)
    expect(out).toEqual({ ...expected, text: swap(expected.text, names) })
  })

  it.each(scripts)('with %s names, a structured deliverable comes out as with ASCII ones, names for names', (_script, names) => {
    const expected = blindDeliverable(contract, structuredWith(ascii), ascii)
    const out = blindDeliverable(contract, structuredWith(names), names)
    expect(out).toEqual({ ...expected, text: swap(expected.text, names) })
  })
})

describe('blindDeliverable: sign-offs and "made by" sentences as models write them', () => {
  const body = '# Code-review protocol\n\n## 1. Checks\n\nRun ruff and mypy on every pull request; the merge queue takes batches of 5.\n'
  const endings: Array<[string, string]> = [
    ['Prepared by the synthesizer, on behalf of the review team (with the Security Engineer and the DevOps / CI Engineer).', 'sign-off'],
    ['Prepared by the SRE / Reliability Engineer, with input from the Security Engineer.', 'sign-off'],
    ["*Compiled by the coordinator from the five specialists' drafts.*", 'sign-off'],
    ['— Synthesizer (on behalf of the specialist team)', 'sign-off'],
    ['**Prepared by:** Synthesizer, integrating the Security Engineer, SRE / Reliability Engineer and DevOps / CI Engineer reviews', 'sign-off'],
    ['Author: Synthesizer', 'sign-off'],
    ['Signed: the review team', 'sign-off'],
    ['This protocol was prepared by the synthesizer from five specialist reports.', 'meta-sentence'],
    ['The coordinator compiled this protocol from the drafts of the team.', 'meta-sentence'],
  ]
  it.each(endings)('%s goes, and so does the rule above it', (ending, rule) => {
    for (const rulerLine of ['---', '***', '___']) {
      const out = blind(`${body}\n${rulerLine}\n${ending}\n`)
      expect(out.text).toBe(body)
      expect(out.rules).toEqual({ [rule]: 1 })
    }
  })

  it('keeps the note a contributor label introduces', () => {
    const out = blind(`${body}\n**Synthesizer's note:** all five specialists agreed on the merge queue.\n`)
    expect(out.text).toBe(`${body}\nAll five specialists agreed on the merge queue.\n`)
    expect(out.rules).toEqual({ 'contributor-label': 1 })
  })

  it('keeps a rule the writer put last, a heading underlined with "---", and a rule with content after it', () => {
    for (const text of [`${body}\n---\n`, `${body}\n---\n\nPrepared by: Platform Engineering\n`, `${body}\nNext steps\n---\n`, `${body}\n---\n\nRollback takes 60 seconds.\n`]) {
      expect(blind(text)).toEqual({ text: normaliseMarkdown(text), neutralised: 0, rules: {} })
    }
    // A removed sign-off under a heading's underline leaves the heading as it was.
    expect(blind(`${body}\nNext steps\n---\nPrepared by the synthesizer.\n`).text).toBe(`${body}\nNext steps\n---\n`)
  })

  it('keeps sentences about who does what in the process, which read like sign-offs', () => {
    const work = [
      'Signed off by the Security Engineer before each deploy train leaves.',
      'Merged by the merge queue once two reviewers approve.',
      'This change was reviewed by the Security Engineer before merge.',
      'This runbook is written by the SRE / Reliability Engineer and reviewed every quarter.',
      'The exception file was prepared by the Security Engineer and expires after 60 days.',
      'This protocol was prepared by the synthesizer from 5 specialist reports.',
      'Security Engineer approval: required for every exception.',
      '— The Security Engineer rotates exposed keys within 4 hours.',
    ]
    const text = `${body}\n${work.join('\n\n')}\n`
    expect(blind(text)).toEqual({ text, neutralised: 0, rules: {} })
  })

  // Each line carries an action, a condition, a frequency or the task's own subject after its contributor.
  const kept: Array<[string, typeof protocol]> = [
    ['Signed off by the Security Engineer for every production deploy.', protocol],
    ['Signed off by the Security Engineer and the SRE / Reliability Engineer before each deploy.', protocol],
    ['Merged by the reviewer with a squash commit.', protocol],
    ['Merged by the reviewer and never by the author.', protocol],
    ['Submitted by the reviewer from the release branch.', protocol],
    ['— The coordinator and the on-call decide whether to roll back.', protocol],
    ['Written by the reviewer: every blocking comment carries the blocking: prefix.', protocol],
    ['Produced by the Planner agent and checked by the Reviewer before any tool call.', incident],
    ['Written by the Worker agent to the audit log after each step.', incident],
    ['Edited by the Reviewer before the Worker runs it.', incident],
    ['Author: the Reviewer agent records why it rejected the step.', incident],
    ['Written by the Security Engineer to the audit log after each step.', protocol],
    ['This exception file was drafted by the Security Engineer and is renewed every quarter.', protocol],
    ['This protocol was drafted by the Security Engineer and is renewed every quarter.', protocol],
    ['Input from the Security Engineer: required for every exception to the Semgrep rules.', protocol],
    ['Security Engineer work: triage each Semgrep finding within one business day.', protocol],
    ['Security Engineer summary: what the exception file records and who signs it.', protocol],
    ['Specialist notes: attach them to the ticket.', protocol],
  ]
  it.each(kept)('keeps %s whole', (line, task) => {
    const text = `${body}\n${line}\n`
    expect(blind(text, task)).toEqual({ text, neutralised: 0, rules: {} })
  })

  it('starts what a removed label leaves with a capital, as a sentence', () => {
    const out = blind(`${body}\n**Synthesizer's note:** the DevOps / CI Engineer proposed a 10-minute CI budget.\n`)
    expect(out.text).toBe(`${body}\nThe DevOps / CI Engineer proposed a 10-minute CI budget.\n`)
    expect(out.rules).toEqual({ 'contributor-label': 1 })
  })

  it('never lowers the case of what a label or frame leaves: "iOS" stays "iOS"', () => {
    expect(blind(`${body}\nSynthesizer’s note: iOS builds run on the macOS runners.\n`).text).toBe(`${body}\niOS builds run on the macOS runners.\n`)
    expect(blind(`${body}\nBoth reviewers agreed that iOS builds run on the macOS runners.\n`).text).toBe(`${body}\niOS builds run on the macOS runners.\n`)
  })

  it("keeps a task's own noun in a note's label: ai_incident_response's agent Reviewer", () => {
    const text = '## Holds\n\nReviewer notes: each rejection carries a reason code and the step id.\n'
    expect(blind(text, incident)).toEqual({ text, neutralised: 0, rules: {} })
  })
})
