import { describe, expect, test } from 'vitest'
import { compiledTestRecord, parseTestRecord, TestRecord } from '../../lib/results/record.js'
import { judgedRecord, makeRecord } from './fixtures.js'

/** A record as it comes back from a journal or records file: plain JSON. */
const asRead = (r: unknown) => JSON.parse(JSON.stringify(r)) as Record<string, unknown>

describe('parseTestRecord (the compiled TestRecord)', () => {
  test('is compiled once and kept', () => {
    expect(compiledTestRecord()).toBe(compiledTestRecord())
    expect(compiledTestRecord()).not.toBe(TestRecord)
  })

  test('gives valid records back exactly as TestRecord does: unknown keys dropped, defaults filled, same key order', () => {
    const records = [makeRecord({ trial: 1 }), makeRecord({ trial: 2, judgeFailed: true }), judgedRecord('star', 1, 72, 1800, 64)].map(asRead)
    const judged = records[2]!.scores as { judge: Record<string, unknown> }
    delete judged.judge.blindRules
    records[0]!.unexpected = 'dropped'
    for (const raw of records) {
      const compiled = parseTestRecord(raw)
      const runtime = TestRecord.safeParse(raw)
      expect(compiled.success).toBe(true)
      expect(JSON.stringify(compiled.data)).toBe(JSON.stringify(runtime.data))
    }
    expect(parseTestRecord(records[0]).data).not.toHaveProperty('unexpected')
    expect((parseTestRecord(records[2]).data!.scores.judge as { blindRules: unknown }).blindRules).toEqual({})
  })

  test('rejects what TestRecord rejects, with the same issues', () => {
    const breakages: Array<(r: Record<string, unknown>) => void> = [
      (r) => (r.trial = 0),
      (r) => delete r.scores,
      (r) => (r.schemaVersion = 2),
      (r) => (r.deliverable = { kind: 'other' }),
      (r) => ((r.cost as { org: { calls: unknown } }).org.calls = 1.5),
    ]
    for (const breakIt of breakages) {
      const raw = asRead(makeRecord())
      breakIt(raw)
      const compiled = parseTestRecord(raw)
      expect(compiled.success).toBe(false)
      expect(compiled.error!.issues).toEqual(TestRecord.safeParse(raw).error!.issues)
    }
  })
})
