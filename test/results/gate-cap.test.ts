import { describe, expect, test } from 'vitest'
import { capNotes, withoutCapStops } from '../../lib/results/gate-cap.js'
import type { GateRun } from '../../lib/results/gate.js'
import { capStopped, makeRecord } from './fixtures.js'

const run = (cases: GateRun['cases']): GateRun => ({ runId: 'r', simulated: true, config: { model: 'm', judgeModel: 'j' }, cases })

describe('cases the dollar cap stopped', () => {
  test('are taken out of the run and counted; other errors stay', () => {
    const other = makeRecord({ trial: 2, status: 'error' })
    const { run: kept, stopped } = withoutCapStops(run([makeRecord({ trial: 1 }), other, capStopped({ trial: 3 })]))
    expect(stopped).toBe(1)
    expect(kept.cases.map((c) => c.trial)).toEqual([1, 2])
  })
  test('a run without any is returned as it is', () => {
    const r = run([makeRecord()])
    expect(withoutCapStops(r)).toEqual({ run: r, stopped: 0 })
  })
  test('a note per side with stopped cases, saying when most of it is not compared', () => {
    expect(
      capNotes([
        { side: 'the baseline', runId: 'b', stopped: 0, total: 10 },
        { side: 'this run', runId: 'c', stopped: 2, total: 10 },
      ]),
    ).toEqual(['the dollar cap stopped 2 of 10 cases of this run c; they are left out of every row and of the error rate (not compared)'])
    expect(capNotes([{ side: 'this run', runId: 'c', stopped: 6, total: 10 }])).toEqual([
      'the dollar cap stopped 6 of 10 cases of this run c; they are left out of every row and of the error rate (not compared): most of this run is not compared, and a PASS speaks only for the 4 cases that ran',
    ])
  })
})
