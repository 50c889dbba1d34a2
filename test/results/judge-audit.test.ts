import { describe, expect, test } from 'vitest'
import { judgeAgreement, judgeAuditLines, judgeAuditNotes, judgeNoise, lengthCovariates, provenanceLine, roleNamesLeftLine } from '../../lib/results/judge-audit.js'
import { interval } from '../../lib/results/format.js'
import { summarizeRecord } from '../../lib/results/summary.js'
import { judgedRecord, provenanceCheck } from './fixtures.js'

/** The audit reads the run file's case summaries, as the reporter writes them from records. */
const judged = (...spec: Parameters<typeof judgedRecord>) => summarizeRecord(judgedRecord(...spec))

describe('lengthCovariates', () => {
  test('a judge that rewards only length: a raw difference that vanishes at equal length', () => {
    // Score = 50 + 10 per doubling of length; organisations write 2× or 4× the single agent's length.
    const records = [1, 2, 3, 4].flatMap((trial) => {
      const base = 1000 * trial
      return [judged('single', trial, 50, base), judged('star', trial, 60, 2 * base), judged('hrm', trial, 70, 4 * base)]
    })
    const rows = lengthCovariates(records)
    expect(rows.map((r) => r.topology)).toEqual(['star', 'hrm', 'organisations'])
    const pooled = rows.find((r) => r.topology === 'organisations')!
    expect(pooled.pairs).toBe(8)
    expect(pooled.raw).toBeCloseTo(15, 10)
    expect(pooled.adjusted).toBeCloseTo(0, 10)
    expect(pooled.perDoubling).toBeCloseTo(10, 10)
    expect(pooled.lengthRatio).toBeCloseTo(2 ** 1.5, 10)
  })

  test('a real advantage survives the adjustment', () => {
    const records = [1, 2, 3, 4, 5, 6, 7, 8].flatMap((trial) => [judged('single', trial, 50, 1000 + 100 * trial), judged('star', trial, 58 + (trial % 2), 1000 + 150 * trial)])
    const star = lengthCovariates(records).find((r) => r.topology === 'star')!
    expect(star.raw).toBeCloseTo(8.5, 10)
    expect(star.adjustedCi).toMatchObject({ method: 'bootstrap', level: 0.95 })
    expect(star.adjustedCi!.lo).toBeGreaterThan(0)
  })

  test('every organisation of a task and trial meets the same single-agent deliverable: intervals are clustered by task, never over pairs as if independent', () => {
    // Five organisations, two tasks of three trials; within a task the single agent's score swings, which every pair shares.
    const records = ['task_a', 'task_b'].flatMap((task, k) =>
      [1, 2, 3].flatMap((trial) => [judged('single', trial, 50 + (k === 0 ? 20 : -20) + trial, 1000, null, task), ...['star', 'pipeline', 'peer_review', 'hrm', 'self_decompose'].map((t, i) => judged(t, trial, 60 + i % 2, 1000 * (1 + (i + trial) / 10), null, task))]),
    )
    const pooled = lengthCovariates(records).find((r) => r.topology === 'organisations')!
    expect(pooled.pairs).toBe(30)
    // Two clusters: a t interval over two task means, far wider than 30 independent pairs would give; and no resampled interval for the adjusted difference.
    expect(pooled.rawCi!.hi - pooled.rawCi!.lo).toBeGreaterThan(100)
    expect(pooled.adjustedCi).toBeNull()
  })

  test('lengths that hardly vary give no slope and no adjusted difference, never thousands of points per doubling', () => {
    // 11,200 against 11,198 characters in half the pairs: log2 ratios 0 and 0.00026.
    const records = [1, 2, 3, 4].flatMap((trial) => [judged('single', trial, 50, 11198), judged('star', trial, trial % 2 === 0 ? 51 : 50, trial % 2 === 0 ? 11200 : 11198)])
    const star = lengthCovariates(records).find((r) => r.topology === 'star')!
    expect(star).toMatchObject({ pairs: 4, raw: 0.5, adjusted: null, adjustedCi: null, perDoubling: null })
    expect(judgeAuditLines(records, undefined).join('\n')).toContain('– per doubling of length, 4 pairs')
  })

  test('a summary without the deliverable length (a run file written before it was kept) is left out, never read as length 0', () => {
    const records = [1, 2, 3].flatMap((trial) => [judged('single', trial, 50, 1000), judged('star', trial, 60, 2000)])
    expect(lengthCovariates(records).find((r) => r.topology === 'star')!.pairs).toBe(3)
    const older = records.map(({ deliverableChars: _, ...rest }) => rest)
    expect(lengthCovariates(older)).toEqual([])
    expect(judgeAgreement(older)).toEqual(judgeAgreement(records))
  })

  test('pairs only records of the same task and trial; self_refine is a single agent, not an organisation', () => {
    const records = [judged('single', 1, 50, 100), judged('self_refine', 1, 90, 400), judged('star', 2, 60, 200), judged('star', 1, 55, 200, null, 'task_b')]
    expect(lengthCovariates(records)).toEqual([])
  })
})

