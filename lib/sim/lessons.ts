import type { SimItem } from './context.js'
import { PromptText } from './prompt-text.js'

/**
 * How a simulated agent reacts to the lessons in its prompt. A lesson names what to watch for as
 * "watch for <theme> items" (a severity such as "medium", or a category id such as "injection");
 * an agent whose system prompt carries such a lesson sees the items of that theme more often:
 * its chance p becomes p + LESSON_EFFECT × (1 − p). Only the prompt counts: a lesson addressed to
 * an agent that does not exist, or one that never reaches the prompt, changes nothing.
 */
export const LESSON_EFFECT = 0.5

const HEADER = 'Lessons from earlier runs of this organisation:\n'
const THEME = /\bwatch for ([a-z0-9_]+) items\b/gi

/** The themes the lessons in a prompt name (lower case); empty when the prompt carries no lessons. */
export function lessonThemes(prompt: string | PromptText): Set<string> {
  const p = PromptText.of(prompt)
  // Lessons stand in the system message, before the task's block: a prompt in parts is read whole
  // only when a header overlaps the block or a list runs to the end of the text before it.
  if (p.block !== null && !p.includesOverBlock(HEADER)) {
    const themes = themesIn(p.before, true)
    if (themes) {
      for (const t of themesIn(p.after, false)!) themes.add(t)
      return themes
    }
  }
  return themesIn(p.text, false)!
}

/** The themes of the lists in `text`; null when `open` (more text follows) and a list may go on past its end. */
function themesIn(text: string, open: boolean): Set<string> | null {
  const themes = new Set<string>()
  let at = text.indexOf(HEADER)
  while (at !== -1) {
    // Line by line up to the end of the list, without splitting the rest of the prompt.
    for (let start = at + HEADER.length; ; ) {
      if (open && start + 2 > text.length && '- '.startsWith(text.slice(start))) return null
      if (!text.startsWith('- ', start)) break
      const end = text.indexOf('\n', start)
      if (open && end === -1) return null
      for (const m of text.slice(start, end === -1 ? undefined : end).matchAll(THEME)) themes.add(m[1]!.toLowerCase())
      if (end === -1) break
      start = end + 1
    }
    at = text.indexOf(HEADER, at + HEADER.length)
  }
  return themes
}

/** What an item can be named by: its own themes (severity, category), else its difficulty. */
export function itemThemes(item: Pick<SimItem, 'themes' | 'difficulty'>): readonly string[] {
  return item.themes ?? [item.difficulty.toLowerCase()]
}

/** An item's chance of being seen once a lesson names it (unchanged when none does). */
export function withLessons(p: number, item: Pick<SimItem, 'themes' | 'difficulty'>, themes: ReadonlySet<string>): number {
  if (themes.size === 0 || !itemThemes(item).some((t) => themes.has(t))) return p
  return p + LESSON_EFFECT * (1 - p)
}

/**
 * The theme a ground-truth count of the scores measures (what the simulated retrospective may
 * name after seeing it missed), by kind: "recall_<theme>" (code review, contract review,
 * reconciliation exceptions); P0 tickets, deadlines and merges (support triage); root causes,
 * required actions and chain links (incident response); figures and action targets (impact
 * reports); and the close schedules (budget breaches, card charges, interest, revaluation). The
 * themes are the ones each kind gives its items. Counts of traps (harmful actions, false alarms)
 * name no theme: a miss there is something done, not something overlooked.
 */
const COUNT_THEMES: ReadonlyArray<readonly [RegExp, string | null]> = [
  [/^recall_([a-z0-9_]+)$/, null],
  [/^p0$/, 'p0'],
  [/^sla_exact$/, 'deadline'],
  [/^(merges|escalations)$/, 'merge'],
  [/^incidents_root_cause$/, 'root_cause'],
  [/^required_actions$/, 'action'],
  [/^chain_links_[a-z0-9-]+$/, 'chain'],
  [/^figures_exact$/, 'figure'],
  [/^targets_[A-Za-z0-9-]+$/, 'targets'],
  [/^first_charge_over_budget$/, 'budget'],
  [/^card_charges$/, 'card'],
  [/^interest_amounts$/, 'interest'],
  [/^revaluations$/, 'revaluation'],
]

/** The theme a count of the scores measures, or null when it names none (see COUNT_THEMES). */
export function countTheme(key: string): string | null {
  for (const [pattern, theme] of COUNT_THEMES) {
    const m = pattern.exec(key)
    if (m) return theme ?? m[1]!
  }
  return null
}

/** The lesson the simulated retrospective writes for a theme it saw missed (the counts go in the failure mode's evidence). */
export function themeLesson(theme: string): string {
  return `Watch for ${theme} items: earlier reviews missed some. Before handing in, read the inputs once more looking only for ${theme.replaceAll('_', ' ')} items, and report each with its exact location.`
}
