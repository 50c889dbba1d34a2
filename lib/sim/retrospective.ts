import { RETROSPECTIVE_SCHEMA, type Retrospective } from '../learning/retrospective.js'
import { countTheme, themeLesson } from './lessons.js'
import { registerHandler } from './respond.js'

/**
 * The simulated retrospective. It learns only from what was actually missed: the ground-truth
 * counts in the scores it is shown that measure a theme (`countTheme`: hit of total, summed over
 * the training cases). For the (at most) two themes with the most misses it names a failure mode, quoting the
 * counts, and writes one lesson ("watch for <theme> items", see lessons.ts) addressed to every
 * agent the prompt lists as a reader. It proposes no protocol fix.
 */
export const MAX_SIM_LESSONS = 2

/** Misses per theme over every "Scores and their reasons" block of the prompt. */
export function missedThemes(prompt: string): Array<{ theme: string; missed: number; total: number; evidence: string }> {
  const byTheme = new Map<string, { missed: number; total: number; evidence: string[] }>()
  for (const m of prompt.matchAll(/Scores and their reasons:\n```json\n([\s\S]*?)\n```/g)) {
    let scores: { groundTruth?: { counts?: Record<string, { hit: number; total: number }> } | null }
    try {
      scores = JSON.parse(m[1]!) as typeof scores
    } catch {
      continue
    }
    for (const [key, c] of Object.entries(scores.groundTruth?.counts ?? {})) {
      const theme = countTheme(key)
      if (!theme || c.total === 0) continue
      const t = byTheme.get(theme) ?? { missed: 0, total: 0, evidence: [] }
      t.missed += c.total - c.hit
      t.total += c.total
      if (c.hit < c.total) t.evidence.push(`"${key}": ${c.hit} of ${c.total}`)
      byTheme.set(theme, t)
    }
  }
  return [...byTheme]
    .filter(([, t]) => t.missed > 0)
    .map(([theme, t]) => ({ theme, missed: t.missed, total: t.total, evidence: t.evidence.join('; ') }))
    .sort((a, b) => b.missed - a.missed || a.theme.localeCompare(b.theme))
}

/** The readers the prompt allows lessons to address. */
export function listedReaders(prompt: string): string[] {
  const m = /Address each lesson to one or more of these agents \(no other id reaches a prompt\): ([^.\n]*)\./.exec(prompt)
  return m ? m[1]!.split(',').map((s) => s.trim()).filter(Boolean) : []
}

registerHandler(RETROSPECTIVE_SCHEMA, (call): Retrospective => {
  const readers = listedReaders(call.promptText.text)
  const top = missedThemes(call.promptText.text).slice(0, MAX_SIM_LESSONS)
  return {
    failureModes: top.map((t) => ({ id: `missed-${t.theme}`, description: `The deliverables missed ${t.missed} of ${t.total} ${t.theme} items.`, evidence: t.evidence })),
    lessons: readers.length === 0 ? [] : top.map((t) => ({ failureMode: `missed-${t.theme}`, audience: readers, text: themeLesson(t.theme) })),
    protocolFixes: [],
  }
})
