import { describe, expect, test } from 'vitest'
import { GRADE_COLUMNS, GraderItem, GraderPacket, KeyFile, KeyItem, Preference } from '../../lib/human/schema.js'

const side = (topology: string) => ({ topology, judgeScores: { correctness: 7 }, length: 1200 })
const item = { id: 'h001', task: 'contract_review', trial: 1, a: side('star'), b: side('single'), judgePreference: 'A' as const, judgeOrdersAgreed: true }
const key = { kind: 'orgbench-human-key', version: 1, exportId: 'exp-1', runId: 'run-1', simulated: false, judgeModel: 'j', seed: 7, rubric: { contract_review: ['correctness'] }, items: [item] }

describe('KeyItem', () => {
  test('an item id is h and at least three digits', () => {
    expect(KeyItem.safeParse(item).success).toBe(true)
    expect(KeyItem.safeParse({ ...item, id: 'h1234' }).success).toBe(true)
    for (const id of ['h01', 'H001', 'item-1']) expect(KeyItem.safeParse({ ...item, id }).success, id).toBe(false)
  })

  test('a side has a length in whole characters, not negative, and judge scores or null', () => {
    expect(KeyItem.safeParse({ ...item, a: { ...side('star'), judgeScores: null } }).success).toBe(true)
    expect(KeyItem.safeParse({ ...item, a: { ...side('star'), length: -1 } }).success).toBe(false)
    expect(KeyItem.safeParse({ ...item, a: { ...side('star'), length: 10.5 } }).success).toBe(false)
  })
})

describe('KeyFile', () => {
  test('is an orgbench human key of version 1 with at least one item and one rubric dimension per task', () => {
    expect(KeyFile.parse(key)).toEqual(key)
    expect(KeyFile.safeParse({ ...key, kind: 'orgbench-human-agreement' }).success).toBe(false)
    expect(KeyFile.safeParse({ ...key, version: 2 }).success).toBe(false)
    expect(KeyFile.safeParse({ ...key, items: [] }).success).toBe(false)
    expect(KeyFile.safeParse({ ...key, rubric: { contract_review: [] } }).success).toBe(false)
  })
})

describe('what graders see', () => {
  test("an item is strict: a deliverable's topology cannot travel with it to the graders", () => {
    expect(GraderItem.safeParse({ id: 'h001', task: 'contract_review', trial: 1, a: 'text A', b: 'text B' }).success).toBe(true)
    expect(GraderItem.safeParse({ id: 'h001', task: 'contract_review', a: 'text A', b: 'text B', topology: 'star' }).error?.issues[0]?.code).toBe('unrecognized_keys')
  })

  test('the packet fixes the scale at 0 to 10', () => {
    const packet = { exportId: 'exp-1', scale: { min: 0, max: 10 }, tasks: [{ id: 'contract_review', title: 'Contract review', prompt: 'Review it.', rubric: [{ key: 'correctness', description: 'right' }] }], items: [] }
    expect(GraderPacket.safeParse(packet).success).toBe(true)
    expect(GraderPacket.safeParse({ ...packet, scale: { min: 1, max: 5 } }).success).toBe(false)
    expect(GraderPacket.safeParse({ ...packet, simulated: { agents: true, judge: false } }).success).toBe(true)
  })
})

test('a preference is A, B or a tie; a grades file has its columns in a fixed order', () => {
  expect(Preference.options).toEqual(['A', 'B', 'tie'])
  expect(GRADE_COLUMNS).toEqual(['export', 'grader', 'item', 'target', 'dimension', 'value'])
})
