import { describe, expect, test } from 'vitest'
import { choosePairs, leftOutTrials, sameTextKey } from '../../lib/human/select.js'
import type { TestRecord } from '../../lib/results/record.js'
import { makeRecord } from '../results/fixtures.js'

/** A record whose deliverable is its own text, as an agent's would be. */
const rec = (task: string, topology: string, trial: number, pairwise: 'win' | 'tie' | 'loss' | null = null): TestRecord => ({
  ...makeRecord({ task, topology, trial, pairwise }),
  deliverable: { kind: 'markdown', text: `${task} ${topology} ${trial}` },
})
/** Two tasks, two organisations and the single agent, three trials each. */
const grid = ['t1', 't2'].flatMap((task) => ['single', 'star', 'pipeline'].flatMap((topology) => [1, 2, 3].map((trial) => rec(task, topology, trial))))
const orgOf = (p: { a: TestRecord; b: TestRecord }) => (p.a.topology === 'single' ? p.b : p.a)

describe('choosePairs', () => {
  test('pairs an organisation with the single agent of the same task and trial, each trial at most once', () => {
    const pairs = choosePairs(grid, 100, 1)
    expect(pairs).toHaveLength(6)
    for (const p of pairs) {
      expect([p.a.topology, p.b.topology].filter((t) => t === 'single')).toHaveLength(1)
      expect([p.a.task, p.b.task, p.a.trial, p.b.trial]).toEqual([p.task, p.task, p.trial, p.trial])
    }
    expect(new Set(pairs.map((p) => `${p.task}#${p.trial}`)).size).toBe(6)
  })

  describe('no side of an item can be recognised by its text recurring in another item', () => {
    /** The README's example on a run of 8 tasks, the single agent and 6 organisations, 2 trials. */
    const TOPOLOGIES = ['single', 'star', 'pipeline', 'hrm', 'peer_review', 'self_refine', 'self_decompose']
    const run = Array.from({ length: 8 }, (_, t) => `task${t}`).flatMap((task) =>
      TOPOLOGIES.flatMap((topology) => [1, 2].map((trial) => rec(task, topology, trial))),
    )
    const textOf = (r: TestRecord) => (r.deliverable as { text: string }).text
    /** How many items show each text, counted for the single agent's side and for the organisation's. */
    function shownPerArm(pairs: ReturnType<typeof choosePairs>) {
      const items = new Map<string, { single: number; organisation: number }>()
      for (const p of pairs) {
        for (const r of new Set([p.a, p.b].map((x) => textOf(x)))) items.set(r, items.get(r) ?? { single: 0, organisation: 0 })
        for (const r of [p.a, p.b]) items.get(textOf(r))![r.topology === 'single' ? 'single' : 'organisation']++
      }
      return items
    }

    test('--pairs 30 --seed 1: every text is shown in one item only, so how often a text is shown says nothing of its arm', () => {
      const pairs = choosePairs(run, 30, 1)
      expect(pairs).toHaveLength(16)
      const perArm = [...shownPerArm(pairs).values()]
      expect(perArm).toHaveLength(32)
      expect(Math.max(...perArm.map((n) => n.single + n.organisation))).toBe(1)
      for (const seed of [2, 3, 4, 5]) expect(Math.max(...[...shownPerArm(choosePairs(run, 30, seed)).values()].map((n) => n.single + n.organisation))).toBe(1)
    })

    test('a text that recurs in the run, as a deterministic agent gives in every trial, is shown in one item only', () => {
      const repeated = run.map((r) => (r.topology === 'single' ? { ...r, deliverable: { kind: 'markdown' as const, text: `${r.task} single` } } : r))
      const pairs = choosePairs(repeated, 30, 1)
      expect(pairs).toHaveLength(8)
      expect(Math.max(...[...shownPerArm(pairs).values()].map((n) => n.single + n.organisation))).toBe(1)
      // The texts compared are the ones graders see: deliverables that differ only before blinding count as one.
      expect(choosePairs(run, 30, 1, (r) => (r.topology === 'single' ? 'blinded alike' : textOf(r)))).toHaveLength(1)
    })

    test('the organisations share the pairs evenly', () => {
      const perTopology = new Map<string, number>()
      for (const p of choosePairs(run, 30, 1)) perTopology.set(orgOf(p).topology, (perTopology.get(orgOf(p).topology) ?? 0) + 1)
      expect(perTopology.size).toBe(6)
      expect(Math.max(...perTopology.values()) - Math.min(...perTopology.values())).toBeLessThanOrEqual(1)
    })
  })

  describe('never pairs two texts a grader would read as the same', () => {
    /** A record whose deliverable is `text`. */
    const said = (topology: string, trial: number, text: string): TestRecord => ({ ...rec('t1', topology, trial, 'tie'), deliverable: { kind: 'markdown', text } })

    test("an organisation whose text is the single agent's is passed over for one whose text differs", () => {
      const records = [said('single', 1, 'Ship it.'), said('self_refine', 1, 'Ship it.'), said('hrm', 1, 'Ship it.'), said('star', 1, 'Ship it on Monday.')]
      for (const seed of [1, 2, 3, 4, 5]) expect(choosePairs(records, 5, seed).map((p) => orgOf(p).topology)).toEqual(['star'])
    })

    test('a trial whose organisations all wrote what the single agent wrote gives no item', () => {
      const records = [said('single', 1, 'Ship it.'), said('peer_review', 1, 'Ship it.'), said('single', 2, 'Wait.'), said('peer_review', 2, 'Wait a week.')]
      expect(choosePairs(records, 5, 1).map((p) => p.trial)).toEqual([2])
    })

    test('texts that differ only in whitespace count as the same: on the page they read alike', () => {
      const records = [said('single', 1, '# Plan\n\nShip it.\n'), said('hrm', 1, '# Plan\n\n\n  Ship it.  \n\n')]
      expect(choosePairs(records, 5, 1)).toEqual([])
      expect(sameTextKey('# Plan\n\n\n  Ship it.  \n\n')).toBe(sameTextKey('# Plan\n\nShip it.\n'))
      expect(sameTextKey('Ship it.')).not.toBe(sameTextKey('Ship  it!'))
    })

    test('the texts compared are the ones graders see', () => {
      const records = [said('single', 1, 'Ship it, says the Load Auditor.'), said('hrm', 1, 'Ship it, says the Risk Lead.')]
      expect(choosePairs(records, 5, 1)).toHaveLength(1)
      expect(choosePairs(records, 5, 1, (r) => (r.deliverable as { text: string }).text.replace(/the .*\./, 'a role.'))).toEqual([])
    })
  })

  describe('leftOutTrials says why a trial of the run has no item', () => {
    const said = (task: string, topology: string, trial: number, text: string): TestRecord => ({ ...rec(task, topology, trial), deliverable: { kind: 'markdown', text } })

    test('no pair to make, identical texts, a text already shown, or a full packet', () => {
      const records = [
        said('t1', 'single', 1, 'Same every time.'), said('t1', 'star', 1, 'Star one.'),
        said('t1', 'single', 2, 'Same every time.'), said('t1', 'star', 2, 'Star two.'),
        said('t1', 'single', 3, 'Three.'), said('t1', 'star', 3, 'Three. '),
        makeRecord({ task: 't1', topology: 'single', trial: 4, status: 'error' }), said('t1', 'star', 4, 'Star four.'),
        said('t2', 'single', 1, 'Other task.'), said('t2', 'star', 1, 'Other star.'),
      ]
      const chosen = choosePairs(records, 5, 1)
      expect(chosen.map((p) => `${p.task}#${p.trial}`).sort()).toEqual([expect.stringMatching(/^t1#[12]$/), 't2#1'])
      const repeated = chosen.some((p) => p.task === 't1' && p.trial === 1) ? 2 : 1
      expect(leftOutTrials(records, chosen)).toEqual([
        { task: 't1', trial: repeated, reason: 'text shown' },
        { task: 't1', trial: 3, reason: 'identical' },
        { task: 't1', trial: 4, reason: 'no pair' },
      ].sort((x, y) => x.trial - y.trial))
      // Asked for one pair, the trials that could have given another were left out for want of room.
      const first = choosePairs(records, 1, 1)
      expect(leftOutTrials(records, first).map((t) => t.reason)).toContain('packet full')
      expect(leftOutTrials(records, choosePairs(records, 5, 1)).map((t) => t.reason)).not.toContain('packet full')
    })
  })

  test('is stratified: four pairs from two tasks of two organisations are one per task and organisation', () => {
    const cells = choosePairs(grid, 4, 3).map((p) => `${p.task}/${orgOf(p).topology}`)
    expect(cells.sort()).toEqual(['t1/pipeline', 't1/star', 't2/pipeline', 't2/star'])
  })

  test('leaves out trials that errored or have no deliverable, on either side', () => {
    const records = [
      rec('t1', 'single', 1), rec('t1', 'star', 1),
      makeRecord({ task: 't1', topology: 'single', trial: 2, status: 'error' }), rec('t1', 'star', 2),
      rec('t1', 'single', 3), { ...rec('t1', 'star', 3), deliverable: null },
      rec('t1', 'star', 4),
    ]
    expect(choosePairs(records, 10, 1).map((p) => p.trial)).toEqual([1])
  })

  test('the same seed gives the same pairs; the A/B order is a coin flip across seeds', () => {
    const key = (seed: number) => choosePairs(grid, 6, seed).map((p) => `${p.a.topology}:${p.b.topology}:${p.task}:${p.trial}`)
    expect(key(5)).toEqual(key(5))
    const singleFirst = Array.from({ length: 40 }, (_, s) => choosePairs(grid, 6, s).filter((p) => p.a.topology === 'single').length)
    expect(singleFirst.reduce((a, b) => a + b, 0)).toBeGreaterThan(6 * 40 * 0.3)
    expect(singleFirst.reduce((a, b) => a + b, 0)).toBeLessThan(6 * 40 * 0.7)
  })

  test("the judge's pairwise verdict is translated into A/B: a win is the organisation's side, a loss the single agent's", () => {
    for (const [outcome, winner] of [['win', 'star'], ['loss', 'single']] as const) {
      const [p] = choosePairs([rec('t1', 'single', 1), rec('t1', 'star', 1, outcome)], 1, 2)
      expect(p!.judgePreference).toBe(p!.a.topology === winner ? 'A' : 'B')
      expect(p!.judgeOrdersAgreed).toBe(true)
    }
    expect(choosePairs([rec('t1', 'single', 1), rec('t1', 'star', 1, 'tie')], 1, 2)[0]).toMatchObject({ judgePreference: 'tie' })
  })

  test('no verdict, or a verdict against another baseline, is no judge preference', () => {
    const other = rec('t1', 'star', 1, 'win')
    const against = { ...other, scores: { ...other.scores, judge: { ...other.scores.judge!, pairwise: { ...other.scores.judge!.pairwise!, against: 'pipeline' } } } }
    expect(choosePairs([rec('t1', 'single', 1), against], 1, 2)[0]).toMatchObject({ judgePreference: null, judgeOrdersAgreed: null })
    expect(choosePairs([rec('t1', 'single', 1), rec('t1', 'star', 1)], 1, 2)[0]).toMatchObject({ judgePreference: null, judgeOrdersAgreed: null })
  })
})
