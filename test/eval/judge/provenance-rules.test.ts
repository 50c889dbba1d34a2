import { describe, expect, test } from 'vitest'
import type { ContributorNoun } from '../../../lib/eval/judge/contributor-nouns.js'
import { BLIND_RULES, type BlindCounts, blindMarkdown, blindSentences, roleMentions } from '../../../lib/eval/judge/provenance-rules.js'

// Role names as a task defines them, with characters that mean something in a regular expression.
const ROLES = ['Security Engineer', 'SRE / Reliability Engineer', 'C++ Engineer']

function blind(text: string, terms: readonly ContributorNoun[] = []): { text: string; counts: BlindCounts } {
  const counts: BlindCounts = {}
  return { text: blindMarkdown(text, ROLES, counts, terms), counts }
}

/** A sentence, with a line after it, comes out exactly as written and no rule fires. */
function expectStaysWhole(sentence: string, terms: readonly ContributorNoun[] = []): void {
  expect(blind(`${sentence}\nNext line.`, terms)).toEqual({ text: `${sentence}\nNext line.`, counts: {} })
}

/** A sentence, with a line after it, goes whole by `rule`: only the line after it is left. */
function expectGoesWhole(sentence: string, rule = 'meta-sentence'): void {
  expect(blind(`${sentence}\nNext line.`)).toEqual({ text: 'Next line.', counts: { [rule]: 1 } })
}

describe('blindMarkdown: headings', () => {
  test("a heading that only names a task role's contribution goes, with the role taken literally (C++)", () => {
    expect(blind('## Findings of the C++ Engineer\nUse RAII for every handle.')).toEqual({ text: 'Use RAII for every handle.', counts: { 'contribution-heading': 1 } })
  })

  test('numbering in front of a contributor heading does not hide it', () => {
    expect(blind('## 2. Reviewer 2\nCoverage is 85 %.').text).toBe('Coverage is 85 %.')
  })

  test('a synthesis label goes and the topic it introduced stays, capitalised; a heading that was only the label goes', () => {
    expect(blind('## Synthesis of the three reviews: rollout\nCanary first.')).toEqual({ text: '## Rollout\nCanary first.', counts: { 'synthesis-heading': 1 } })
    expect(blind('# Consolidated findings\nCanary first.').text).toBe('Canary first.')
  })

  test('an attribution is cut from a heading with a topic, but a heading that is nothing else is left as written', () => {
    expect(blind('### Rollback (from the SRE / Reliability Engineer)\nWithin 3 minutes.')).toEqual({ text: '### Rollback\nWithin 3 minutes.', counts: { 'heading-attribution': 1 } })
    expect(blind('### (from the Security Engineer)\nWithin 3 minutes.')).toEqual({ text: '### (from the Security Engineer)\nWithin 3 minutes.', counts: {} })
  })

  test("a role's or a numbered contributor's feedback, with its cycle or round, is a contribution heading", () => {
    expect(blind('### Reviewer 2 feedback (cycle 2)\nHold 30 min.', ['reviewer', 'agent'])).toEqual({ text: 'Hold 30 min.', counts: { 'contribution-heading': 1 } })
    expect(blind('### Security Engineer feedback\nHold 30 min.')).toEqual({ text: 'Hold 30 min.', counts: { 'contribution-heading': 1 } })
    expect(blind('## Findings of Reviewer 2 (round 3)\n**Feedback from the C++ Engineer:**\nHold 30 min.')).toEqual({ text: 'Hold 30 min.', counts: { 'contribution-heading': 1, 'contributor-label': 1 } })
  })

  test("the feedback of a support desk's agents or customers is a topic", () => {
    const topics = '### Agent feedback\nAgents correct a label in one click.\n### Customer feedback (round 2)\nCSAT is sampled weekly.\n### Feedback from agents\nWeekly.'
    expect(blind(topics)).toEqual({ text: topics, counts: {} })
  })

  test('a heading naming a role as a topic (an owners section) stays', () => {
    expect(blind('## Security Engineer\nOwns the exception file.')).toEqual({ text: '## Security Engineer\nOwns the exception file.', counts: {} })
  })
})

