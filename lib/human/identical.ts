import type { ItemGrade } from './grades.js'

/*
 * Two graders whose answers are the same on every answer they share: people who grade on their
 * own differ somewhere on a 0-10 scale, so this is a copy (a file downloaded from a page that still
 * showed another grader's answers, or the same file under two names). Taken as two graders, the
 * copy makes their agreement read as perfect.
 */

/** The fewest shared answers at which identical answers count as a copy: below it, agreeing on all is ordinary. */
export const MIN_SHARED_ANSWERS = 5

/** Two graders with identical answers: how many answers they share, on how many items. */
export interface IdenticalGraders {
  a: string
  b: string
  answers: number
  items: number
}

/** The answers a grader gave on an item, by what they answer ("pair preference", "A accuracy", ...). */
function answers(g: ItemGrade): Map<string, string | number> {
  const out = new Map<string, string | number>()
  if (g.preference !== null) out.set('pair preference', g.preference)
  for (const side of ['A', 'B'] as const) for (const [dimension, value] of Object.entries(g.scores[side])) out.set(`${side} ${dimension}`, value)
  return out
}

/** Every pair of graders who share at least MIN_SHARED_ANSWERS answers and gave the same value on each. */
export function identicalGraders(grades: readonly ItemGrade[]): IdenticalGraders[] {
  const byGrader = new Map<string, Map<string, ItemGrade>>()
  for (const g of grades) byGrader.set(g.grader, (byGrader.get(g.grader) ?? new Map<string, ItemGrade>()).set(g.item, g))
  const graders = [...byGrader.keys()].sort()
  return graders.flatMap((a, i) =>
    graders.slice(i + 1).flatMap((b) => {
      let shared = 0
      let items = 0
      for (const [item, mine] of byGrader.get(a)!) {
        const theirs = byGrader.get(b)!.get(item)
        if (!theirs) continue
        const other = answers(theirs)
        let sharedHere = 0
        for (const [what, value] of answers(mine)) {
          if (!other.has(what)) continue
          if (other.get(what) !== value) return []
          sharedHere++
        }
        shared += sharedHere
        if (sharedHere > 0) items++
      }
      return shared >= MIN_SHARED_ANSWERS ? [{ a, b, answers: shared, items }] : []
    }),
  )
}

/** Why an import refuses identical graders, and how to go on. */
export function identicalMessage(pairs: readonly IdenticalGraders[]): string {
  return [
    ...pairs.map((p) => `graders ${p.a} and ${p.b} gave the same answer on all ${p.answers} answers they share (${p.items} item(s)): one file is most likely a copy of the other`),
    'Counted as two graders, a copy makes their agreement read as perfect. Import one of the files, or pass --allow-identical if they really graded apart.',
  ].join('\n')
}
