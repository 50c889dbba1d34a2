import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { PROJECT_ROOT } from '../../../lib/tasks/registry.js'
import { cli } from '../../support/cli.js'
import { tempDir } from '../../support/temp.js'

// Scoring and the stored file's format are lib/tasks/calibration.ts's and tested in test/cli/calibrate.test.ts; this is the command's wiring.
const stored = join(PROJECT_ROOT, 'fixtures', 'calibration', 'code_review_execution', 'single-agent.json')

describe('orgbench calibration', () => {
  test('check: every stored deliverable re-scores to its stored scores, exit 0', async () => {
    const r = await cli('calibration', 'check')
    expect(r.err).toBe('')
    expect(r.out).toBe('every stored calibration score matches the current scorers')
    expect(r.code).toBe(0)
  }, 60_000)

  test('record: a deliverable that cannot be read is named with the cause, and nothing is written', async () => {
    const before = readFileSync(stored, 'utf8')
    const missing = join(tempDir(), 'nowhere.json')
    const r = await cli('calibration', 'record', 'code_review_execution', missing, '--model', 'm', '--method', 'one pass')
    expect(r.code).not.toBe(0)
    expect(r.err).toContain(`${missing}: cannot read the deliverable (ENOENT)`)
    expect(readFileSync(stored, 'utf8')).toBe(before)
  })

  test('record: a deliverable that is not the task\'s deliverable is refused before anything is written', async () => {
    const before = readFileSync(stored, 'utf8')
    const file = join(tempDir(), 'reply.json')
    writeFileSync(file, '{"not": "a review"}')
    const r = await cli('calibration', 'record', 'code_review_execution', file, '--model', 'm', '--method', 'one pass')
    expect(r.code).not.toBe(0)
    expect(r.err).toContain(file)
    expect(readFileSync(stored, 'utf8')).toBe(before)
  })

  test('record: --model and --method are required, and an unknown task is named', async () => {
    const file = join(tempDir(), 'd.md')
    writeFileSync(file, '# x')
    expect((await cli('calibration', 'record', 'code_review_execution', file, '--method', 'x')).err).toContain("required option '--model <name>' not specified")
    const unknown = await cli('calibration', 'record', 'no_such_task', file, '--model', 'm', '--method', 'x')
    expect(unknown.code).not.toBe(0)
    expect(unknown.err).toContain('no_such_task')
    expect(existsSync(join(PROJECT_ROOT, 'fixtures', 'calibration', 'no_such_task'))).toBe(false)
  })
})