describe('blindMarkdown: lines', () => {
  test('label and sign-off lines go; the content between them stays', () => {
    expect(blind("Security Engineer's notes:\nGitleaks blocks.\n[Synthesizer]\nPrepared by: **the review team**")).toEqual({
      text: 'Gitleaks blocks.',
      counts: { 'contributor-label': 2, 'sign-off': 1 },
    })
  })

  test("a list item's dash is no word before a contributor: a template's \"- Agent's notes: …\" field stays", () => {
    const fields = "Handoff fields:\n- Ticket id: the original id\n- Agent's notes: what the client already tried, with timestamps\n- Specialist's comments: none\n- Next owner: L2"
    expect(blind(fields)).toEqual({ text: fields, counts: {} })
    expect(blind("The security specialist's notes:\nKeys rotate.")).toEqual({ text: 'Keys rotate.', counts: { 'contributor-label': 1 } })
  })

  test('a numbered label of the task\'s own noun above a list heads that one\'s duties ("**Reviewer 1:**" of a protocol that assigns two)', () => {
    const duties = '**Reviewer 1:**\n- responds within 4 working hours\n\n**Reviewer 2:**\n- responds within 1 working day'
    expect(blind(duties, ['reviewer'])).toEqual({ text: duties, counts: {} })
    expect(blind('**Reviewer 2:**\nThe loop is unbounded.', ['reviewer'])).toEqual({ text: 'The loop is unbounded.', counts: { 'contributor-label': 1 } })
    expect(blind('**Specialist 2:**\n- The loop is unbounded.', ['reviewer'])).toEqual({ text: '- The loop is unbounded.', counts: { 'contributor-label': 1 } })
  })

  test('a bare generic label above a list heads the list of who holds the role; a numbered contributor\'s label still goes', () => {
    const roles = '**Coordinator:**\n\n- Planner (default)\n- Reviewer, when the Planner is the affected agent'
    expect(blind(roles)).toEqual({ text: roles, counts: {} })
    expect(blind('**Reviewer 2:**\n- The loop is unbounded.')).toEqual({ text: '- The loop is unbounded.', counts: { 'contributor-label': 1 } })
    expect(blind('**Coordinator:**\nAll five agreed.')).toEqual({ text: 'All five agreed.', counts: { 'contributor-label': 1 } })
  })

  test("a role name's or a generic noun's label or heading needs its possessive: without it, the name is often the topic's", () => {
    const topics = '**SRE / Reliability Engineer notes:**\n- Keys live in the HSM.\n### Security Engineer findings\nNone open.'
    expect(blind(topics)).toEqual({ text: topics, counts: {} })
    expect(blind("SRE / Reliability Engineer's notes:\n- Keys live in the HSM.\n### Security Engineer's findings\nNotes from the C++ Engineer:\nNone open.")).toEqual({
      text: '- Keys live in the HSM.\nNone open.',
      counts: { 'contributor-label': 2, 'contribution-heading': 1 },
    })
    // A numbered contributor needs none; a generic noun does ("#### Agent notes" of a knowledge-base template is a field for the desk's agents).
    expect(blind("Reviewer 2 notes:\n### Specialist's findings\nNone open.")).toEqual({ text: 'None open.', counts: { 'contributor-label': 1, 'contribution-heading': 1 } })
    const fields = '#### Agent notes\nWhat to check in the admin console.\n### Coordinator notes\nHold 30 min.'
    expect(blind(fields)).toEqual({ text: fields, counts: {} })
  })

  test('a bold or italic label alone on its line goes whole, with its emphasis', () => {
    expect(blind("**Security Engineer's notes:**\nGitleaks blocks.\n__Synthesizer's note:__\n*Reviewer 2 notes:*\nNone open.")).toEqual({
      text: 'Gitleaks blocks.\nNone open.',
      counts: { 'contributor-label': 3 },
    })
    expect(blind("**Synthesizer's note:** *all* five agreed.").text).toBe('*all* five agreed.')
  })

  test('sentence rules work per list item and capitalise what is left', () => {
    expect(blind('- Both reviewers agreed that retries are unbounded.\n- The specialists noted: caps matter.')).toEqual({
      text: '- Retries are unbounded.\n- Caps matter.',
      counts: { 'attribution-frame': 2 },
    })
  })

  test('a removed meta sentence takes its line with it, the next line stays', () => {
    expect(blind('We merged the drafts of the three specialists.\nNext, the canary.').text).toBe('Next, the canary.')
  })

  test('a frame is only removed for contributors: "the engineers agreed" is content', () => {
    expect(blind('The engineers agreed that it works.').counts).toEqual({})
  })
})

describe('blindMarkdown: a list item is never a sign-off', () => {
  test('a line opened by an em or en dash under a lead-in names whom the lead-in asks for', () => {
    const text = 'Every production deploy needs one approver:\n— Security Engineer\n\nFinal gate approver:\n– SRE / Reliability Engineer'
    expect(blind(text)).toEqual({ text, counts: {} })
  })

  test('a role or contributor named as an item of a list stays, next to items or under a lead-in', () => {
    const lists = ['Owners:\n- Security Engineer', 'Approvers\n- C++ Engineer\n- Security Engineer', '- Intake\n\n- the synthesizer\n\n- Planner', '— Intake\n— the coordinator']
    for (const list of lists) expect(blind(`${list}\n\nRollback takes 60 seconds.`)).toEqual({ text: `${list}\n\nRollback takes 60 seconds.`, counts: {} })
  })

  test('a sign-off after a list goes when its marker is not the list\'s', () => {
    expect(blind('- Canary at 5 %.\n- Rollback in 3 minutes.\n\n— The Synthesizer')).toEqual({ text: '- Canary at 5 %.\n- Rollback in 3 minutes.\n', counts: { 'sign-off': 1 } })
  })
})

