import { describe, expect, test } from 'vitest'
import { summarizeGroups } from '../../lib/results/aggregate.js'
import { computeMatchedBaseline, isSingleAgent, matchedPeerOf, matchedSingleId } from '../../lib/results/matched-baseline.js'
import { matchedLines, matchedNote } from '../../lib/results/matched-render.js'
import { tQuantile } from '../../lib/eval/distributions.js'
import type { TestRecord } from '../../lib/results/record.js'
import { makeRecord } from './fixtures.js'

/** One record with `tokens` org tokens (prompt only). */
function rec(task: string, topology: string, trial: number, headline: number, tokens: number): TestRecord {
  const r = makeRecord({ task, topology, trial, headline })
  return { ...r, cost: { ...r.cost, org: { ...r.cost.org, tokens: { prompt: tokens, completion: 0, cached: 0, reasoning: 0 } } } }
}

// Three tasks × two trials. hrm is 4 points above self_refine@hrm on task a, 6 on b, 8 on c (same on both
// trials), and spends 8,200 tokens against its matched agent's 8,000; star is 2 points above self_refine.
const records = ['a', 'b', 'c'].flatMap((task, i) =>
  [1, 2].flatMap((trial) => [
    rec(task, 'single', trial, 70, 1000),
    rec(task, 'self_refine', trial, 76, 4000),
    rec(task, 'star', trial, 78, 4100),
    rec(task, 'hrm', trial, 84 + 2 * i, 8200),
    rec(task, 'self_refine@hrm', trial, 80, 8000),
  ]),
)

describe('the compute-matched baseline', () => {
  test('is self_refine@<topology> when the run has it, else self_refine; single agents have none', () => {
    const present = new Set(['single', 'self_refine', 'hrm', 'self_refine@hrm'])
    expect(computeMatchedBaseline('hrm', present)).toBe('self_refine@hrm')
    expect(computeMatchedBaseline('pipeline', present)).toBe('self_refine')
    expect(computeMatchedBaseline('self_refine@hrm', present)).toBeNull()
    expect(matchedSingleId('peer_review')).toBe('self_refine@peer_review')
    expect(matchedPeerOf('self_refine@peer_review')).toBe('peer_review')
    expect(matchedPeerOf('self_refine')).toBeNull()
    expect(['single', 'self_refine', 'self_refine@hrm', 'single@4x', 'star', 'hrm'].map(isSingleAgent)).toEqual([true, true, true, true, false, false])
  })

  test('each organisation is paired with its own matched single agent by task and trial, clustered by task, Holm-adjusted', () => {
    const overall = summarizeGroups(records).filter((g) => g.by === 'all')
    const hrm = overall.find((g) => g.topology === 'hrm')!
    expect(hrm.vsSelfRefine).toMatchObject({ against: 'self_refine@hrm', pairs: 6, tasks: 3, mean: 6, sd: 2 })
    expect(hrm.vsSelfRefine!.adjusted).toMatchObject({ survives: true })
    expect(overall.find((g) => g.topology === 'star')!.vsSelfRefine).toMatchObject({ against: 'self_refine', mean: 2, sd: 0 })
    expect(overall.find((g) => g.topology === 'self_refine@hrm')!.vsSelfRefine).toBeNull()
    // The family shown together: the Δ of the group that have an interval. Of the 6 shown (vs single for 4
    // topologies, vs matched for 2) only hrm's two vary between tasks; the 4 without spread are shown with "–" and take no part.
    expect(hrm.vsSelfRefine!.adjusted!.family).toBe(2)
    expect(overall.find((g) => g.topology === 'star')!.vsSelfRefine!.adjusted).toBeNull()
  })
})

describe('matchedLines: the run summary\'s "organisation or compute?" lines', () => {
  const groups = summarizeGroups(records)
  const lines = matchedLines(groups, records)

  test('one line per organisation: Δ vs its matched single with the adjusted interval, its tokens over that agent\'s, its frontier gap', () => {
    expect(lines).toHaveLength(2)
    const hrm = groups.find((g) => g.by === 'all' && g.topology === 'hrm')!.vsSelfRefine!.adjusted!.ci
    // The frontier at star's 4,100 tokens rises from self_refine's 76 towards self_refine@hrm's 80: 76 + 4·log2(4100/4000) ≈ 76.14.
    // star is 2 points above self_refine on every trial, and 1.9 above the frontier on every task: no spread, so no
    // interval, no part in any family and no star.
    expect(lines[0]).toBe('star − self_refine: +2.0 – · tokens 1.02× · frontier +1.9 –')
    // hrm's 8,200 tokens are 2.5 % past the frontier's last point (80): gaps 4, 6, 8. star's gap has no spread, so
    // hrm's is the only gap with an interval (m = 1): +6 ± t(0.975, 2)·2/√3 = [+1.0, +11.0], not the ±7.16 of m = 2.
    const half = tQuantile(0.975, 2) * (2 / Math.sqrt(3))
    expect(half).toBeCloseTo(4.968, 2)
    expect(lines[1]).toBe(`hrm − self_refine@hrm: +6.0 [${hrm.lo > 0 ? '+' : ''}${hrm.lo.toFixed(1)}, +${hrm.hi.toFixed(1)}]* · tokens 1.02× · frontier +6.0 [+1.0, +11.0]*`)
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(120)
  })

  test('the note states how many frontier gaps were adjusted together, and how: only those with spread count', () => {
    expect(matchedNote(records)).toContain('simultaneous over the 1 gap with an interval: Bonferroni at 1 − 0.05/1, * survives Holm over the 1')
    // Give star's gap spread (its third task 3 points higher): both gaps now have an interval.
    const spread = records.map((r) => (r.task === 'c' && r.topology === 'star' ? rec('c', 'star', r.trial, 81, 4100) : r))
    expect(matchedNote(spread)).toContain('simultaneous over the 2 gaps with an interval: Bonferroni at 1 − 0.05/2, * survives Holm over the 2')
  })

  test('an organisation without its own matched variant is named as compared with self_refine at star\'s spend, not its own', () => {
    const withPipeline = [...records, ...['a', 'b', 'c'].flatMap((task) => [1, 2].map((trial) => rec(task, 'pipeline', trial, 74, 3000)))]
    const pipeline = matchedLines(summarizeGroups(withPipeline), withPipeline).find((l) => l.startsWith('pipeline '))
    expect(pipeline).toMatch(/^pipeline − self_refine, matched to star's spend, not pipeline's: -2\.0 /)
    expect(matchedLines(summarizeGroups(withPipeline), withPipeline).filter((l) => l.includes('not '))).toHaveLength(1)
  })

  test('are absent without a self_refine@<topology> case (ORGBENCH_COMPUTE_MATCHED=off): the table\'s column says it', () => {
    const off = records.filter((r) => matchedPeerOf(r.topology) === null)
    expect(matchedLines(summarizeGroups(off), off)).toEqual([])
  })
})
