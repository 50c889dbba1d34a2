import type { TaskTruth } from './kinds/index.js'

/** The words that would give a ground-truth answer away if an agent saw them in a name or a role focus. */
export function truthPhrases(truth: TaskTruth): string[] {
  const phrases = new Set<string>()
  switch (truth.kind) {
    case 'code_review':
      for (const d of truth.data.diffs) {
        for (const i of d.issues) for (const c of [i.category, ...(i.alsoCategories ?? [])]) phrases.add(c)
        for (const x of d.decoys) phrases.add(x.looksLike)
      }
      break
    case 'contract_review':
      for (const r of truth.data.risks) phrases.add(r.category)
      break
    case 'support_triage':
      for (const t of truth.data.tickets) phrases.add(t.category)
      break
    case 'incident_response':
      phrases.add(truth.data.rootCause.component)
      break
  }
  return [...phrases].sort()
}

/** The phrases (snake_case or kebab-case ids read as words) that occur in `text` as whole words. */
export function leakingPhrases(text: string, phrases: string[]): string[] {
  return phrases.filter((phrase) => {
    const words = phrase.split(/[_-]/).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    return new RegExp(`(^|[^a-z0-9])${words.join('[\\s_/.-]?')}($|[^a-z0-9])`, 'i').test(text)
  })
}
