import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync } from 'node:zlib'
import { describe, expect, test } from 'vitest'
import { compactName, compactRun, isRunFileName, listRunFiles, runIdOfFile } from '../../lib/results/compact.js'
import { openRun, readRunFile, ResultsFileError } from '../../lib/results/read.js'
import type { TestRecord } from '../../lib/results/record.js'
import { stableJson } from '../../lib/results/write.js'
import { tempDir } from '../support/temp.js'
import { makeRecord, trials, writeRunFixture } from './fixtures.js'

async function all(records: AsyncIterable<TestRecord>): Promise<TestRecord[]> {
  const out: TestRecord[] = []
  for await (const r of records) out.push(r)
  return out
}

/** Records with a long deliverable repeated across trials, as real runs have. */
function bulky(): TestRecord[] {
  const text = Array.from({ length: 400 }, (_, i) => `Finding ${i}: the retry loop in billing/charge.ts swallows the error and charges twice.`).join('\n')
  return [1, 2, 3].map((trial) => ({ ...makeRecord({ trial, headline: 70 + trial }), deliverable: { kind: 'markdown', text } }) as TestRecord)
}

describe('compactRun', () => {
  test('writes <name>.json.br and <name>.records.jsonl.br that every reader opens, with the same run and records', async () => {
    const dir = tempDir()
    const records = bulky()
    const original = await writeRunFixture(join(dir, 'run.json'), records, { runId: 'openai-20260105T080000Z-abc123', simulated: false })
    const out = join(dir, 'committed', compactName(original.runId))
    const done = await compactRun(openRun(join(dir, 'run.json')), out)
    expect(done.runPath).toBe(out)
    expect(done.recordsPath).toBe(join(dir, 'committed', 'openai-20260105T080000Z-abc123.records.jsonl.br'))
    const back = openRun(out)
    expect(back.run.records).toEqual({ ...original.records, file: 'openai-20260105T080000Z-abc123.records.jsonl.br' })
    expect({ ...back.run, records: null }).toEqual({ ...original, records: null })
    expect(await all(back.records())).toEqual(records)
    expect(readRunFile(out).cases).toEqual(original.cases)
  })

  test('is much smaller than the plain run file plus gzip records it replaces', async () => {
    const dir = tempDir()
    await writeRunFixture(join(dir, 'run.json'), bulky(), { runId: 'r1', simulated: false })
    const done = await compactRun(openRun(join(dir, 'run.json')), join(dir, 'out', 'r1.json.br'))
    const plain = readFileSync(join(dir, 'run.json')).length + readFileSync(join(dir, 'run.records.jsonl.gz')).length
    expect(done.bytes.run + done.bytes.records).toBeLessThan(plain / 3)
  })

  test('refuses an output name that is not .json.br', async () => {
    const dir = tempDir()
    await writeRunFixture(join(dir, 'run.json'), trials([70]))
    await expect(compactRun(openRun(join(dir, 'run.json')), join(dir, 'x.json'))).rejects.toThrow('must end in .json.br')
  })
})

describe('reading compressed run files', () => {
  test('a .json.br run file that is not brotli is rejected, naming the file', () => {
    const path = join(tempDir(), 'bad.json.br')
    writeFileSync(path, 'not brotli at all')
    expect(() => openRun(path)).toThrow(ResultsFileError)
    expect(() => openRun(path)).toThrow(`${path}: not a readable brotli file`)
  })
  test('a brotli run file holding something else than a run names the file and the field', () => {
    const path = join(tempDir(), 'odd.json.br')
    writeFileSync(path, brotliCompressSync(stableJson({ schemaVersion: 2, runId: 3 })))
    expect(() => openRun(path)).toThrow(`${path}: field runId`)
  })
  test('a records file that is cut short is rejected, naming it', async () => {
    const dir = tempDir()
    await writeRunFixture(join(dir, 'run.json'), bulky(), { runId: 'r2', simulated: false })
    const done = await compactRun(openRun(join(dir, 'run.json')), join(dir, 'r2.json.br'))
    const bytes = readFileSync(done.recordsPath)
    writeFileSync(done.recordsPath, bytes.subarray(0, bytes.length - 10))
    await expect(all(openRun(done.runPath).records())).rejects.toThrow(`${done.recordsPath}: not a readable brotli file`)
  })
})

describe('finding run files in a folder', () => {
  test('plain and compacted run files count; records files, the pointer and temporary files do not', () => {
    expect(['a.json', 'a.json.br', 'a.json.gz'].map(isRunFileName)).toEqual([true, true, true])
    expect(['a.records.jsonl.gz', 'a.records.jsonl.br', 'LATEST', '.tmp-1-2-x', 'schema.txt'].map(isRunFileName)).toEqual([false, false, false, false, false])
    const dir = tempDir()
    for (const n of ['b.json.br', 'b.records.jsonl.br', 'a.json', 'LATEST']) writeFileSync(join(dir, n), '')
    expect(listRunFiles(dir)).toEqual([join(dir, 'a.json'), join(dir, 'b.json.br')])
    expect(listRunFiles(join(dir, 'missing'))).toEqual([])
    expect(runIdOfFile('/x/openai-1.json.br')).toBe('openai-1')
  })
})

