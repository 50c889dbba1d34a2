import { describe, expect, it } from 'vitest'
import { ALL_CONTRIBUTOR_NOUNS, nounPattern } from '../../../lib/eval/judge/contributor-nouns.js'
import { signOffReader } from '../../../lib/eval/judge/sign-off.js'

// A task's role names (one with characters that mean something in a regular expression), a numbered contributor and the generic nouns.
const contributor = `(?:SRE / Reliability Engineer|Security Engineer|DevOps / CI Engineer|reviewer \\d|${nounPattern(ALL_CONTRIBUTOR_NOUNS)})`
const read = signOffReader(contributor)

describe('signOffReader: a sign-off names who made the document and says nothing else', () => {
  const signOffs = [
    'Prepared by the synthesizer.',
    'Prepared by the synthesizer, on behalf of the review team (with the Security Engineer and the DevOps / CI Engineer).',
    'Prepared by the SRE / Reliability Engineer, with input from the Security Engineer.',
    "Prepared by the synthesizer from the specialists' reports",
    "*Compiled by the coordinator from the five specialists' drafts.*",
    '**Prepared by:** Synthesizer, integrating the Security Engineer, SRE / Reliability Engineer and DevOps / CI Engineer reviews',
    'Written by the lead reviewer from the drafts the team produced for this protocol',
    'Drafted by three specialists and edited by the coordinator',
    'Assembled by the synthesizer — on behalf of the specialist team',
    'Consolidated by the review team',
    '_Put together by the coordinator._',
    '— The Synthesizer',
    '— Synthesizer (on behalf of the specialist team)',
    '-- the coordinator, for the review team',
    '~ Reviewer 2',
    '– The Security Engineer and the SRE / Reliability Engineer',
    'Author: Synthesizer',
    'Authors: the Security Engineer, the SRE / Reliability Engineer and the DevOps / CI Engineer',
    'Signed: the review team',
    '**Sign-off:** the coordinator',
    'Contributors: Security Engineer, DevOps / CI Engineer',
    'Signed off by the specialist team',
    'Merged by the synthesizer on behalf of the team',
    'Prepared by the synthesizer, 2025-03-14',
    'Prepared by the coordinator on 14 March 2025.',
    '— The Synthesizer, March 2025',
    '— The Synthesizer, 14/03/2025',
    '— The Synthesizer, 14.03.2025 09:30 UTC',
    'Prepared by Reviewer 2, with input from Reviewer 4.',
    'Prepared by the synthesizer (v2).',
    'Signed off by the Security Engineer for the review team.',
    'Merged by the synthesizer with the Security Engineer.',
    '*Synthesized by the synthesizer from four role drafts, 14 March 2025.*',
    'Prepared by a team of five specialists.',
  ]
  it.each(signOffs)('%s', (line) => {
    expect(read(line)).toBe('')
  })

  it('keeps a sentence that follows the sign-off on the same line', () => {
    expect(read('Prepared by the synthesizer. Every merge goes through the queue.')).toBe('Every merge goes through the queue.')
    expect(read('*Prepared by the coordinator.* Rollback takes 60 seconds.')).toBe('Rollback takes 60 seconds.')
    expect(read('Written by the synthesizer: every blocking comment carries a prefix.')).toBe('every blocking comment carries a prefix.')
  })
})

