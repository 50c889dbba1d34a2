import { seededUniform } from '../eval/seeded-uniform.js'
import type { TestRecord } from '../results/record.js'
import type { Preference } from './schema.js'

/** A pair chosen for people to grade: the single agent and one organisation, same task and trial. */
export interface ChosenPair {
  task: string
  trial: number
  /** The record shown as A and the one shown as B. */
  a: TestRecord
  b: TestRecord
  /** The judge's pairwise verdict on this pair in A/B terms, and whether its two orders agreed. */
  judgePreference: Preference | null
  judgeOrdersAgreed: boolean | null
}

const usable = (r: TestRecord) => r.status === 'ok' && r.deliverable !== null

/** The text a grader sees of a record's deliverable; by default the deliverable as stored. */
export type ShownText = (record: TestRecord) => string

const storedText: ShownText = (r) => (r.deliverable!.kind === 'markdown' ? r.deliverable!.text : JSON.stringify(r.deliverable!.data))

/**
 * What makes two shown texts the same text: their words in order. Texts that differ only in
 * whitespace (trailing spaces, a blank line, indentation) read alike on the page, so a pair of them
 * leaves a grader nothing to answer but "tie", and one of them recurring in another item gives its
 * side away as surely as the same bytes would.
 */
export const sameTextKey = (text: string): string => text.replace(/\s+/g, ' ').trim()

/**
 * Chooses up to `count` pairs stratified across tasks and topologies: tasks take turns, and each
 * turn gives the task's next pair the organisation that has the fewest pairs so far (in the task,
 * then in the whole packet; ties in a seeded order) with a trial not used before (seeded order).
 *
 * Graders see every item side by side, so a text shown twice gives its side away: a trial has one
 * single-agent deliverable and many organisations, so the text that recurs would be the single
 * agent's. Hence each trial's single agent is shown once, and no text (`shown`) appears in two
 * items; nor is an organisation paired with a text the same as the single agent's (see
 * sameTextKey), which graders could only call a tie. The packet holds at most one pair per task and
 * trial, fewer than `count` when the run has fewer (leftOutTrials says why). The order inside a pair
 * (A or B) is a seeded coin flip, so position reveals nothing.
 */
export function choosePairs(records: readonly TestRecord[], count: number, seed: number, shown: ShownText = storedText): ChosenPair[] {
  const random = seededUniform(seed)
  const key = (r: TestRecord) => sameTextKey(shown(r))
  const shuffle = <T>(xs: T[]): T[] => {
    const out = [...xs]
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1))
      ;[out[i], out[j]] = [out[j]!, out[i]!]
    }
    return out
  }
  const trialKey = (r: TestRecord) => `${r.task}#${r.trial}`
  const single = new Map(records.filter((r) => r.topology === 'single' && usable(r)).map((r) => [trialKey(r), r]))
  const candidatesByTask = new Map<string, TestRecord[]>()
  for (const r of records) {
    if (r.topology === 'single' || !usable(r) || !single.has(trialKey(r)) || key(r) === key(single.get(trialKey(r))!)) continue
    candidatesByTask.set(r.task, [...(candidatesByTask.get(r.task) ?? []), r])
  }
  const queues = shuffle([...candidatesByTask.keys()].sort()).map((task) => {
    const candidates = candidatesByTask.get(task)!
    const topologyRank = new Map(shuffle([...new Set(candidates.map((c) => c.topology))].sort()).map((t, i) => [t, i]))
    const trialRank = new Map(shuffle([...new Set(candidates.map((c) => c.trial))].sort((x, y) => x - y)).map((t, i) => [t, i]))
    return { task, candidates, topologyRank, trialRank, pairsOf: new Map<string, number>() }
  })
  const pairsOf = new Map<string, number>()
  const usedTrials = new Set<string>()
  const usedTexts = new Set<string>()
  const chosen: ChosenPair[] = []
  let progressed = true
  while (chosen.length < count && progressed) {
    progressed = false
    for (const q of queues) {
      if (chosen.length >= count) break
      const open = q.candidates.filter((c) => !usedTrials.has(trialKey(c)) && !usedTexts.has(key(c)) && !usedTexts.has(key(single.get(trialKey(c))!)))
      if (open.length === 0) continue
      const order = (c: TestRecord) => [q.pairsOf.get(c.topology) ?? 0, pairsOf.get(c.topology) ?? 0, q.topologyRank.get(c.topology)!, q.trialRank.get(c.trial)!]
      const candidate = open.reduce((best, c) => (precedes(order(c), order(best)) ? c : best))
      const baseline = single.get(trialKey(candidate))!
      usedTrials.add(trialKey(candidate))
      usedTexts.add(key(candidate)).add(key(baseline))
      pairsOf.set(candidate.topology, (pairsOf.get(candidate.topology) ?? 0) + 1)
      q.pairsOf.set(candidate.topology, (q.pairsOf.get(candidate.topology) ?? 0) + 1)
      chosen.push(orderedPair(candidate, baseline, random() < 0.5))
      progressed = true
    }
  }
  return chosen
}