describe('blindMarkdown: an authorship label among the fields of a record is a field', () => {
  test('"Sign-off: Security Engineer" of a PCI change record stays, and so does every other field', () => {
    const record = '**PCI change record**\nTicket: linked Jira key\nApprovals: 2 (Payments + Security)\nSign-off: Security Engineer\nRetention: 12 months'
    expect(blind(record)).toEqual({ text: record, counts: {} })
  })

  test('a field labelled with a verb and "by" ("Signed off by:", "Merged by:", "Submitted by:") stays too', () => {
    for (const record of [
      'Ticket: PAY-1234\nApprovals: 2 (one from @acme/security-champions)\nSigned off by: Security Engineer\nRetention: 12 months',
      'Change type: database migration\nApprover: Security Engineer\nMerged by: Security Engineer',
      'Submitted by: the coordinator\nApproval due: 30 January 2026',
    ])
      expect(blind(record)).toEqual({ text: record, counts: {} })
    expect(blind('Rollback in 3 minutes.\n\nPrepared by: the synthesizer\nDate: 14 March 2025')).toEqual({ text: 'Rollback in 3 minutes.\n\nDate: 14 March 2025', counts: { 'sign-off': 1 } })
  })

  test("a label beside the document's own metadata, a dash sign-off and a \"Prepared by\" line in a record still go", () => {
    expect(blind('Rollback in 3 minutes.\n\nAuthor: Synthesizer\nDate: 14 March 2025')).toEqual({ text: 'Rollback in 3 minutes.\n\nDate: 14 March 2025', counts: { 'sign-off': 1 } })
    expect(blind('Ticket: linked Jira key\n— The Synthesizer\nRetention: 12 months')).toEqual({ text: 'Ticket: linked Jira key\nRetention: 12 months', counts: { 'sign-off': 1 } })
    expect(blind('Ticket: linked Jira key\nPrepared by the synthesizer.\nRetention: 12 months')).toEqual({ text: 'Ticket: linked Jira key\nRetention: 12 months', counts: { 'sign-off': 1 } })
  })
})

describe("blindMarkdown: a task's own nouns", () => {
  // In a task about an agent called Reviewer, each of these is the deliverable's subject.
  const subject = ['### Release hold (by the Reviewer)', '### Reviewer notes', 'Reviewer notes:', 'The Reviewer found that the rejection rate passed 15 %, so SEV2 opens.'].join('\n')

  test('are its subject: headings, labels and frames naming them stay', () => {
    expect(blind(subject, ['reviewer'])).toEqual({ text: subject, counts: {} })
  })

  test('are contributors for a task that does not use them (a label or heading only with its possessive; "(by …)" after a heading says who owns it)', () => {
    expect(blind(subject)).toEqual({
      text: '### Release hold (by the Reviewer)\n### Reviewer notes\nReviewer notes:\nThe rejection rate passed 15 %, so SEV2 opens.',
      counts: { 'attribution-frame': 1 },
    })
    expect(blind("### The reviewer's notes\nReviewer's notes:\nHold 30 min.")).toEqual({ text: 'Hold 30 min.', counts: { 'contribution-heading': 1, 'contributor-label': 1 } })
  })

  test('still mark a contributor when numbered, in a sign-off, in the first person or in a frame of several', () => {
    const text = ['### Findings of Reviewer 2', '**Reviewer B:**', 'As the reviewer, I kept every threshold.', 'Both reviewers agreed that the hold lasts 30 min.', 'All three reviewers found that pages wait 15 min.', '— Reviewer 2', '-- the Reviewer'].join('\n')
    expect(blind(text, ['reviewer'])).toEqual({
      text: 'I kept every threshold.\nThe hold lasts 30 min.\nPages wait 15 min.',
      counts: { 'contribution-heading': 1, 'contributor-label': 1, 'sign-off': 2, 'self-role': 1, 'attribution-frame': 2 },
    })
  })

  test('numbered, in a bare heading, are a topic: "### Reviewer 1" of a protocol that assigns reviewers', () => {
    const roles = '## Roles\n### Reviewer 1\nChecks the diff within 4 hours.\n### Reviewer 2\nCode owner; approves merges to main.'
    expect(blind(roles, ['reviewer'])).toEqual({ text: roles, counts: {} })
    expect(blind(roles)).toEqual({ text: '## Roles\nChecks the diff within 4 hours.\nCode owner; approves merges to main.', counts: { 'contribution-heading': 2 } })
  })

  test('in a list are items, never sign-offs', () => {
    const text = 'Agents that may declare an incident:\n- Intake\n- Planner\n- Reviewer'
    expect(blind(text, ['reviewer', 'agent'])).toEqual({ text, counts: {} })
  })

  // Each task's own evidence: "Several colleagues reported that …" of a support ticket, "The experts agreed that …" of a contract review.
  const evidence: Array<[ContributorNoun, string[], string, string]> = [
    [
      'colleague',
      ['Our colleagues found that it is down.', 'Several colleagues reported that every page says Service Unavailable.', 'Most colleagues noted that the portal is slow.', 'Two colleagues reported that the export fails.'],
      'Both colleagues reported that the export fails.\nAll of the colleagues noted that it is slow.',
      'It is down.',
    ],
    [
      'expert',
      ['The experts agreed that pooled audits are acceptable.', 'The vehicle experts concluded that the car was a total loss.', 'Our experts found that the clause is void.', 'The two experts agreed that the fee is high.'],
      'Both experts agreed that the export fails.\nAll three experts agreed that it is slow.',
      'Pooled audits are acceptable.',
    ],
  ]
  test.each(evidence)('open only a frame of several after "both" or "all": the evidence of a task about %ss stays', (noun, sentences, frames, withoutTerm) => {
    for (const sentence of sentences) expect(blind(sentence, [noun])).toEqual({ text: sentence, counts: {} })
    expect(blind(frames, [noun])).toEqual({ text: 'The export fails.\nIt is slow.', counts: { 'attribution-frame': 2 } })
    // Where the noun is not the task's, its frame still goes.
    expect(blind(sentences[0]!)).toEqual({ text: withoutTerm, counts: { 'attribution-frame': 1 } })
  })

  test('leave the other nouns contributors: a task about reviewers does not exempt its specialists', () => {
    expect(blind("The specialists found that the hold is too short.\n### Coordinator's notes\nHold 30 min.", ['reviewer'])).toEqual({
      text: 'The hold is too short.\nHold 30 min.',
      counts: { 'attribution-frame': 1, 'contribution-heading': 1 },
    })
  })
})