describe('judgeAgreement', () => {
  test('is the correlation of the judge with the deterministic score, overall and per kind of task', () => {
    const records = [60, 70, 80, 90, 100].map((t, i) => judged('single', i + 1, t - 5 + (i % 2) * 4, 100, t))
    const a = judgeAgreement(records)
    expect(a.all!.n).toBe(5)
    expect(a.all!.r).toBeGreaterThan(0.9)
    expect(a.all!.r).toBeLessThan(1)
    expect(a.execution!.r).toBe(a.all!.r)
    expect(a.all!.tasks).toBe(1)
    expect(a.design).toBeNull()
  })

  test("is computed within task: a judge that ranks every task's deliverables right is not shown as disagreeing because tasks differ in level (Simpson's paradox)", () => {
    // Task a: ground truth near 97, judged near 90; task b: ground truth near 99, judged near 70. Pooled raw pairs correlate negatively.
    const a = [96, 97, 98, 96.5, 97.5].map((t, i) => judged('single', i + 1, 90 + 2 * (t - 97), 100, t, 'task_a'))
    const b = [98.5, 99, 99.5, 98.8, 99.2].map((t, i) => judged('single', i + 1, 70 + 4 * (t - 99) + (i % 2), 100, t, 'task_b'))
    const agreement = judgeAgreement([...a, ...b])
    expect(agreement.all!.n).toBe(10)
    expect(agreement.all!.tasks).toBe(2)
    expect(agreement.all!.r).toBeGreaterThan(0.9)
    // The interval spends a degree of freedom on each task's mean: n − tasks − 2.
    const half = 1.959963985 / Math.sqrt(10 - 2 - 2)
    expect(agreement.all!.ci!.lo).toBeCloseTo(Math.tanh(Math.atanh(agreement.all!.r) - half), 6)
  })

  test('a task with a single judged deliverable tells nothing about agreement and is left out', () => {
    const records = [60, 70, 80, 90, 100].map((t, i) => judged('single', i + 1, t - 5 + (i % 2) * 4, 100, t))
    const lone = judged('single', 1, 10, 100, 100, 'task_lone')
    expect(judgeAgreement([...records, lone]).all).toEqual(judgeAgreement(records).all)
  })
})