/** Why a trial of the run has no item, beyond the packet being full. */
export type LeftOutReason =
  /** No successful single-agent deliverable, or no successful organisation deliverable, to pair. */
  | 'no pair'
  /** Every organisation's text is the same as the single agent's (see sameTextKey). */
  | 'identical'
  /** The single agent's text, or every organisation's text that differs from it, is already in another item. */
  | 'text shown'
  /** The packet already held the pairs asked for. */
  | 'packet full'

/** The trials (task and trial) of the run that `chosen` has no item of, each with why. */
export function leftOutTrials(records: readonly TestRecord[], chosen: readonly ChosenPair[], shown: ShownText = storedText): { task: string; trial: number; reason: LeftOutReason }[] {
  const key = (r: TestRecord) => sameTextKey(shown(r))
  const inItems = new Set(chosen.map((c) => `${c.task}#${c.trial}`))
  const shownTexts = new Set(chosen.flatMap((c) => [key(c.a), key(c.b)]))
  const byTrial = new Map<string, TestRecord[]>()
  for (const r of records) byTrial.set(`${r.task}#${r.trial}`, [...(byTrial.get(`${r.task}#${r.trial}`) ?? []), r])
  return [...byTrial]
    .filter(([trial]) => !inItems.has(trial))
    .map(([, rs]) => {
      const single = rs.find((r) => r.topology === 'single' && usable(r))
      const organisations = rs.filter((r) => r.topology !== 'single' && usable(r))
      const different = single ? organisations.filter((r) => key(r) !== key(single)) : []
      const reason: LeftOutReason =
        !single || organisations.length === 0 ? 'no pair'
        : different.length === 0 ? 'identical'
        : shownTexts.has(key(single)) || different.every((r) => shownTexts.has(key(r))) ? 'text shown'
        : 'packet full'
      return { task: rs[0]!.task, trial: rs[0]!.trial, reason }
    })
    .sort((x, y) => x.task.localeCompare(y.task) || x.trial - y.trial)
}

/** Lexicographic order of two equally long lists of numbers. */
function precedes(x: readonly number[], y: readonly number[]): boolean {
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! < y[i]!
  return false
}

/** The pair in A/B order, with the judge's pairwise verdict on the candidate translated into A/B. */
function orderedPair(candidate: TestRecord, baseline: TestRecord, candidateFirst: boolean): ChosenPair {
  const pairwise = candidate.scores.judge?.pairwise
  const verdict = pairwise && pairwise.against === 'single' ? pairwise : null
  const asCandidate = verdict === null ? null : verdict.outcome === 'win' ? 'candidate' : verdict.outcome === 'loss' ? 'baseline' : 'tie'
  const judgePreference: Preference | null = asCandidate === null ? null : asCandidate === 'tie' ? 'tie' : (asCandidate === 'candidate') === candidateFirst ? 'A' : 'B'
  return {
    task: candidate.task,
    trial: candidate.trial,
    a: candidateFirst ? candidate : baseline,
    b: candidateFirst ? baseline : candidate,
    judgePreference,
    judgeOrdersAgreed: verdict === null ? null : verdict.consistent,
  }
}
