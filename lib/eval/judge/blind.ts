import type { Task } from '../../tasks/registry.js'
import type { Deliverable } from '../../topologies/types.js'
import { stableJson } from '../../results/write.js'
import { type ContributorNoun, nounsUsedBy } from './contributor-nouns.js'
import { type BlindCounts, blindMarkdown, blindSentences } from './provenance-rules.js'

export interface BlindText {
  text: string
  /** How many provenance structures were removed; what they were stays in the result, never in the prompt. */
  neutralised: number
  /** How often each kind of rule fired (see provenance-rules.ts). */
  rules: BlindCounts
}

/** Every string inside a structured deliverable through the sentence rules (keys are left alone). */
function blindValues(value: unknown, roles: readonly string[], counts: BlindCounts, terms: readonly ContributorNoun[]): unknown {
  if (typeof value === 'string') return blindSentences(value, roles, counts, terms)
  if (Array.isArray(value)) return value.map((v) => blindValues(v, roles, counts, terms))
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, blindValues(v, roles, counts, terms)]))
  return value
}

const termsOfTask = new WeakMap<Task, ContributorNoun[]>()
/** The generic contributor nouns the task uses for its subject, in what every agent and the judge read of it. */
function taskTerms(task: Task): ContributorNoun[] {
  let terms = termsOfTask.get(task)
  if (!terms) termsOfTask.set(task, (terms = nounsUsedBy([task.brief, ...task.hardConstraints, ...task.resolvedInputs.map((i) => i.content)].join('\n'))))
  return terms
}

/**
 * The deliverable in one normal form for the judge: structured deliverables as canonical JSON
 * (sorted keys), markdown with normalised whitespace. Provenance is removed only where it is
 * structure (see provenance-rules.ts), and a contributor noun the task uses for its own subject
 * ("the Reviewer" of a task about an agent called Reviewer) is substance, not provenance.
 */
export function blindDeliverable(task: Task, deliverable: Deliverable): BlindText {
  // A deliverable is judged more than once (as a candidate, and as the baseline of every pairwise comparison).
  const known = blinded.get(deliverable)?.get(task.id)
  if (known) return known
  const result = blindOnce(task, deliverable)
  blinded.set(deliverable, (blinded.get(deliverable) ?? new Map()).set(task.id, result))
  return result
}

const blinded = new WeakMap<Deliverable, Map<string, BlindText>>()

function blindOnce(task: Task, deliverable: Deliverable): BlindText {
  const roles = task.roles.map((r) => r.name)
  const terms = taskTerms(task)
  const rules: BlindCounts = {}
  const text =
    deliverable.kind === 'structured'
      ? stableJson(blindValues(deliverable.data, roles, rules, terms))
      : normaliseMarkdown(blindMarkdown(normaliseMarkdown(deliverable.text), roles, rules, terms))
  return { text, neutralised: Object.values(rules).reduce((s, n) => s + n, 0), rules }
}

/** Line endings, trailing spaces and runs of blank lines in one form, so formatting does not identify the producer. */
export function normaliseMarkdown(text: string): string {
  return (
    text
      .replace(/\r\n?/g, '\n')
      .split('\n')
      .map((l) => l.replace(/\s+$/, ''))
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim() + '\n'
  )
}
