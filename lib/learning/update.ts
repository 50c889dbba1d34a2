import { createHash } from 'node:crypto'
import type { Provenance, StoredLesson } from '../memory/lessons.js'
import type { Dropped } from '../memory/store.js'
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

/** A stable lesson id from the arm that learned it and its text: the same lesson keeps its id across runs. */
function lessonId(l: NewLesson): string {
  return `learned-${l.provenance.topology.replaceAll('_', '-')}-${createHash('sha256').update(normal(l.text)).digest('hex').slice(0, 8)}`
}

/**
 * M_{i+1} = M_i plus the new lessons, deduplicated and bounded: a lesson whose text (normalised) is
 * already held adds its addressees to the held one, and its provenance when another arm learned it
 * (a repeat by the same arm that adds no addressee is recorded as a duplicate); then, for every reading role whose lessons exceed
 * `budgetTokens`, the oldest learned lessons addressed to it lose that role (and are dropped when
 * no role is left). Default lessons are never dropped; they count against the budget. Every drop
 * is returned with its reason.
 */
export function updateLessons(current: readonly StoredLesson[], proposed: readonly NewLesson[], readers: readonly string[], budgetTokens: number): { lessons: StoredLesson[]; dropped: Dropped[] } {
  const lessons = current.map((l) => ({ ...l, audience: [...l.audience], ...(l.alsoLearnedBy ? { alsoLearnedBy: [...l.alsoLearnedBy] } : {}) }))
  const dropped: Dropped[] = []
  const seen = new Map(lessons.map((l) => [normal(l.text), l]))
  for (const p of proposed) {
    const twin = seen.get(normal(p.text))
    if (twin) {
      // The same lesson for more agents: they join its audience. Another arm that learned it is
      // kept beside the first; a repeat by an arm already named, adding no agent, is a duplicate.
      const added = p.audience.filter((a) => !twin.audience.includes(a))
      twin.audience.push(...added)
      const arms = [twin.provenance, ...(twin.alsoLearnedBy ?? [])].map((x) => x?.topology)
      if (!arms.includes(p.provenance.topology)) twin.alsoLearnedBy = [...(twin.alsoLearnedBy ?? []), p.provenance]
      else if (added.length === 0) dropped.push({ what: p.text, reason: `duplicate of lesson ${twin.id}`, iteration: p.provenance.iteration, topology: p.provenance.topology })
      continue
    }
    const lesson = { id: lessonId(p), text: p.text, audience: [...p.audience], provenance: p.provenance }
    seen.set(normal(p.text), lesson)
    lessons.push(lesson)
  }
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