describe('blindMarkdown: a meta sentence never takes the work with it', () => {
  // Sentences about the work that merge things of the task's domain: reports, pools, statements, agents of the subject.
  const work: Array<[string, ContributorNoun[]]> = [
    ['We combined the three pool reports into one table: the best reachable weekly yield is 0.18%, below the 0.25% target.', []],
    ['I combined the two settlement reports into one schedule: total EUR 12,480.17.', []],
    ['We reconciled the two payout reports against the card register; 3 lines differ.', []],
    ['We reconciled the two bank statements against the ledger line by line.', []],
    ['We combined the three pool analyses: the best weekly yield is 0.41% on EUR 80,000.', []],
    ['We merged the two draft policies into one retention policy.', []],
    ['We merge the two EMEA agent pools into one queue; it needs 14 agents between 08:00 and 17:00.', ['agent']],
    ['Here, we consolidate the four agents\' timesheets into one staffing table.', ['agent']],
    ['We merge the two worker agents into one pool, which cuts p95 latency from 4.2 s to 2.5 s.', ['reviewer', 'agent']],
    ['Here, we consolidate all agents behind one router with a 0.5 s timeout.', ['reviewer', 'agent']],
  ]
  test.each(work)('%s stays as written', (sentence, terms) => {
    expectStaysWhole(sentence, terms)
  })

  test("a task's own noun is a contributor where the task does not use it", () => {
    expectGoesWhole("Here, we consolidate the four agents' drafts into one plan.")
  })

  test('a synthesis label goes only when it fills the heading or stands before a separator; a lettered draft is an option', () => {
    for (const text of ['## Consolidated findings by clause\nText.', '## Merged view of exposures\nText.', '**Draft A:**\nCap at 12 months of fees.'])
      expect(blind(text)).toEqual({ text, counts: {} })
    expect(blind('# Consolidated findings: Clause 14\nText.')).toEqual({ text: '# Clause 14\nText.', counts: { 'synthesis-heading': 1 } })
    expect(blind('# Consolidated findings\nText.')).toEqual({ text: 'Text.', counts: { 'synthesis-heading': 1 } })
  })

  test('a frame goes only before a verb that asserts what follows: "disagreed", "recommended", "proposed" stay', () => {
    for (const sentence of [
      'Both reviewers disagreed that the SLA credits are an adequate sole remedy.',
      'Both specialists recommended that the range be widened to 8%.',
      'All three reviewers proposed that every service own its schema.',
    ])
      expectStaysWhole(sentence)
    expect(blind('Both reviewers agreed that the loop is unbounded.')).toEqual({ text: 'The loop is unbounded.', counts: { 'attribution-frame': 1 } })
  })

  test('a frame stays on part of a group, and where a second verb shares its subject', () => {
    for (const sentence of [
      'Two of the five reviewers flagged that the lock is taken late.',
      'Most specialists agreed that the cap is too low.',
      'The coordinator found that Worker B was hung on a tool call, and paged the operator.',
      // Joined without a comma, by "then" or "but", or with an irregular verb: without the frame the verb would be Worker B's.
      'The coordinator found that Worker B was hung and reassigned its 12 in-flight steps to Worker A.',
      'Both reviewers agreed that the retry loop is unbounded and recommended a cap of 3 attempts.',
      'The coordinator observed that Worker B stopped responding, then paged the operator.',
      'All three specialists agreed that Postgres fits the workload and chose it over MySQL.',
      'The specialists found that p99 latency is 420 ms but kept the cache off.',
    ])
      expectStaysWhole(sentence)
    expect(blind('Three reviewers flagged that the lock is taken late.')).toEqual({ text: 'The lock is taken late.', counts: { 'attribution-frame': 1 } })
  })

  test('a generic noun\'s note label needs its possessive: "**Coordinator notes:**" names a field of the design', () => {
    const text = '**Coordinator notes:** what the coordinator decided and when.\n**Coordinator summary:** one line per incident.'
    expect(blind(text)).toEqual({ text, counts: {} })
    expect(blind("**Coordinator's notes:** all five agreed.")).toEqual({ text: 'All five agreed.', counts: { 'contributor-label': 1 } })
  })

  test('a frame stays whole when the rest of its sentence has its subject as a pronoun: the actor would be lost', () => {
    const kept = [
      '1. The coordinator observed that heartbeats stopped: it marks the agent SUSPECT after 15 s.',
      'The synthesizer noted that the bus lost 3 messages, so it replays them.',
      'Both reviewers agreed that the diff is risky; they block the merge.',
    ]
    for (const sentence of kept) expectStaysWhole(sentence)
    // A pronoun of the other number, or one that is not a clause's subject, refers to something else.
    expect(blind('Both reviewers agreed that the loop is unbounded: it needs a cap.').text).toBe('The loop is unbounded: it needs a cap.')
    expect(blind('The coordinator concluded that the queue is full; I merged their notes.').text).toBe('The queue is full; I merged their notes.')
  })

  test('a word left first after a frame or a label gets a capital only when it is a plain word: identifiers stay as written', () => {
    const identifiers = ['fetch_rows() leaks a connection.', 'p99 latency must stay under 200 ms.', 'npm audit runs on every PR.', 'x-request-id is logged.', 'iOS builds are signed.', 'a.out is stripped.']
    for (const rest of identifiers) expect(blind(`Both specialists agreed that ${rest}`).text).toBe(rest)
    expect(blind("**Coordinator's notes:** npm ci runs first.").text).toBe('npm ci runs first.')
    expect(blind('# Synthesis: x-request-id propagation\nText.').text).toBe('# x-request-id propagation\nText.')
    expect(blind('Both specialists agreed that heartbeats stop.').text).toBe('Heartbeats stop.')
  })

  test('a frame whose sentence goes on with "and that" stays whole: the second clause would be left dangling', () => {
    const text = 'Both reviewers agreed that the range should be 8%, and that the RAY/SOL leg is optional.\nNext line.'
    expect(blind(text)).toEqual({ text, counts: {} })
  })

  test('a merge sentence that goes on with the work after its contributors stays whole', () => {
    for (const sentence of [
      "We merged the five specialists' reports and dropped the Meteora DLMM leg entirely.",
      "I reconciled the two specialists' notes with the bank file and found no second payment to the new account.",
    ])
      expectStaysWhole(sentence)
    expect(blind("We merged the specialists' findings and kept the pool: the yield is 0.18%.")).toEqual({ text: "We merged the specialists' findings and kept the pool: the yield is 0.18%.", counts: {} })
    expectGoesWhole('This synthesis consolidates five reviews into one protocol.')
    expect(blind("We merged the drafts of the three specialists into a single document: the yield is 0.18%.")).toEqual({ text: 'The yield is 0.18%.', counts: { 'meta-sentence': 1 } })
  })

  test("merged makers come after at most a count: people described by their trade are the client's", () => {
    for (const sentence of [
      'We have consolidated the comments of the business owner, the DPO and the procurement specialists into the positions below.',
      "We merged the DPO's mark-up with the comments of our two IT security experts.",
      'We combined the comments from Group IT, the DPO and the outside privacy reviewers into one list of asks.',
    ])
      expectStaysWhole(sentence)
    expectGoesWhole('Below, I have merged the work of the five specialists.')
    expectGoesWhole("We consolidated the security specialists' findings.")
  })

  test("a possessive names makers only of what contributors hand in: the subject's own things stay", () => {
    const kept = ["We reconciled the lockbox deposits against the collection agents' remittance files.", "Here, we consolidate the four agents' timesheets into one staffing table."]
    for (const sentence of kept) expectStaysWhole(sentence)
    expectGoesWhole("We merged the five specialists' reports into one plan.")
    expectGoesWhole("I combined the reviewer's notes and the specialists' findings.")
  })

  test('a sentence ends only at a full stop before a space or the line end: a decimal inside the next one stays whole', () => {
    expect(blind('Below, I merged the work of the five specialists. The best weekly yield is 0.18%, total EUR 12,480.17.')).toEqual({
      text: 'The best weekly yield is 0.18%, total EUR 12,480.17.',
      counts: { 'meta-sentence': 1 },
    })
  })

  test('a full stop before a small letter ends no sentence: the meta sentence stays whole rather than leave a fragment', () => {
    const text = 'Below, I merged the work of the five specialists, e.g. the auditors. The best weekly yield is 0.18%.'
    expect(blind(text)).toEqual({ text, counts: {} })
  })

  test('a meta sentence that carries a number stays whole', () => {
    const text = "Below, I merged the five specialists' estimates into one yield of 0.18% on EUR 80,000.00."
    expect(blind(text)).toEqual({ text, counts: {} })
  })

  test('after a colon or a semicolon the work goes on: only the meta part goes', () => {
    expect(blind("We merged the five specialists' reports: the best weekly yield is 0.18%.\nThis synthesis consolidates five reviews; the cap is EUR 2,400.00.")).toEqual({
      text: 'The best weekly yield is 0.18%.\nThe cap is EUR 2,400.00.',
      counts: { 'meta-sentence': 2 },
    })
  })

  test('what a verb merged never sits in a later clause: "so that … two named domain experts" is the rule, not its makers', () => {
    const kept = [
      'We consolidate review ownership so that every path has one owning squad and two named domain experts as fallback.',
      'We merge small fixes when both reviewers are away, which keeps the specialists free for audits.',
      'This synthesis consolidates the on-call rota because the two reviews overlap.',
      'We combine the queues to give the three experts one inbox.',
    ]
    for (const sentence of kept) expectStaysWhole(sentence)
    // The README's examples still go.
    const meta = ['This synthesis consolidates five reviews.', 'Below, I have merged the work of the five specialists.', "We merged the five specialists' reports into one protocol."]
    for (const sentence of meta) expectGoesWhole(sentence)
  })

  test('what a verb merged is its object: contributors after another object are a phrase of that object, not what was merged', () => {
    const kept = [
      'We consolidate weekend coverage across the three specialists.',
      'We merge night shifts for all specialists.',
      'We consolidate on-call duty across the specialists.',
      'We combine the escalation rota with the two reviewers on call.',
    ]
    for (const sentence of kept) expectStaysWhole(sentence)
    // Contributors as the object, or their work "of" them, are still what was merged.
    const meta = ['Here, we combine the specialists.', 'We merged the drafts of the three specialists.', 'I combined the perspectives of the three reviewers.', 'We consolidated the feedback from all reviewers.']
    for (const sentence of meta) expectGoesWhole(sentence)
  })

  test('"integrate" and "incorporate" merge contributions as verbs; "integration tests" merge nothing', () => {
    expectGoesWhole("I have integrated the five specialists' drafts into one protocol.")
    expectGoesWhole("This synthesis incorporates the three reviewers' notes.")
    const work = ['We run integration tests before the two specialists sign the release.', "We integrate the Security Engineer's scanner into every pipeline."]
    for (const sentence of work) expectStaysWhole(sentence)
  })

  test('reports and analyses are contributions only in a synthesis that says so', () => {
    expectGoesWhole('This synthesis consolidates five reviews into one protocol.')
    expect(blind('We consolidate five reviews into one protocol.\nNext line.')).toEqual({ text: 'We consolidate five reviews into one protocol.\nNext line.', counts: {} })
  })

  test('drafts, contributions and perspectives are contributions only in a synthesis that says so, or with their makers named', () => {
    const work = [
      "We reconciled the vendor's two drafts of the negotiated points with procurement's record of the agreed terms.",
      'We reconciled the two drafts with the agreed terms.',
      'Here the job combines the hourly rollups into the open drafts of the period and prices them tier by tier.',
      'We reconciled the three pension contributions against the statement.',
      'We combined the two perspectives of the board into one decision.',
    ]
    for (const sentence of work) expectStaysWhole(sentence)
    const meta = ['This synthesis merges the four drafts into one protocol.', 'This synthesis consolidates the five contributions.', "We merged the specialists' drafts into one protocol.", 'I combined the perspectives of the three reviewers.']
    for (const sentence of meta) expectGoesWhole(sentence)
  })
})

