import { stableStringify } from '../stable-json.js'
import type { CostPart, TestRecord } from './record.js'
import { caseKey, caseName, compareCases } from './summary.js'

/** A cost part without its count of cache hits. */
const uncached = ({ cachedCalls: _, ...part }: CostPart) => part

/**
 * What two runs of the same seed and settings must agree on for a case: status, scores, must-catch
 * items, tokens and dollars, the calls (by id: parallel calls finish in any order), the deliverable
 * and the errors. Timings, the run's own id and which calls were served from the response cache
 * may differ (a resumed run replays from it the calls of cases that were in flight when it stopped).
 */
export function outcomeOf(r: TestRecord) {
  return {
    case: caseName(r),
    status: r.status,
    scores: r.scores,
    mustCatch: r.mustCatch,
    cost: { org: uncached(r.cost.org), judge: uncached(r.cost.judge), byRole: Object.fromEntries(Object.entries(r.cost.byRole).map(([role, part]) => [role, uncached(part)])) },
    calls: [...r.calls]
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((c) => ({ id: c.id, role: c.role, phase: c.phase, model: c.model, prompt: c.promptTokens, completion: c.completionTokens, usd: c.costUsd, error: c.error })),
    deliverable: r.deliverable,
    errors: r.errors,
  }
}

/** Which cases two runs agree on, which differ, and which only one of them has (names as "task × topology #trial"). */
export function compareOutcomes(a: readonly TestRecord[], b: readonly TestRecord[]): { same: string[]; differ: string[]; onlyA: string[]; onlyB: string[] } {
  const index = (rs: readonly TestRecord[]) => new Map(rs.map((r) => [caseKey(r), r]))
  const [left, right] = [index(a), index(b)]
  const result = { same: [] as string[], differ: [] as string[], onlyA: [] as string[], onlyB: [] as string[] }
  for (const r of [...a].sort(compareCases)) {
    const other = right.get(caseKey(r))
    if (!other) result.onlyA.push(caseName(r))
    else if (stableStringify(outcomeOf(r)) === stableStringify(outcomeOf(other))) result.same.push(caseName(r))
    else result.differ.push(caseName(r))
  }
  for (const r of [...b].sort(compareCases)) if (!left.has(caseKey(r))) result.onlyB.push(caseName(r))
  return result
}
