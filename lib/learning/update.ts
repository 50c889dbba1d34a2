import type { Dropped, Provenance, StoredLesson } from '../memory/store.js'
import { addresses } from '../memory/memory.js'

/** A lesson a retrospective proposed, already checked to be addressed to agents that read memory. */
export interface NewLesson {
  text: string
  audience: string[]
  provenance: Provenance
}

/** Roughly four characters a token: the unit of the per-role lesson budget. */
export const lessonTokens = (text: string): number => Math.ceil(text.length / 4)

const normal = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim()

/** A stable lesson id from its provenance and text. */
function lessonId(l: NewLesson, n: number): string {
  return `learned-${l.provenance.topology.replaceAll('_', '-')}-i${l.provenance.iteration}-${n}`
}

/**
 * M_{i+1} = M_i plus the new lessons, deduplicated and bounded: a lesson whose text (normalised) is
 * already held is dropped as a duplicate; then, for every reading role whose lessons exceed
 * `budgetTokens`, the oldest learned lessons addressed to it lose that role (and are dropped when
 * no role is left). Default lessons are never dropped; they count against the budget. Every drop
 * is returned with its reason.
 */
export function updateLessons(current: readonly StoredLesson[], proposed: readonly NewLesson[], readers: readonly string[], budgetTokens: number): { lessons: StoredLesson[]; dropped: Dropped[] } {
  const lessons = current.map((l) => ({ ...l, audience: [...l.audience] }))
  const dropped: Dropped[] = []
  const seen = new Map(lessons.map((l) => [normal(l.text), l.id]))
  proposed.forEach((p, n) => {
    const key = normal(p.text)
    const twin = seen.get(key)
    if (twin) {
      dropped.push({ what: p.text, reason: `duplicate of lesson ${twin}`, iteration: p.provenance.iteration, topology: p.provenance.topology })
      return
    }
    const id = lessonId(p, n + 1)
    seen.set(key, id)
    lessons.push({ id, text: p.text, audience: [...p.audience], provenance: p.provenance })
  })
  for (const role of readers) {
    const mine = () => lessons.filter((l) => addresses(l.audience, role))
    let used = mine().reduce((s, l) => s + lessonTokens(l.text), 0)
    for (const l of mine()) {
      if (used <= budgetTokens) break
      if (!l.provenance || !l.audience.includes(role)) continue
      l.audience = l.audience.filter((a) => a !== role)
      used -= lessonTokens(l.text)
      dropped.push({ what: `${l.id} for ${role}`, reason: `${role}'s lessons exceed the budget of ${budgetTokens} tokens; the oldest learned lesson goes first`, iteration: l.provenance.iteration, topology: l.provenance.topology })
    }
  }
  return { lessons: lessons.filter((l) => l.audience.length > 0), dropped }
}