describe('blindMarkdown: what a synthesizer writes about its merge, and what a page never shows', () => {
  test('"my colleagues" is a merge like "our colleagues"', () => {
    expect(blind('# Design\n\nI merged my colleagues\' work.\n\nThe cache is shared.')).toEqual({ text: '# Design\n\n\nThe cache is shared.', counts: { 'meta-sentence': 1 } })
  })

  test('HTML comments go, and a line they filled alone with them', () => {
    expect(blind('# Design\n\n<!-- Synthesizer: merged from 5 specialist drafts -->\nThe cache is shared. <!-- kept -->\n<!--\nmulti\n-->\nEnd.')).toEqual({ text: '# Design\n\nThe cache is shared.\nEnd.', counts: { comment: 3 } })
  })

  test('a sentence removed from a blockquote takes its emptied quote line with it', () => {
    expect(blind('# D\n\n> This synthesis consolidates five reviews.\n> The cap is 12 months.').text).toBe('# D\n\n> The cap is 12 months.')
  })
})

describe('blindMarkdown: frames leave whole sentences or nothing', () => {
  test('an attribution before "on" or a comma is left whole: what follows is not a sentence', () => {
    const text = 'Both reviewers agreed on a release: an item needs two approvals.\nThe specialists noted, correctly, that caps matter.'
    expect(blind(text)).toEqual({ text, counts: {} })
  })

  test('a word before the noun names a person of the subject after "the" or "our"; after a quantifier it is still a frame of several', () => {
    const people = [
      'The external reviewer noted that the same pattern appeared in the February close.',
      'The inventory coordinator noted that reservations stalled before any alert fired.',
      'The L2 specialist found that sync lags behind by 2 hours.',
      'The group coordinator reported that the consumer group rebalanced.',
      'Our treasury specialists found that the sweep runs late.',
    ]
    for (const sentence of people) expect(blind(sentence)).toEqual({ text: sentence, counts: {} })
    const frames = ['The reviewers found that the cap is low.', 'Both reviewers agreed that the cap is low.', 'The two specialists agreed that the cap is low.', 'All three senior reviewers agreed that the cap is low.', 'The coordinator concluded that the cap is low.']
    for (const sentence of frames) expect(blind(sentence)).toEqual({ text: 'The cap is low.', counts: { 'attribution-frame': 1 } })
  })

  test('"as the …," is the writer\'s role only when the writer speaks', () => {
    expect(blind('As the coordinator, the on-call agent pages the owner within 2 minutes.')).toEqual({ text: 'As the coordinator, the on-call agent pages the owner within 2 minutes.', counts: {} })
    expect(blind('As the coordinator, we page the owner within 2 minutes.')).toEqual({ text: 'We page the owner within 2 minutes.', counts: { 'self-role': 1 } })
  })
})

