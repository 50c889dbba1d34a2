import { openRun } from '../read.js'
import { simulatedWhat } from '../simulator-label.js'
import { type CaseRun, type CaseView, caseView, groupCases } from './cases.js'
import { renderCasePages } from './cases-html.js'

/**
 * The side-by-side pages of the given results files, read from their records files one record at
 * a time: only runs of the report's kind (`simulated`), as in its tables, since simulated and
 * real cases never share a page. A run whose records cannot be read is left out with the reason
 * (the rest of the report does not need records).
 */
export async function casePagesFor(paths: readonly string[], simulated: boolean): Promise<{ files: Map<string, string>; skipped: string[] }> {
  const views: CaseView[] = []
  const runs: CaseRun[] = []
  const skipped: string[] = []
  for (const path of paths) {
    const handle = openRun(path)
    if (handle.run.simulated !== simulated) continue
    const mine: CaseView[] = []
    try {
      for await (const r of handle.records()) mine.push(caseView(handle.run.runId, r))
    } catch (e) {
      skipped.push(`${path}: its records cannot be read, so its cases are not in the side-by-side pages (${(e as Error).message})`)
      continue
    }
    views.push(...mine)
    runs.push({ runId: handle.run.runId, model: handle.run.config.model, ...(handle.run.simulated ? { simulated: simulatedWhat(handle.run.config) } : {}) })
  }
  return { files: views.length > 0 ? renderCasePages(groupCases(views, runs.map((r) => r.runId)), runs) : new Map(), skipped }
}
