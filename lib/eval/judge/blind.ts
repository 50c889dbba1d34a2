import type { Task } from '../../tasks/registry.js'
import type { Deliverable } from '../../topologies/types.js'
import { stableJson } from '../../results/write.js'
import { type ContributorNoun, nounsUsedBy } from './contributor-nouns.js'
import { indentedCodeLines, lineKinds } from './fences.js'
import { type BlindCounts, blindMarkdown, blindSentences, roleMentions } from './provenance-rules.js'

export interface BlindText {
  text: string
  /** How many provenance structures were removed; what they were stays in the result, never in the prompt. */
  neutralised: number
  /** How often each kind of rule fired (see provenance-rules.ts). */
  rules: BlindCounts
  /**
   * Mentions of the organisations' role names (those the task's own text does not use) left in the
   * blinded text: in sentences and in labels no rule removes. What blinding could not hide.
   */
  roleNamesLeft: number
}

/** Every string inside a structured deliverable through the sentence rules (keys are left alone). */
function blindValues(value: unknown, roles: readonly string[], counts: BlindCounts, terms: readonly ContributorNoun[]): unknown {
  if (typeof value === 'string') return blindSentences(value, roles, counts, terms)
  if (Array.isArray(value)) return value.map((v) => blindValues(v, roles, counts, terms))
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, blindValues(v, roles, counts, terms)]))
  return value
}

/** What the task says of itself: its brief, hard constraints and inputs, as every agent and the judge read them. */
interface TaskWords {
  text: string
  /** The text in lower case, to test whether it uses a role name. */
  lower: string
  /** The generic contributor nouns the task uses for its own subject (see contributor-nouns.ts). */
  terms: ContributorNoun[]
}

const wordsOfTask = new WeakMap<Task, TaskWords>()
function taskWords(task: Task): TaskWords {
  let words = wordsOfTask.get(task)
  if (!words) {
    const text = [task.brief, ...task.hardConstraints, ...task.resolvedInputs.map((i) => i.content)].join('\n')
    wordsOfTask.set(task, (words = { text, lower: text.toLowerCase(), terms: nounsUsedBy(text) }))
  }
  return words
}

/**
 * The contributors' names of a case: the task's roles, then the roles its organisation proposed for
 * itself, each once. A proposed name that is one of the contributor nouns the task itself uses
 * ("Reviewer" in a task about an agent called Reviewer) is its substance, handled as the task's
 * terms are (only numbered, signed or first-person forms mark a contributor). Any other proposed
 * name counts even where the task's text mentions it ("Incident Commander" of a runbook): the rules
 * remove a name only where structure says whose work follows (headings and labels of someone's
 * findings or notes, banners, sign-offs), which the single agent never writes for a role.
 */
function contributorNames(task: Task, proposedRoles: readonly string[]): string[] {
  const names = task.roles.map((r) => r.name)
  const seen = new Set(names.map((n) => n.toLowerCase()))
  const terms = new Set(taskWords(task).terms.flatMap((t) => [t, `${t}s`]))
  for (const raw of proposedRoles) {
    const name = raw.trim()
    if (name === '' || seen.has(name.toLowerCase())) continue
    seen.add(name.toLowerCase())
    if (!terms.has(name.toLowerCase())) names.push(name)
  }
  return names
}

/**
 * The deliverable in one normal form for the judge: structured deliverables as canonical JSON
 * (sorted keys), markdown with normalised whitespace. Provenance is removed only where it is
 * structure (see provenance-rules.ts), and a contributor noun the task uses for its own subject
 * ("the Reviewer" of a task about an agent called Reviewer) is substance, not provenance.
 * `proposedRoles` are the role names the case's organisation proposed for itself (see
 * proposed-roles.ts); they are removed as the task's own role names are.
 */
export function blindDeliverable(task: Task, deliverable: Deliverable, proposedRoles: readonly string[] = []): BlindText {
  // A deliverable is judged more than once (as a candidate, and as the baseline of every pairwise comparison).
  // Its blinding depends on the task and on the proposed role names, so both are the key.
  const key = [task.id, ...proposedRoles].join('\u0000')
  const known = blinded.get(deliverable)?.get(key)
  if (known) return known
  const result = blindOnce(task, deliverable, proposedRoles)
  blinded.set(deliverable, (blinded.get(deliverable) ?? new Map()).set(key, result))
  return result
}

const blinded = new WeakMap<Deliverable, Map<string, BlindText>>()

/**
 * The contributors' names that only the organisations use: those the task's own text (its brief,
 * constraints and inputs, all that a single agent reads) never mentions. A single agent has no
 * reason to head a part "## Systems Architect", so such a heading or bold label says who wrote what.
 */
function organisationRoleNames(task: Task, roles: readonly string[]): string[] {
  const { lower } = taskWords(task)
  return roles.filter((name) => !lower.includes(name.toLowerCase()))
}

function blindOnce(task: Task, deliverable: Deliverable, proposedRoles: readonly string[]): BlindText {
  const roles = contributorNames(task, proposedRoles)
  const orgRoles = organisationRoleNames(task, roles)
  const { terms } = taskWords(task)
  const rules: BlindCounts = {}
  const text =
    deliverable.kind === 'structured'
      ? stableJson(blindValues(deliverable.data, roles, rules, terms))
      : normaliseMarkdown(blindMarkdown(normaliseMarkdown(deliverable.text), roles, rules, terms, orgRoles))
  return { text, neutralised: Object.values(rules).reduce((s, n) => s + n, 0), rules, roleNamesLeft: roleMentions(text, roles, terms, orgRoles) }
}

/**
 * Line endings, trailing spaces and runs of blank lines in one form, so formatting does not identify
 * the producer. Line endings become "\n" everywhere; inside fenced or indented code nothing else
 * changes (blank lines and trailing spaces there can be the code's own), and a hard line break (two
 * or more spaces at the end of a line that text follows) keeps two spaces.
 */
export function normaliseMarkdown(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  const kinds = lineKinds(lines)
  const indented = indentedCodeLines(lines, kinds)
  const out: string[] = []
  for (const [i, line] of lines.entries()) {
    if (kinds[i] === 'code' || indented[i]) {
      out.push(line)
      continue
    }
    const trimmed = line.replace(/\s+$/, '')
    // One blank line between blocks (a prose line never follows code directly: a fence line is between).
    if (trimmed === '' && (out.length === 0 || out.at(-1) === '')) continue
    const hardBreak = / {2}$/.test(line) && trimmed !== '' && kinds[i + 1] === 'prose' && !indented[i + 1] && (lines[i + 1] ?? '').trim() !== ''
    const kept = out.length === 0 ? trimmed.trimStart() : trimmed
    out.push(hardBreak ? `${kept}  ` : kept)
  }
  while (out.length > 0 && out.at(-1) === '' && kinds[lines.length - 1] !== 'code') out.pop()
  return `${out.join('\n')}\n`
}