describe('blindMarkdown: banners', () => {
  test('a banner with a topic stays; one naming a contributor or a contribution goes', () => {
    expect(blind('=== Phase 1: Detection ===\n=== Security Engineer ===\n=== Findings of Reviewer 2 ===\nHeartbeats every 10 s.')).toEqual({
      text: '=== Phase 1: Detection ===\nHeartbeats every 10 s.',
      counts: { banner: 2 },
    })
  })
})

describe('blindMarkdown: fenced code is never touched', () => {
  test('a longer fence holds a shorter one; only the closing fence of the same length ends it', () => {
    const code = ['````md', '```', '## Findings of the Security Engineer', '```', '=== Security Engineer ===', '````']
    expect(blind([...code, '=== Security Engineer ===', 'after'].join('\n'))).toEqual({ text: [...code, 'after'].join('\n'), counts: { banner: 1 } })
  })

  test('tilde fences too, and prose after them is blinded again', () => {
    expect(blind('~~~\nBoth reviewers agreed that x.\n~~~\nBoth reviewers agreed that the cap is low.').text).toBe('~~~\nBoth reviewers agreed that x.\n~~~\nThe cap is low.')
  })
})

describe('blindSentences', () => {
  test('applies the sentence rules only: a heading inside a string value is left alone', () => {
    const counts: BlindCounts = {}
    expect(blindSentences('## Findings of the Security Engineer\nAs the coordinator, i raised the cap.', ROLES, counts)).toBe('## Findings of the Security Engineer\nI raised the cap.')
    expect(counts).toEqual({ 'self-role': 1 })
  })

  test('adds to the counts it is given, so one record can count a whole structured deliverable', () => {
    const counts: BlindCounts = { 'attribution-frame': 2 }
    blindSentences('Both reviewers agreed that the cap is low.', ROLES, counts)
    expect(counts).toEqual({ 'attribution-frame': 3 })
  })
})

