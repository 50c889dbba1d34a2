import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { readPointer, resultsFileArgument, writePointer } from '../../lib/results/pointer.js'
import { tempDir } from '../support/temp.js'

const pointer = { runId: 'sim-1', file: 'sim-1.json', records: 'sim-1.records.jsonl.gz', status: 'partial' as const, simulated: true }

describe('the LATEST pointer', () => {
  test('names the run file written last, relative to its folder', () => {
    const dir = tempDir()
    writePointer(dir, pointer)
    expect(readPointer(dir)).toEqual({ path: join(dir, 'sim-1.json'), pointer })
    writePointer(dir, { ...pointer, runId: 'sim-2', file: 'sim-2.json' })
    expect(readPointer(dir).pointer.runId).toBe('sim-2')
  })
  test('a folder without one says to run the benchmark first', () => {
    const dir = tempDir()
    expect(() => readPointer(dir)).toThrow(`${join(dir, 'LATEST')}: no run written yet; run the benchmark first`)
  })
  test('a malformed pointer names the field; a path outside the folder is refused', () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'LATEST'), JSON.stringify({ ...pointer, file: '../elsewhere.json' }))
    expect(() => readPointer(dir)).toThrow(`${join(dir, 'LATEST')}: field file: expected a file name ending in .json`)
  })
})

test('a bare LATEST that is no file here stands for the pointer in the results folder; any other name is left as it is', () => {
  expect(resultsFileArgument('LATEST', 'results/runs')).toBe(join('results/runs', 'LATEST'))
  expect(resultsFileArgument('other/LATEST', 'results/runs')).toBe('other/LATEST')
  expect(resultsFileArgument('run.json', 'results/runs')).toBe('run.json')
})
