import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { UserError } from '../../lib/errors.js'
import type { KeyFile } from '../../lib/human/schema.js'
import { agreementsForRun, agreementsIn, HUMAN_DIR, readAgreementFile, readKeyFile } from '../../lib/human/store.js'
import { computeAgreement } from '../../lib/human/validation.js'
import { tempDir } from '../support/temp.js'

const key = (exportId = 'e1', runId = 'run-1'): KeyFile => ({
  kind: 'orgbench-human-key',
  version: 1,
  exportId,
  runId,
  simulated: true,
  judgeModel: 'sim-judge',
  seed: 7,
  rubric: { task_a: ['accuracy'] },
  items: [{ id: 'h001', task: 'task_a', trial: 1, a: { topology: 'single', judgeScores: { accuracy: 6 }, length: 900 }, b: { topology: 'star', judgeScores: { accuracy: 8 }, length: 1400 }, judgePreference: 'B', judgeOrdersAgreed: true }],
})
const agreement = (exportId: string, runId: string) => computeAgreement(key(exportId, runId), [{ grader: 'ada', item: 'h001', preference: 'B', scores: { A: { accuracy: 5 }, B: { accuracy: 9 } } }])

/** Writes `content` (JSON unless a string) to `dir/name` and returns its path. */
function file(dir: string, name: string, content: unknown): string {
  const path = join(dir, name)
  mkdirSync(join(path, '..'), { recursive: true })
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content))
  return path
}

/** The UserError `read` throws, as its message. */
function failure(read: () => unknown): string {
  try {
    read()
  } catch (e) {
    expect(e).toBeInstanceOf(UserError)
    return (e as Error).message
  }
  throw new Error('expected a UserError')
}

describe('readKeyFile', () => {
  test('reads a key file as the export wrote it', () => {
    const path = file(tempDir(), 'key.json', key())
    expect(readKeyFile(path)).toEqual(key())
  })

  test('a missing or unparseable file names the file, what it should be and why it cannot be read', () => {
    const dir = tempDir()
    expect(failure(() => readKeyFile(join(dir, 'none.json')))).toBe(`${join(dir, 'none.json')}: cannot read the key file of a human-grading export (ENOENT)`)
    const broken = file(dir, 'broken.json', '{"kind": ')
    expect(failure(() => readKeyFile(broken))).toMatch(new RegExp(`^${broken}: cannot read the key file of a human-grading export \\(.*JSON.*\\)$`))
  })

  test('an invalid key names the file and every bad field, at most five', () => {
    const dir = tempDir()
    const { items: _, ...noItems } = key()
    expect(failure(() => readKeyFile(file(dir, 'a.json', { ...noItems, kind: 'orgbench-human-grades' })))).toBe(
      [`${join(dir, 'a.json')}: field kind: Invalid input: expected "orgbench-human-key"`, `${join(dir, 'a.json')}: field items: Invalid input: expected array, received undefined`].join('\n'),
    )
    expect(failure(() => readKeyFile(file(dir, 'b.json', [])))).toBe(`${join(dir, 'b.json')}: field (root): Invalid input: expected object, received array`)
    expect(failure(() => readKeyFile(file(dir, 'c.json', {}))).split('\n')).toHaveLength(5)
  })
})

describe('readAgreementFile', () => {
  test('reads an agreement file as the import wrote it, and names the file and field of a bad one', () => {
    const dir = tempDir()
    expect(readAgreementFile(file(dir, 'agreement.json', agreement('e1', 'run-1')))).toEqual(agreement('e1', 'run-1'))
    expect(failure(() => readAgreementFile(file(dir, 'old.json', { ...agreement('e1', 'run-1'), version: 2 })))).toBe(`${join(dir, 'old.json')}: field version: Invalid input: expected 1`)
    expect(failure(() => readAgreementFile(join(dir, 'none.json')))).toBe(`${join(dir, 'none.json')}: cannot read a judge–human agreement file (ENOENT)`)
  })
})

