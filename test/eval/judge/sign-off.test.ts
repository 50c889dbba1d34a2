import { describe, expect, it } from 'vitest'
import { ALL_CONTRIBUTOR_NOUNS, nounPattern } from '../../../lib/eval/judge/contributor-nouns.js'
import { signOffReader } from '../../../lib/eval/judge/sign-off.js'

// A task's role names (one with characters that mean something in a regular expression), a numbered contributor and the generic nouns.
const contributor = `(?:SRE / Reliability Engineer|Security Engineer|DevOps / CI Engineer|reviewer \\d|${nounPattern(ALL_CONTRIBUTOR_NOUNS)})`
const read = signOffReader(contributor)

describe('signOffReader: a sign-off is known by its start, whatever follows on its line', () => {
  const signOffs = [
    'Prepared by the synthesizer.',
    'Prepared by the synthesizer, on behalf of the review team (with the Security Engineer and the DevOps / CI Engineer).',
    'Prepared by the SRE / Reliability Engineer, with input from the Security Engineer.',
    "Prepared by the synthesizer from the specialists' reports",
    "*Compiled by the coordinator from the five specialists' drafts.*",
    '**Prepared by:** Synthesizer, integrating the Security Engineer, SRE and DevOps / CI Engineer reviews',
    'Written by the lead reviewer after reading every draft the team produced for this protocol, and checked against the brief, the hard constraints and each of the inputs given',
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
  ]
  it.each(signOffs)('%s', (line) => {
    expect(read(line)).toBe('')
  })

  it('keeps a sentence that follows the sign-off on the same line', () => {
    expect(read('Prepared by the synthesizer. Every merge goes through the queue.')).toBe('Every merge goes through the queue.')
    expect(read('*Prepared by the coordinator.* Rollback takes 60 seconds.')).toBe('Rollback takes 60 seconds.')
  })
})

describe('signOffReader: lines that look alike but are the work stay', () => {
  const work = [
    // A process verb followed by more than an attribution is a step of the process.
    'Signed off by the Security Engineer before each deploy train leaves.',
    'Merged by the merge queue once two reviewers approve.',
    'Submitted by the author through the release form',
    // A dash form followed by a verb is a sentence about the contributor.
    '— The coordinator pages the on-call within 15 minutes.',
    '- the synthesizer checks each draft against the brief',
    // A number other than a date in the sign-off's own sentence.
    'Prepared by the synthesizer from the 5 specialist reports.',
    'Compiled by the SRE / Reliability Engineer with a p95 of 300 ms.',
    // No contributor: an author, a team of the organisation being described, a verb that is not one of making.
    'Author: the pull request author',
    'Prepared by: Platform Engineering',
    'Written by the on-call engineer during the incident',
    'Reviewed by the Security Engineer within 4 hours.',
    'Approved by two reviewers.',
    // Not at the start of the line.
    'The runbook is prepared by the SRE / Reliability Engineer.',
    'Exceptions: prepared by the Security Engineer, expire after 60 days.',
  ]
  it.each(work)('%s', (line) => {
    expect(read(line)).toBeNull()
  })
})