describe('blindSentences: attributions inside the strings of a structured deliverable', () => {
  const strings = (text: string, terms: readonly ContributorNoun[] = []) => {
    const counts: BlindCounts = {}
    return { text: blindSentences(text, ['Security reviewer', 'Concurrency reviewer'], counts, terms), counts }
  }

  test('a sentence that only says who flagged a finding goes; the finding stays', () => {
    expect(strings('Flagged by the Security reviewer. The status parameter is placed into the SQL with an f-string.')).toEqual({
      text: 'The status parameter is placed into the SQL with an f-string.',
      counts: { 'sign-off': 1 },
    })
    expect(strings('The lock is taken twice. Raised by Reviewer 3 and the Concurrency reviewer.').text).toBe('The lock is taken twice.')
    expect(strings('Flagged by the reviewer. The lock is taken twice.').text).toBe('The lock is taken twice.')
  })

  test('a finder with a word before its noun is a person of the subject unless that is a role name; a team of anyone but contributors too', () => {
    const kept = ['Identified by the payments specialist. The refund ran twice.', 'Raised by the finance team of the client. The refund ran twice.', 'Raised by a team of auditors. The refund ran twice.']
    for (const text of kept) expect(strings(text)).toEqual({ text, counts: {} })
    expect(strings('Raised by a team of reviewers. The refund ran twice.')).toEqual({ text: 'The refund ran twice.', counts: { 'sign-off': 1 } })
  })

  test('"Consolidated from the five reviewers\' findings:" goes and the rest starts the sentence', () => {
    expect(strings("Consolidated from the five reviewers' findings: the search endpoint interpolates the status filter.")).toEqual({
      text: 'The search endpoint interpolates the status filter.',
      counts: { 'meta-sentence': 1 },
    })
  })

  test('what the finder did, the people of a ticket and sources that are no contributors stay', () => {
    const kept = [
      'Flagged by the Security reviewer for every release that touches billing.',
      'Raised by the L1 agent. The customer waited 40 minutes.',
      'Found by the reviewer on call, then escalated to L3.',
      'Compiled from the nightly logs: the job failed twice.',
      'Compiled from the reports: the job failed twice.',
      "Merged from the agents' notes: the portal is down.",
    ]
    for (const text of kept) expect(strings(text)).toEqual({ text, counts: {} })
  })

  test('markdown keeps them: a protocol line "Flagged by the Security reviewer." is left to its line rules', () => {
    expect(blind('Flagged by the Security Engineer.\nConsolidated from the five reviewers\' findings: hold 30 min.')).toEqual({
      text: 'Flagged by the Security Engineer.\nConsolidated from the five reviewers\' findings: hold 30 min.',
      counts: {},
    })
  })
})

