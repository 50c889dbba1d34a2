import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { calibrationFileProblems, calibrationPath } from '../../lib/tasks/calibration-file.js'
import { PROJECT_ROOT } from '../../lib/tasks/registry.js'
import { tempDir } from '../support/temp.js'

describe('calibrationFileProblems', () => {
  test('none for a task without a calibration file, nor for the calibrated tasks of the project', () => {
    expect(calibrationFileProblems(tempDir(), 'code_review_execution')).toEqual([])
    expect(calibrationFileProblems(join(PROJECT_ROOT, 'fixtures'), 'code_review_execution')).toEqual([])
  })

  test('each field that does not match the format is a problem naming the file and the field', () => {
    const fixtures = tempDir()
    const file = calibrationPath(fixtures, 't')
    mkdirSync(join(fixtures, 'calibration', 't'), { recursive: true })
    writeFileSync(file, JSON.stringify({ runs: [], extra: 1 }))
    expect(calibrationFileProblems(fixtures, 't')).toEqual([
      `${file}: field task: Invalid input: expected string, received undefined`,
      `${file}: field runs: Too small: expected array to have >=1 items`,
      `${file}: field (root): Unrecognized key: "extra"`,
    ])
  })

  test('a score off the 0-100 scale and a deliverable of neither kind are problems saying what was expected', () => {
    const fixtures = tempDir()
    const file = calibrationPath(fixtures, 'code_review_execution')
    const calibration = JSON.parse(readFileSync(calibrationPath(join(PROJECT_ROOT, 'fixtures'), 'code_review_execution'), 'utf8')) as { runs: Array<{ scores: { groundTruth: number }; deliverable: unknown }> }
    calibration.runs[0]!.scores.groundTruth = 170
    calibration.runs[0]!.deliverable = { reviews: 'x' }
    mkdirSync(join(fixtures, 'calibration', 'code_review_execution'), { recursive: true })
    writeFileSync(file, JSON.stringify(calibration))
    expect(calibrationFileProblems(fixtures, 'code_review_execution')).toEqual([
      `${file}: field runs.0.deliverable.kind: Invalid discriminator value. Expected 'markdown' | 'structured'`,
      `${file}: field runs.0.scores.groundTruth: expected a score from 0 to 100, found 170`,
    ])
  })

  test('a file that names another task (copied from its folder) is a problem naming the file, the field and the folder', () => {
    const fixtures = tempDir()
    const copied = readFileSync(calibrationPath(join(PROJECT_ROOT, 'fixtures'), 'code_review_execution'), 'utf8')
    mkdirSync(join(fixtures, 'calibration', 'code_review_hard'), { recursive: true })
    writeFileSync(calibrationPath(fixtures, 'code_review_hard'), copied)
    expect(calibrationFileProblems(fixtures, 'code_review_hard')).toEqual([`${calibrationPath(fixtures, 'code_review_hard')}: field task: expected "code_review_hard" (the folder it lives in), got "code_review_execution"`])
  })
})
