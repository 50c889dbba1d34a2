import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { collectOutcomes } from '../../lib/ci/collect.js'
import { learningLines } from '../../lib/ci/learning.js'
import { makeRecord, makeRun, writeRunFixture } from '../results/fixtures.js'
import { tempDir } from '../support/temp.js'

const learningRun = () => {
  const run = makeRun([makeRecord({ topology: 'star', headline: 80 })], { runId: 'learn-1', model: 'gpt-x', simulated: false })
  return {
    ...run,
    learning: {
      splits: [],
      retrospectives: [],
      cost: run.totals.spend,
      tasks: [
        { task: 'code_review_execution', version: 'code_review_execution@v2', notWritten: null, evidence: null, lessons: [] },
        { task: 'contract_review_execution', version: null, notWritten: 'ORGBENCH_TOPOLOGIES left out self_refine', evidence: null, lessons: [] },
      ],
    },
  }
}

describe("the learning job's account", () => {
  test('says its run, status and spend, and per task the memory version written or why none', () => {
    const lines = learningLines(learningRun(), true)
    expect(lines[0]).toBe('- learning job: run `learn-1` of gpt-x, complete')
    expect(lines[1]).toMatch(/^- learning job total spend: .* over \d+ calls/)
    expect(lines.slice(2)).toEqual(['- learning job memory: code_review_execution: wrote code_review_execution@v2', '- learning job memory: contract_review_execution: no version (ORGBENCH_TOPOLOGIES left out self_refine)'])
  })

  test('a job the plan left out says nothing; one that ran and left no run says so', () => {
    expect(learningLines(null, false)).toEqual([])
    expect(learningLines(null, true)).toEqual(['- learning job: left no results file (see its log)'])
  })

  test("the overview carries the learning job's run, read from the outcomes folder", async () => {
    const root = tempDir()
    await writeRunFixture(join(root, 'learning', 'learn-1.json'), [makeRecord({ topology: 'star', headline: 80, simulated: false, model: 'gpt-x' })], { runId: 'learn-1', simulated: false, model: 'gpt-x' })
    const options = { links: [], policy: 'auto', notes: [], simulated: false }
    expect(collectOutcomes(root, [], { ...options, learning: true }).overview).toContain('- learning job: run `learn-1` of gpt-x,')
    expect(collectOutcomes(root, [], { ...options, learning: false }).overview).not.toContain('learning job')
  })
})
