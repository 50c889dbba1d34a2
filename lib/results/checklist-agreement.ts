import type { CaseSummary } from './summary.js'

type Scored = Pick<CaseSummary, 'task' | 'status'> & { scores: Pick<CaseSummary['scores'], 'checklist'> }

/** How the checklist judge and the pattern cross-check compare over a run's deliverables. */
export interface ChecklistAgreement {
  /** Successful deliverables whose checklist the judge decided. */
  judged: number
  /** Items the judge found met (with a verified quote) and the patterns missed. */
  judgeOnly: number
  /** Items the patterns matched and the judge did not accept. */
  patternsOnly: number
  /** Mean checklist score as the judge decided it, and the patterns' mean over the same deliverables. */
  judgeMean: number | null
  patternMean: number | null
  /** Disagreements per "task/item", most frequent first. */
  items: Array<{ key: string; judgeOnly: number; patternsOnly: number }>
}

/** Counts the judge–pattern disagreements of a run's judge-decided checklists (older results have none). */
export function checklistAgreement(cases: readonly Scored[]): ChecklistAgreement {
  const judged = cases.filter((c) => c.status === 'ok' && c.scores.checklist?.method === 'judge')
  const items = new Map<string, { key: string; judgeOnly: number; patternsOnly: number }>()
  for (const c of judged) {
    for (const d of c.scores.checklist!.disagreements ?? []) {
      const key = `${c.task}/${d.id}`
      const entry = items.get(key) ?? { key, judgeOnly: 0, patternsOnly: 0 }
      if (d.judge) entry.judgeOnly++
      else entry.patternsOnly++
      items.set(key, entry)
    }
  }
  const list = [...items.values()].sort((a, b) => b.judgeOnly + b.patternsOnly - (a.judgeOnly + a.patternsOnly) || a.key.localeCompare(b.key))
  const mean = (xs: number[]) => (xs.length === 0 ? null : xs.reduce((s, x) => s + x, 0) / xs.length)
  return {
    judged: judged.length,
    judgeOnly: list.reduce((s, i) => s + i.judgeOnly, 0),
    patternsOnly: list.reduce((s, i) => s + i.patternsOnly, 0),
    judgeMean: mean(judged.map((c) => c.scores.checklist!.score)),
    patternMean: mean(judged.flatMap((c) => (c.scores.checklist!.patternScore === undefined ? [] : [c.scores.checklist!.patternScore]))),
    items: list,
  }
}

/** The lines the run summary and the report print about it; empty when no checklist was judge-decided. */
export function checklistAgreementLines(cases: readonly Scored[], top = 5): string[] {
  const a = checklistAgreement(cases)
  if (a.judged === 0) return []
  const f = (x: number | null) => (x === null ? '–' : x.toFixed(1))
  const lines = [
    `checklist decided by the judge with verbatim quotes on ${a.judged} deliverable(s): mean ${f(a.judgeMean)} (patterns, the cross-check: ${f(a.patternMean)})`,
    `judge and patterns disagree on ${a.judgeOnly + a.patternsOnly} item(s): ${a.judgeOnly} met by the judge and missed by the patterns, ${a.patternsOnly} matched by the patterns and not accepted from the judge`,
  ]
  if (a.items.length > 0) {
    const shown = a.items.slice(0, top).map((i) => `${i.key} (judge only ${i.judgeOnly}, patterns only ${i.patternsOnly})`)
    lines.push(`most disputed: ${shown.join('; ')}${a.items.length > top ? `; ${a.items.length - top} more in the records` : ''}`)
  }
  return lines
}
