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

/**
 * A noun is a term of the task when its text uses it often (MIN_MENTIONS times or more) or as a
 * name: capitalised inside a sentence, as in "Intake, Planner, Worker A and Reviewer", or in bold
 * as a defined name ("- **Reviewer**: checks every finished item"). A single passing mention
 * ("L2 (product specialists)", a "user-agent" header) does not make it one: there "Specialist's
 * notes:" in a deliverable is still an organisation's label.
 */
export const MIN_MENTIONS = 3

const USED = ALL_CONTRIBUTOR_NOUNS.map((noun) => {
  const word = CONTRIBUTOR_NOUNS[noun]
  return {
    noun,
    any: new RegExp(String.raw`\b${word}\b`, 'gi'),
    // Capitalised after a lowercase word, a comma or an article (not where every word is, at a
    // sentence's or a line's start), or in bold as a defined name ("- **Reviewer**: checks …").
    name: new RegExp(String.raw`(?:(?:[a-z,;(]|\bThe) +|\*\*)${word[0]!.toUpperCase()}${word.slice(1)}\b`),
  }
})

/** The contributor nouns a task's own text (its brief, hard constraints and inputs) uses as its terms. */
export function nounsUsedBy(taskText: string): ContributorNoun[] {
  return USED.filter(({ any, name }) => (taskText.match(any)?.length ?? 0) >= MIN_MENTIONS || name.test(taskText)).map(({ noun }) => noun)
}
