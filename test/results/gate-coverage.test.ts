import { describe, expect, test } from 'vitest'
import type { GateRow, GateRun } from '../../lib/results/gate.js'
import { cellsApartNotes, failedBaseline, levelsThatCouldNotFail, nothingComparable, statusNotes } from '../../lib/results/gate-coverage.js'

/** A gate row of `level` with `verdict`; the other fields do not matter to what could FAIL. */
const row = (level: GateRow['level'], verdict: GateRow['verdict'], note: string | null = null): GateRow => ({
  metric: 'headline',
  level,
  topology: 'single',
  track: level === 'suite' ? null : 'enterprise',
  task: level === 'cell' ? 'code_review_execution' : null,
  n: 2,
  tasks: 1,
  baseline: 80,
  current: 79,
  change: -1,
  se: null,
  ci: null,
  limit: -5,
  detectable: null,
  p: 1,
  pAdjusted: 1,
  verdict,
  note,
})

/** A run as the gate reads it, with the status its file gives. */
const run = (runId: string, status?: GateRun['status'], statusReasons?: string[]): GateRun => ({ runId, simulated: true, cases: [], config: {} as GateRun['config'], ...(status ? { status } : {}), ...(statusReasons ? { statusReasons } : {}) })

describe('nothingComparable', () => {
  test('with no cell in common: says so, with the cells on each side apart, and how to make the gate work', () => {
    expect(nothingComparable(0, 3, 2)).toBe('the runs have no task × topology cell in common (3 only in the baseline, 2 only in this run). Gate a run with at least 2 trials per cell, or at least 2 tasks in common with the baseline')
  })

  test('with cells in common: says none has two trials on each side and no topology has two tasks in common', () => {
    expect(nothingComparable(4, 0, 1)).toBe('none of the 4 task × topology cells in common has two trials on each side, and no topology has two tasks in common for a suite or track row (0 only in the baseline, 1 only in this run). Gate a run with at least 2 trials per cell, or at least 2 tasks in common with the baseline')
  })
})

describe('levelsThatCouldNotFail', () => {
  test('names each level whose rows all SKIP, with its row count and their distinct reasons, in the order the levels first appear', () => {
    const rows = [
      row('suite', 'PASS'),
      row('cell', 'SKIP', 'one trial on a side'),
      row('track', 'SKIP', 'one task in common'),
      row('cell', 'SKIP', 'one trial on a side'),
      row('cell', 'SKIP'),
    ]
    expect(levelsThatCouldNotFail(rows)).toEqual(['no cell row could FAIL (3 rows: one trial on a side; not tested)', 'no track row could FAIL (1 rows: one task in common)'])
  })

  test('a level with any row that could FAIL (PASS, WARN or FAIL) is not named; no rows, no notes', () => {
    expect(levelsThatCouldNotFail([row('cell', 'SKIP', 'x'), row('cell', 'WARN')])).toEqual([])
    expect(levelsThatCouldNotFail([row('cell', 'FAIL'), row('suite', 'PASS')])).toEqual([])
    expect(levelsThatCouldNotFail([])).toEqual([])
  })
})

describe('failedBaseline', () => {
  test('a failed baseline: names it and its reasons, and how to replace it', () => {
    expect(failedBaseline(run('base-1', 'failed', ['every case errored', 'dollar cap reached']))).toBe('the baseline base-1 has status failed: every case errored; dollar cap reached. Every row would compare against errors: make a run that succeeded the baseline (--update-baseline --current <file>)')
    expect(failedBaseline(run('base-2', 'failed', []))).toBe('the baseline base-2 has status failed. Every row would compare against errors: make a run that succeeded the baseline (--update-baseline --current <file>)')
  })

  test('any other status, or none recorded (an older run file), is no problem', () => {
    expect(failedBaseline(run('b', 'complete'))).toBeNull()
    expect(failedBaseline(run('b', 'partial', ['filtered']))).toBeNull()
    expect(failedBaseline(run('b'))).toBeNull()
  })
})

describe('statusNotes', () => {
  test('a partial side: its cells it lacks are not compared; a failed current run: only its errors are compared', () => {
    expect(statusNotes(run('base-1', 'partial', ['filtered by ORGBENCH_TASKS=a']), run('cur-1', 'failed', ['dollar cap reached']))).toEqual([
      'the baseline base-1 has status partial (filtered by ORGBENCH_TASKS=a): cells it lacks are not compared',
      'this run cur-1 has status failed (dollar cap reached): only its errors can be compared',
    ])
    expect(statusNotes(run('base-1', 'complete'), run('cur-1', 'partial'))).toEqual(['this run cur-1 has status partial: cells it lacks are not compared'])
  })

  test('two complete runs, or runs without a status, have no note', () => {
    expect(statusNotes(run('a', 'complete'), run('b'))).toEqual([])
  })
})

const cells = (...keys: string[]) => new Set(keys.map((k) => k.replace(' × ', '\u0000')))
const none = { base: new Set<string>(), current: new Set<string>() }

describe('cells the runs do not share', () => {
  test('one note per task, not per cell: a task this run left out is named once', () => {
    const base = cells('a × single', 'a × star', 'b × single', 'b × star', 'b × hrm')
    expect(cellsApartNotes(base, cells('a × single', 'a × star'), none)).toEqual(['b: not in this run, none of its 3 topologies compared'])
  })
  test('topologies missing from a task both runs have are listed under that task, and a single one by name', () => {
    const base = cells('a × single', 'a × star', 'a × hrm', 'b × single', 'b × star')
    expect(cellsApartNotes(base, cells('a × single', 'b × single', 'b × pipeline'), none)).toEqual([
      'a × 2 topologies (hrm, star): in the baseline but not in this run (not compared)',
      'b × star: in the baseline but not in this run (not compared)',
      'b × pipeline: new in this run, no baseline (not compared)',
    ])
  })
  test('a cell whose every trial the dollar cap stopped says so rather than that the run lacks it', () => {
    const base = cells('a × single', 'a × star', 'a × hrm')
    expect(cellsApartNotes(base, cells('a × single'), { base: new Set(), current: cells('a × star') })).toEqual([
      'a × star: every trial stopped by the dollar cap in this run (not compared)',
      'a × hrm: in the baseline but not in this run (not compared)',
    ])
  })
})