describe('judgeAuditLines', () => {
  const provenance = provenanceCheck

  test('flags a judge that tells organisations apart, and says when it does not', () => {
    expect(provenanceLine(provenance({}))).toMatch(/72 % \[63 %, 80 %\] .*chance 50 % — ABOVE CHANCE/)
    expect(provenanceLine(provenance({ accuracy: 0.52, ci: { lo: 0.44, hi: 0.6, level: 0.95, method: 't' }, aboveChance: false }))).toMatch(/not clearly above chance$/)
    expect(provenanceLine(provenance({ accuracy: null, ci: null, aboveChance: false }))).toMatch(/no usable answers/)
  })

  test('lists agreement, the length covariate and the provenance check when the run has them', () => {
    const records = [1, 2, 3, 4, 5].flatMap((trial) => [judged('single', trial, 50 + trial, 1000, 50 + 2 * trial), judged('star', trial, 60 + trial, 2000, 52 + trial)])
    const lines = judgeAuditLines(records, provenance({}))
    expect(lines).toHaveLength(3)
    expect(lines[0]).toMatch(/^judge vs ground truth\/checklist within task: r .* over 10 deliverables of 1 task\(s\)/)
    expect(lines[1]).toMatch(/^judge score, organisation − single: \+10\.0 .* raw, .* at equal length/)
    expect(lines[2]).toMatch(/^provenance check/)
    expect(judgeAuditLines([], undefined)).toEqual([])
  })

  test("prints the pooled row of lengthCovariates, pairs in the same order (the bootstrap is seeded, so the order counts)", () => {
    // 21 pairs per organisation: enough for the bootstrap interval; three topologies interleaved.
    const records = Array.from({ length: 21 }, (_, i) => i + 1).flatMap((trial) => [
      judged('single', trial, 40 + (trial % 7), 900 + 13 * trial),
      judged('star', trial, 45 + ((trial * 3) % 11), 1500 + 7 * trial),
      judged('hrm', trial, 50 + ((trial * 5) % 13), 2500 - 11 * trial),
      judged('debate', trial, 42 + ((trial * 2) % 9), 1200 + 17 * trial),
    ])
    const pooled = lengthCovariates(records).find((r) => r.topology === 'organisations')!
    expect(pooled.rawCi?.method).toBe('bootstrap')
    const line = judgeAuditLines(records, undefined).find((l) => l.startsWith('judge score, organisation − single'))!
    expect(line).toContain(`${interval(pooled.rawCi, 1, true)} raw`)
    expect(line).toContain(`${interval(pooled.adjustedCi, 1, true)} at equal length`)
    expect(line).toContain(`${pooled.pairs} pairs`)
  })

  test('with repeated judgements, a line of judge noise: the pooled SD of a deliverable\'s repeats, its median and its largest', () => {
    const withSpread = (sd: number | null, task = 'e1') => {
      const r = judged('star', 1, 60, 1000)
      return { ...r, task, scores: { ...r.scores, judge: { ...r.scores.judge!, repeatSpread: sd } } }
    }
    expect(judgeNoise([withSpread(null)])).toBeNull()
    const noise = judgeNoise([withSpread(3), withSpread(4), withSpread(12, 'e2')])!
    expect(noise).toEqual({ n: 3, pooled: Math.sqrt((9 + 16 + 144) / 3), median: 4, max: 12, maxTask: 'e2' })
    expect(judgeAuditLines([withSpread(3), withSpread(4), withSpread(12, 'e2')], undefined, 3).at(-1)).toBe(
      "judge noise (each deliverable judged 3 times, ORGBENCH_JUDGE_REPEATS): SD of a deliverable's repeated scores 7.5 points pooled (median 4.0, largest 12.0 on e2) over 3 deliverables; scores are the repeats' mean",
    )
  })
})

describe('judgeAuditNotes', () => {
  const summaries = (topologies: string[]) => [1, 2, 3].flatMap((trial) => topologies.map((t, i) => summarizeRecord(judgedRecord(t, trial, 50 + trial + i, 1000 * (i + 1), 50 + trial))))
  test('the length method and the blindness hint go with a run that pairs an organisation with a single agent', () => {
    expect(judgeAuditNotes(summaries(['single', 'star']), undefined)).toEqual({ lengthMethod: true, blindnessHint: true })
    expect(judgeAuditNotes(summaries(['single', 'star']), provenanceCheck())).toEqual({ lengthMethod: true, blindnessHint: false })
  })
  test('single agents only (single, self_refine): neither, as there is no length line and nothing for the check to pair', () => {
    expect(judgeAuditNotes(summaries(['single', 'self_refine']), undefined)).toEqual({ lengthMethod: false, blindnessHint: false })
  })
  test('an organisation beside self_refine but not single: no length line, but the check can pair them', () => {
    expect(judgeAuditNotes(summaries(['self_refine', 'star']), undefined)).toEqual({ lengthMethod: false, blindnessHint: true })
  })
})