describe('signOffReader: lines that look alike but are the work stay', () => {
  const work = [
    // A process verb followed by more than an attribution is a step of the process.
    'Signed off by the Security Engineer before each deploy train leaves.',
    'Merged by the merge queue once two reviewers approve.',
    'Submitted by the author through the release form',
    // A process verb or a dash form followed by anything but an attribution: an action, a condition, a frequency.
    'Signed off by the Security Engineer for every production deploy.',
    'Signed off by the Security Engineer and the SRE / Reliability Engineer before each deploy.',
    'Merged by the synthesizer with a squash commit.',
    'Merged by the synthesizer and never by the author.',
    'Submitted by the synthesizer from the release branch.',
    '— The coordinator and the on-call decide whether to roll back.',
    '— The Security Engineer, who rotates exposed keys within the hour.',
    // A verb of making followed by what the process does, not by what the document was made from.
    'Written by the Security Engineer to the audit log after each step.',
    'Edited by the coordinator before the Worker runs it.',
    'Written by the lead reviewer after reading every draft, and checked against the brief, the hard constraints and each of the inputs given',
    '**Prepared by:** Synthesizer, integrating the five reviews into a single protocol the team can adopt this sprint',
    // A dash form followed by a verb is a sentence about the contributor.
    '— The coordinator pages the on-call within 15 minutes.',
    '- the synthesizer checks each draft against the brief',
    // A dash's contributor before a colon labels what follows: a step's owner, a key holder, a hire.
    '- Security Engineer: holds one of the three multisig keys and co-signs every withdrawal.',
    '   - Hire a Security Engineer: contract from Day 20, $27,000.',
    '- Duty coordinator: one EU agent on the Late shift until 22:00 Berlin.',
    '— The coordinator: pages the on-call within 15 minutes.',
    // A number other than a date in the sign-off's own sentence.
    'Prepared by the synthesizer from the 5 specialist reports.',
    'Compiled by the SRE / Reliability Engineer with a p95 of 300 ms.',
    // No contributor: an author, a team of the organisation being described, a verb that is not one of making.
    'Author: the pull request author',
    'Prepared by: Platform Engineering',
    'Written by the on-call engineer during the incident',
    'Reviewed by the Security Engineer within 4 hours.',
    'Approved by two reviewers.',
    'Prepared by a team of auditors.',
    'Prepared by the finance team of the client.',
    // Not at the start of the line.
    'The runbook is prepared by the SRE / Reliability Engineer.',
    'Exceptions: prepared by the Security Engineer, expire after 60 days.',
  ]
  it.each(work)('%s', (line) => {
    expect(read(line)).toBeNull()
  })
})

describe('signOffReader alone: a sign-off that fills its line', () => {
  const alone = signOffReader(contributor, { alone: true })
  it('is a dash or a verb, a contributor, punctuation and a date', () => {
    expect(alone('— the Reviewer')).toBe('')
    expect(alone('-- Reviewer 2, 2025-03-14.')).toBe('')
  })
  it('is no sign-off with any other word after its contributor, nor as a label before a colon', () => {
    expect(alone('— the Reviewer, for the team')).toBeNull()
    expect(alone('- Reviewer 2:')).toBeNull()
    expect(alone('Merged by the reviewer with a squash commit.')).toBeNull()
  })
})

describe('signOffReader: role names in any script', () => {
  const read = signOffReader(`(?:Безопасность|Ασφάλεια|安全审查|Équipe juridique|${nounPattern(ALL_CONTRIBUTOR_NOUNS)})`)
  it('reads them as contributors wherever they stand in a sign-off', () => {
    expect(read('Prepared by the Ασφάλεια, with input from the Équipe juridique.')).toBe('')
    expect(read('Authors: Безопасность, 安全审查 and the synthesizer')).toBe('')
    expect(read('— Équipe juridique')).toBe('')
  })
  it('keeps a line that says what one does, or names another word that starts with one', () => {
    expect(read('— Безопасность decides whether to roll back.')).toBeNull()
    expect(read('Prepared by the Ασφάλειας team.')).toBeNull()
  })
  it('reads a word in any script after the contributor as a word: a clause in another language is the work', () => {
    expect(read('— Безопасность, проверившая каждый пункт договора')).toBeNull()
    expect(read('Prepared by the 安全审查, 负责回滚')).toBeNull()
    expect(signOffReader(contributor, { alone: true })('— the Reviewer, для команды')).toBeNull()
    expect(read('— Безопасность, 2025-03-14')).toBe('')
  })
})
