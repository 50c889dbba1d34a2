import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { parseRunFile, readRunFile, ResultsFileError } from '../../lib/results/read.js'
import { stableJson } from '../../lib/results/write.js'
import { makeRun, trials } from './fixtures.js'

const dir = mkdtempSync(join(tmpdir(), 'orgbench-read-'))
const valid = makeRun(trials([70, 80]))

function fileWith(name: string, content: string): string {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

describe('readRunFile', () => {
  test('reads back a file as it was written', () => {
    expect(readRunFile(fileWith('ok.json', stableJson(valid)))).toEqual(valid)
  })
  test('rejects a newer schema version, naming the file and the field', () => {
    const path = fileWith('newer.json', JSON.stringify({ ...valid, schemaVersion: 3 }))
    expect(() => readRunFile(path)).toThrow(ResultsFileError)
    expect(() => readRunFile(path)).toThrow(`${path}: field schemaVersion: 3 is newer than this orgbench reads (2); update orgbench to read this file`)
  })
  test('rejects a malformed field with its path and what was expected', () => {
    const broken = structuredClone(valid) as unknown as { aggregates: Array<{ headline: { mean: unknown } }> }
    broken.aggregates[0]!.headline.mean = 'high'
    expect(() => readRunFile(fileWith('field.json', JSON.stringify(broken)))).toThrow(/field\.json: field aggregates\.0\.headline\.mean: .*expected number/)
  })
  test('rejects text that is not JSON, a non-object and a missing version', () => {
    expect(() => parseRunFile('{"a":', 'x.json')).toThrow(/^x\.json: not valid JSON/)
    expect(() => parseRunFile('[1]', 'x.json')).toThrow('x.json: expected a JSON object (an orgbench results file)')
    expect(() => parseRunFile('{}', 'x.json')).toThrow('x.json: field schemaVersion: expected an integer schema version, found nothing')
  })
  test('names a file that cannot be read', () => {
    expect(() => readRunFile(join(dir, 'missing.json'))).toThrow(/missing\.json: cannot read the results file \(ENOENT\)/)
  })
})