describe('roleNamesLeftLine', () => {
  const withLeft = (topology: string, trial: number, left: number | undefined, task = 'task_a') => {
    const record = judgedRecord(topology, trial, 60, 1000, null, task)
    return summarizeRecord({ ...record, scores: { ...record.scores, judge: { ...record.scores.judge!, roleNamesLeft: left } } })
  }
  const TAIL = '. Names are left in sentences, and in headings and labels of a section about roles, which no rule removes'

  test('beside the organisations\' count it gives the single-agent deliverables\' count on the same tasks, so a name the task asks for is not read as a leak', () => {
    // code_review_protocol asks for owners ("Security Engineer"): the single agent names them as often as the organisations.
    const records = [1, 2].flatMap((trial) => [withLeft('single', trial, 6, 'code_review_protocol'), withLeft('star', trial, 6, 'code_review_protocol'), withLeft('hrm', trial, 0, 'support_triage'), withLeft('single', trial, 0, 'support_triage')])
    expect(roleNamesLeftLine(records)).toBe(
      'after blinding, 2 of 4 judged organisation deliverable(s) still name a role of their organisation (12 mention(s) in all); ' +
        "on the 1 task(s) where one does, 2 of 2 organisation deliverable(s) name one and 2 of 2 single-agent deliverable(s) (12 mention(s)), blinded with the tasks' own role names: a name the task asks for (an owner such as \"Security Engineer\") is no sign of who wrote a deliverable; " +
        `none of the 2 are on a task whose single-agent deliverables name none${TAIL}`,
    )
  })

  test('counts the organisation deliverables that name a role on a task whose single agent names none, and those without a single agent to compare', () => {
    const records = [withLeft('star', 1, 2), withLeft('hrm', 1, 0), withLeft('pipeline', 1, 3), withLeft('single', 1, 0), withLeft('star', 1, 1, 'task_b')]
    expect(roleNamesLeftLine(records)).toBe(
      'after blinding, 3 of 4 judged organisation deliverable(s) still name a role of their organisation (6 mention(s) in all); ' +
        "on the 2 task(s) where one does, 3 of 4 organisation deliverable(s) name one and 0 of 1 single-agent deliverable(s) (0 mention(s)), blinded with the tasks' own role names: a name the task asks for (an owner such as \"Security Engineer\") is no sign of who wrote a deliverable; " +
        `2 of the 3 are on a task whose single-agent deliverables name none, 1 on a task without a judged single-agent deliverable${TAIL}`,
    )
    expect(roleNamesLeftLine([withLeft('star', 1, 2)])).toContain('1 of 1 organisation deliverable(s) name one, and no single-agent deliverable of those tasks was judged, so whether a single agent writes the same names is unknown; it is on a task without a judged single-agent deliverable.')
    // One naming deliverable beside a single agent that names none: said of "it", not "1 of the 1".
    expect(roleNamesLeftLine([withLeft('star', 1, 2), withLeft('single', 1, 0)])).toContain('; it is on a task whose single-agent deliverables name none.')
    expect(roleNamesLeftLine([withLeft('star', 1, 2), withLeft('single', 1, 3)])).toContain('; it is not on a task whose single-agent deliverables name none.')
  })

  test('says so when none is left, and says nothing for records written before the count was kept', () => {
    expect(roleNamesLeftLine([withLeft('star', 1, 0), withLeft('hrm', 1, 0)])).toBe('after blinding, none of the 2 judged organisation deliverable(s) names a role of its organisation')
    expect(roleNamesLeftLine([withLeft('star', 1, undefined), withLeft('single', 1, 4)])).toBeNull()
  })
})