describe('agreementsForRun', () => {
  test('lives in results/human by default', () => {
    expect(HUMAN_DIR).toBe(join('results', 'human'))
  })

  test('no folder yet: no agreements', () => {
    expect(agreementsForRun('run-1', join(tempDir(), 'human'))).toEqual([])
  })

  test("the run's agreement files, one per export folder, by export id; other runs' and folders without one are left out", () => {
    const dir = tempDir()
    file(dir, 'e2/agreement.json', agreement('e2', 'run-1'))
    file(dir, 'e1/agreement.json', agreement('e1', 'run-1'))
    file(dir, 'e3/agreement.json', agreement('e3', 'run-2'))
    file(dir, 'e4/key.json', key('e4'))
    file(dir, 'e5/sub/agreement.json', agreement('e5', 'run-1'))
    expect(agreementsForRun('run-1', dir).map((a) => a.exportId)).toEqual(['e1', 'e2'])
    expect(agreementsForRun('run-2', dir)).toEqual([agreement('e3', 'run-2')])
  })

  test('an export folder itself (human export --out <dir>) is read too', () => {
    const dir = tempDir()
    file(dir, 'agreement.json', agreement('e0', 'run-1'))
    file(dir, 'e1/agreement.json', agreement('e1', 'run-1'))
    expect(agreementsForRun('run-1', dir).map((a) => a.exportId)).toEqual(['e0', 'e1'])
  })
})

describe('agreementsIn', () => {
  test('every folder given, for every run given, each export once', () => {
    const dir = tempDir()
    file(dir, 'exports/e1/agreement.json', agreement('e1', 'run-1'))
    file(dir, 'exports/e2/agreement.json', agreement('e2', 'run-2'))
    file(dir, 'elsewhere/agreement.json', agreement('e3', 'run-1'))
    const dirs = [join(dir, 'exports'), join(dir, 'elsewhere'), join(dir, 'exports', 'e1'), join(dir, 'missing')]
    expect(agreementsIn(dirs, ['run-1', 'run-2']).map((a) => a.exportId)).toEqual(['e1', 'e2', 'e3'])
  })

  test("a malformed agreement file of a reported run is an error naming it; another run's is not read", () => {
    const dir = tempDir()
    file(dir, 'e1/agreement.json', agreement('e1', 'run-1'))
    file(dir, 'e2/agreement.json', { kind: 'orgbench-human-agreement', runId: 'run-2' })
    expect(agreementsIn([dir], ['run-1']).map((a) => a.exportId)).toEqual(['e1'])
    expect(failure(() => agreementsIn([dir], ['run-1', 'run-2']))).toMatch(new RegExp(`^${join(dir, 'e2', 'agreement.json')}: field version: `))
  })

  test('a file cut short is read as far as its run id: of another run it is not read, of a reported run it is an error naming it', () => {
    const dir = tempDir()
    file(dir, 'e1/agreement.json', agreement('e1', 'run-1'))
    const { runId, ...rest } = agreement('e2', 'run-2')
    file(dir, 'e2/agreement.json', JSON.stringify({ runId, ...rest }).slice(0, 200))
    const warnings: string[] = []
    expect(agreementsIn([dir], ['run-1'], (m) => warnings.push(m)).map((a) => a.exportId)).toEqual(['e1'])
    expect(warnings).toEqual([])
    expect(failure(() => agreementsIn([dir], ['run-2']))).toMatch(new RegExp(`^${join(dir, 'e2', 'agreement.json')}: cannot read a judge–human agreement file \\(.*JSON.*\\)$`))
  })

  test("a file whose run cannot be told is left out with a warning naming it, once, and the report's own agreements are still read", () => {
    const dir = tempDir()
    file(dir, 'e1/agreement.json', agreement('e1', 'run-1'))
    // Cut before its run id, which comes last.
    const { runId, ...rest } = agreement('e2', 'run-2')
    const broken = file(dir, 'e2/agreement.json', JSON.stringify({ ...rest, runId }).slice(0, 120))
    file(dir, 'e3/agreement.json', { kind: 'orgbench-human-agreement' })
    const warnings: string[] = []
    expect(agreementsIn([dir, dir], ['run-1', 'run-3'], (m) => warnings.push(m)).map((a) => a.exportId)).toEqual(['e1'])
    expect(warnings).toHaveLength(2)
    expect(warnings[0]).toMatch(new RegExp(`^${broken}: cannot read a judge–human agreement file \\(.*JSON.*\\), nor tell its run: left out$`))
    expect(warnings[1]).toBe(`${join(dir, 'e3', 'agreement.json')}: cannot read a judge–human agreement file (no run id), nor tell its run: left out`)
  })
})
