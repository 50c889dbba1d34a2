import { describe, expect, test } from 'vitest'
import { memoryText } from '../../lib/results/memory-text.js'
import { renderRunSummary } from '../../lib/results/render.js'
import { makeRecord, makeRun } from './fixtures.js'

const cases = (...versions: Array<string | undefined>) => versions.map((memoryVersion) => (memoryVersion === undefined ? {} : { memoryVersion }))

describe('the memory setting as a run header says it', () => {
  test('persisted memory names the learned versions its cases read, or says they read only the defaults', () => {
    expect(memoryText('persisted', cases('code_review_execution@v1', 'code_review_execution@v1'))).toBe('persisted (code_review_execution@v1)')
    expect(memoryText('persisted', cases('default', 'code_review_execution@v2', 'contract_review_execution@v10'))).toBe('persisted (code_review_execution@v2, contract_review_execution@v10; defaults elsewhere)')
    expect(memoryText('persisted', cases('default', 'default'))).toBe('persisted (defaults: nothing learned)')
  })
  test('other settings, and files whose cases record no version, are said as they are', () => {
    expect(memoryText('default', cases('default'))).toBe('default')
    expect(memoryText('off', cases('off'))).toBe('off')
    expect(memoryText('persisted', cases(undefined))).toBe('persisted')
  })
})

test("the run summary's header says which learned version the run read", () => {
  const run = makeRun([makeRecord({ topology: 'single' }), makeRecord({ topology: 'star' })])
  const read = { ...run, config: { ...run.config, memory: 'persisted' }, cases: run.cases.map((c) => ({ ...c, memoryVersion: `${c.task}@v3` })) }
  expect(renderRunSummary(read, 'run.json')).toContain(`· memory persisted (${run.cases[0]!.task}@v3)\n`)
})
