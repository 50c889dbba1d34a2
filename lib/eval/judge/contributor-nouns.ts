/**
 * The generic nouns an organisation calls its contributors by ("the reviewers", "a specialist"),
 * and which of them a task uses for its own subject. A task about a five-agent organisation with an
 * agent named "Reviewer" makes "agent" and "reviewer" words of its substance: a deliverable names
 * them in headings, labels and lists because the task does, so the blinder must not read them as
 * provenance there (see provenance-rules.ts).
 */

/** Each generic contributor noun, as a pattern for its singular and plural. */
export const CONTRIBUTOR_NOUNS = {
  synthesizer: String.raw`synthesi[sz]ers?`,
  coordinator: 'coordinators?',
  decomposer: 'decomposers?',
  'sub-agent': 'sub-?agents?',
  specialist: 'specialists?',
  reviewer: 'reviewers?',
  'co-reviewer': 'co-?reviewers?',
  critic: 'critics?',
  colleague: 'colleagues?',
  expert: 'experts?',
  'team member': 'team members?',
  agent: 'agents?',
} as const

/** One generic contributor noun. */
export type ContributorNoun = keyof typeof CONTRIBUTOR_NOUNS

/** Every generic contributor noun, in the table's order. */
export const ALL_CONTRIBUTOR_NOUNS = Object.keys(CONTRIBUTOR_NOUNS) as ContributorNoun[]

/** One alternation of the given nouns' patterns, in the table's order; with no nouns, one that never matches. */
export function nounPattern(nouns: readonly ContributorNoun[]): string {
  const kept = ALL_CONTRIBUTOR_NOUNS.filter((n) => nouns.includes(n))
  return kept.length === 0 ? '(?!)' : `(?:${kept.map((n) => CONTRIBUTOR_NOUNS[n]).join('|')})`
}

/** The nouns that are not in `terms`: the ones that still mark a contributor. */
export const nounsBesides = (terms: readonly ContributorNoun[]): ContributorNoun[] => ALL_CONTRIBUTOR_NOUNS.filter((n) => !terms.includes(n))

const USED = ALL_CONTRIBUTOR_NOUNS.map((noun) => [noun, new RegExp(String.raw`\b${CONTRIBUTOR_NOUNS[noun]}\b`, 'i')] as const)

/** The contributor nouns a task's own text (its brief, hard constraints and inputs) uses, as words. */
export function nounsUsedBy(taskText: string): ContributorNoun[] {
  return USED.filter(([, re]) => re.test(taskText)).map(([noun]) => noun)
}
