import { seededUniform } from '../eval/stats.js'
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

/**
 * Chooses up to `count` pairs stratified across tasks and topologies: tasks take turns, and within
 * a task its organisations take turns, each turn drawing one trial not used before (seeded). The
 * order inside a pair (A or B) is a seeded coin flip, so position reveals nothing.
 */
export function choosePairs(records: readonly TestRecord[], count: number, seed: number): ChosenPair[] {
  const random = seededUniform(seed)
  const shuffle = <T>(xs: T[]): T[] => {
    const out = [...xs]
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1))
      ;[out[i], out[j]] = [out[j]!, out[i]!]
    }
    return out
  }
  const single = new Map(records.filter((r) => r.topology === 'single' && usable(r)).map((r) => [`${r.task}#${r.trial}`, r]))
  // Candidate records per task, per topology, in a seeded order of trials.
  const byTask = new Map<string, Map<string, TestRecord[]>>()
  for (const r of records) {
    if (r.topology === 'single' || !usable(r) || !single.has(`${r.task}#${r.trial}`)) continue
    const topologies = byTask.get(r.task) ?? new Map<string, TestRecord[]>()
    topologies.set(r.topology, [...(topologies.get(r.topology) ?? []), r])
    byTask.set(r.task, topologies)
  }
  const queues = shuffle([...byTask.keys()].sort()).map((task) => {
    const topologies = byTask.get(task)!
    return { task, lanes: shuffle([...topologies.keys()].sort()).map((t) => shuffle(topologies.get(t)!.sort((x, y) => x.trial - y.trial))), turn: 0 }
  })
  const chosen: ChosenPair[] = []
  while (chosen.length < count && queues.some((q) => q.lanes.some((l) => l.length > 0))) {
    for (const q of queues) {
      if (chosen.length >= count) break
      const lanes = q.lanes.filter((l) => l.length > 0)
      if (lanes.length === 0) continue
      const candidate = lanes[q.turn++ % lanes.length]!.shift()!
      const baseline = single.get(`${candidate.task}#${candidate.trial}`)!
      const candidateFirst = random() < 0.5
      const pairwise = candidate.scores.judge?.pairwise
      const verdict = pairwise && pairwise.against === 'single' ? pairwise : null
      const asCandidate = verdict === null ? null : verdict.outcome === 'win' ? 'candidate' : verdict.outcome === 'loss' ? 'baseline' : 'tie'
      const judgePreference: Preference | null = asCandidate === null ? null : asCandidate === 'tie' ? 'tie' : (asCandidate === 'candidate') === candidateFirst ? 'A' : 'B'
      chosen.push({
        task: candidate.task,
        trial: candidate.trial,
        a: candidateFirst ? candidate : baseline,
        b: candidateFirst ? baseline : candidate,
        judgePreference,
        judgeOrdersAgreed: verdict === null ? null : verdict.consistent,
      })
    }
  }
  return chosen
}