describe("blindMarkdown: headings and bold labels of the organisation's role names", () => {
  const ORG = ['Systems Architect', 'Governance Designer', 'Emergence Engineer']
  const withOrg = (text: string) => {
    const counts: BlindCounts = {}
    return { text: blindMarkdown(text, ORG, counts, [], ORG), counts }
  }

  test('become a neutral label, the same one for every mention of a role, and what they head stays', () => {
    const text = ['# Protocol', '## Systems Architect', 'Heartbeats every 5 s.', '## 2. Governance Designer recommendations', 'Operator approves.', '**Emergence Engineer:** rebalance by least-loaded.', '- __Systems Architect__: detector on the bus.', '### The Emergence Engineer', 'Drain first.'].join('\n')
    expect(withOrg(text)).toEqual({
      text: ['# Protocol', '## Part A', 'Heartbeats every 5 s.', '## 2. Part B recommendations', 'Operator approves.', '**Part C:** rebalance by least-loaded.', '- __Part A:__ detector on the bus.', '### Part C', 'Drain first.'].join('\n'),
      counts: { 'role-heading': 3, 'role-label': 2 },
    })
  })

  test('stay under a heading about roles or owners, in a sentence, and where they are not the organisation\'s', () => {
    const kept = [
      '## Owners\n### Systems Architect\nOwns the detector.\n- **Emergence Engineer:** owns rebalancing.',
      '## Roles and responsibilities\n**Governance Designer:** approves pauses.',
      '**Systems Architect** approves the detector design.',
      '## Systems Architect review cadence\nWeekly.',
    ]
    for (const text of kept) expect(withOrg(text)).toEqual({ text, counts: {} })
    // Without organisation role names (a role the task's own text uses), nothing is neutralised.
    const counts: BlindCounts = {}
    expect(blindMarkdown('## Systems Architect\nText.', ORG, counts)).toBe('## Systems Architect\nText.')
  })

  test('a section about roles ends at the next heading of its level or above', () => {
    expect(withOrg('## Owners\n### Systems Architect\nA.\n## Detection\n### Systems Architect\nB.').text).toBe('## Owners\n### Systems Architect\nA.\n## Detection\n### Part A\nB.')
  })
})

describe('role names in any script are found at the edges of words, as ASCII ones are', () => {
  const NAMES = ['Безопасность', 'Ασφάλεια', '安全审查', 'Équipe juridique']

  test('a sentence that only says who flagged a finding, or whose findings were merged, goes', () => {
    for (const name of NAMES) {
      const counts: BlindCounts = {}
      expect(blindSentences(`Flagged by the ${name}. The cap is low.`, NAMES, counts)).toBe('The cap is low.')
      expect(blindSentences(`Consolidated from the ${name}'s findings: the cap is low.`, NAMES, counts)).toBe('The cap is low.')
      expect(counts).toEqual({ 'sign-off': 1, 'meta-sentence': 1 })
    }
  })

  test('a sign-off that names two of them goes; one that says what a role does stays', () => {
    const counts: BlindCounts = {}
    expect(blindMarkdown('Cap is 12 months.\nPrepared by the Ασφάλεια, with input from the Équipe juridique.', NAMES, counts)).toBe('Cap is 12 months.')
    expect(counts).toEqual({ 'sign-off': 1 })
    expect(blindMarkdown('— The 安全审查 decides whether to roll back.', NAMES, counts)).toBe('— The 安全审查 decides whether to roll back.')
  })

  test('what is left of them is counted in any case, but not inside a longer word', () => {
    expect(roleMentions('Ασφάλεια found that the cap is low; the ΑΣΦΆΛΕΙΑ team agreed.', NAMES, [], NAMES)).toBe(2)
    // The genitive "Ασφάλειας", the instrumental "Безопасностью" and "安全审查员" (a reviewer, not the review) are other words.
    expect(roleMentions('Ο ρόλος της Ασφάλειας, с Безопасностью, 安全审查员 and Équipe juridiques.', NAMES, [], NAMES)).toBe(0)
    expect(roleMentions('(Безопасность) «Ασφάλεια» 安全审查: Équipe juridique.', NAMES, [], NAMES)).toBe(4)
  })
})

test('every rule that can fire is a recorded kind', () => {
  const counts: BlindCounts = {}
  blindMarkdown(
    ['# Synthesis: Protocol', '## Findings of the Security Engineer', '### Rollout (from the Security Engineer)', '## C++ Engineer', '**C++ Engineer:** RAII.', '=== Security Engineer ===', '**Reviewer B:**', 'As the synthesizer, I kept every number.', 'This synthesis consolidates five reviews.', 'Both reviewers agreed that caps matter.', '<!-- merged from five drafts -->', '— The Synthesizer'].join('\n'),
    ROLES,
    counts,
    [],
    ['C++ Engineer'],
  )
  expect(Object.keys(counts).sort()).toEqual([...BLIND_RULES].sort())
})
