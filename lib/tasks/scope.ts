import type { Task } from './registry.js'
import { escapeRegExp } from '../text.js'

/*
 * What a task restricted to part of its units (lib/tasks/split.ts) says about them: the brief,
 * title, hard constraints, role foci and rubric were written for every unit ("Fourteen pull
 * requests, d01 to d14"), and a case that shows five must say five, and which.
 */

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty']

/** A count as prose writes it: a word up to twenty, digits above. */
export const countWord = (n: number): string => NUMBER_WORDS[n] ?? String(n)

const capitalised = (word: string) => word.charAt(0).toUpperCase() + word.slice(1)

/** What a kind calls its units, in the singular and plural ("pull request", "pull requests"). */
export interface UnitNoun {
  one: string
  many: string
}

/** A list of ids as prose: "d07", "d07 and d08", "d07, d08 and d12". */
export function idList(ids: readonly string[]): string {
  return ids.length <= 1 ? (ids[0] ?? '') : `${ids.slice(0, -1).join(', ')} and ${ids.at(-1)}`
}

/**
 * A text written for all units, rewritten for the kept ones: the count of all units before the
 * unit noun ("fourteen pull requests", "14 pull requests") becomes the kept count, and a range from
 * the first unit to the last ("d01 to d14", "d01 ... d14") becomes the list of kept ids.
 */
export function rescopeText(text: string, all: readonly string[], kept: readonly string[], noun: UnitNoun): string {
  const total = countWord(all.length)
  const count = new RegExp(`\\b(${escapeRegExp(total)}|${all.length})(\\s+)${escapeRegExp(noun.many)}\\b`, 'gi')
  const noun1 = kept.length === 1 ? noun.one : noun.many
  const range = new RegExp(`${escapeRegExp(all[0]!)}\\s*(?:to|\\.\\.\\.|…|-|–)\\s*${escapeRegExp(all.at(-1)!)}`, 'g')
  return text
    .replace(count, (_, n: string, space: string) => {
      const word = countWord(kept.length)
      return `${/^[A-Z]/.test(n) ? capitalised(word) : word}${space}${noun1}`
    })
    .replace(range, idList(kept))
}

/** The first hard constraint of a case showing only `kept` of a task's units: which units it covers. */
export function scopeConstraint(kept: readonly string[], noun: UnitNoun): string {
  return kept.length === 1
    ? `This case covers only the ${noun.one} ${kept[0]}, the one shown below; hand in work on it and no other.`
    : `This case covers only the ${countWord(kept.length)} ${noun.many} ${idList(kept)}, the ones shown below; hand in work on these and no other.`
}

/**
 * The task as a case showing only `kept` of its units reads it: every text agents and the judge
 * read rescoped (rescopeText), and a first hard constraint that names the units shown, so that the
 * case's scope is stated where every agent and the judge read it, whatever else the texts say.
 */
export function rescopeTask(task: Task, all: readonly string[], kept: readonly string[], noun: UnitNoun): Task {
  const text = (t: string) => rescopeText(t, all, kept, noun)
  return {
    ...task,
    title: text(task.title),
    brief: text(task.brief),
    hardConstraints: [scopeConstraint(kept, noun), ...task.hardConstraints.map(text)],
    roles: task.roles.map((r) => ({ ...r, focus: text(r.focus) })),
    rubric: task.rubric.map((d) => ({ ...d, description: text(d.description) })),
  }
}
