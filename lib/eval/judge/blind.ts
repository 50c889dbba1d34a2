import type { Task } from '../../tasks/registry.js'
import type { Deliverable } from '../../topologies/types.js'
import { stableJson } from '../../results/write.js'

/**
 * Phrases that reveal how a deliverable was produced (by a team, a synthesizer, reviewers of
 * drafts). The judge must not learn the topology, so they are neutralised before judging.
 */
const PROVENANCE: Array<[RegExp, string]> = [
  [/\b(?:as|when) (?:synthesi[sz]ed|compiled|merged|consolidated|aggregated) from\b[^.\n]*[.]?/gi, ''],
  [/\b(?:this|the|our) (?:synthesis|consolidation) of (?:the )?(?:specialists?|team|experts?|reviewers?|colleagues?)[’']? ?(?:work|input|outputs?|reports?|notes|findings|drafts?)\b/gi, 'this deliverable'],
  [/\b(?:the|our|my) (?:team of )?(?:specialists?|sub-?agents?|colleagues|co-?reviewers)\b/gi, 'the analysis'],
  [/\b(?:specialists?|sub-?agents?|colleagues?|peer reviewers?)[’']? ?(?:drafts?|input|outputs?|reports?|notes|work|findings|critiques?)\b/gi, 'the analysis'],
  [/\b(?:the )?synthesi[sz]er\b/gi, 'the author'],
  [/\b(?:previous|earlier) (?:drafts?|segments?|cycles?|passes?)\b/gi, 'the analysis'],
  [/^={3,}\s*[^=\n]+\s*={3,}\s*$/gm, ''],
]

export interface BlindText {
  text: string
  /** How many provenance phrases were neutralised; the mapping stays in the result, not in the prompt. */
  neutralised: number
}

/**
 * The deliverable in one normal form for the judge: structured deliverables as canonical JSON
 * (sorted keys), markdown with normalised whitespace; organisation-revealing phrases and the
 * task's role names neutralised.
 */
export function blindDeliverable(task: Task, deliverable: Deliverable): BlindText {
  let text = deliverable.kind === 'structured' ? stableJson(deliverable.data) : normaliseMarkdown(deliverable.text)
  let neutralised = 0
  const replace = (re: RegExp, by: string) => {
    text = text.replace(re, () => {
      neutralised++
      return by
    })
  }
  for (const [re, by] of PROVENANCE) replace(re, by)
  for (const role of [...task.roles].sort((a, b) => b.name.length - a.name.length)) {
    replace(new RegExp(`\\b(?:the |our )?${role.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'gi'), 'a domain expert')
  }
  return { text: deliverable.kind === 'markdown' ? normaliseMarkdown(text) : text, neutralised }
}

function normaliseMarkdown(text: string): string {
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
