import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { describe, expect, test } from 'vitest'
import { writePointer } from '../../lib/results/pointer.js'
import { openRun, parseRunFile, readRunFile, ResultsFileError } from '../../lib/results/read.js'
import { SCHEMA_VERSION, type TestRecord } from '../../lib/results/record.js'
import { writeRun } from '../../lib/results/store.js'
import { summarizeRecord } from '../../lib/results/summary.js'
import { stableJson } from '../../lib/results/write.js'
import { tempDir } from '../support/temp.js'
import { judgedRecord, makeRecord, makeRun, trials, v1File } from './fixtures.js'

const valid = makeRun(trials([70, 80]))

function fileWith(dir: string, name: string, content: string | Buffer): string {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

async function all(records: AsyncIterable<TestRecord>): Promise<TestRecord[]> {
  const out: TestRecord[] = []
  for await (const r of records) out.push(r)
  return out
}

/** A version-2 run written by the real writer into a temporary folder. */
async function written(records: TestRecord[]): Promise<string> {
  const path = join(tempDir(), 'run.json')
  await writeRun(path, (async function* () { yield* records })(), {
    runId: 'run',
    createdAt: '2026-01-01T00:00:00.000Z',
    config: valid.config,
    prices: {},
    commit: null,
    vitest: valid.vitest,
    status: { status: 'complete', reasons: [] },
    sessions: 1,
    warnings: [],
  })
  return path
}

describe('openRun on the version-2 layout', () => {
  test('reads the run file and streams the records back as they were written', async () => {
    const records = trials([70, 80])
    const handle = openRun(await written(records))
    expect(handle.layout).toBe(2)
    expect(handle.run.records.count).toBe(2)
    expect(handle.run.cases).toEqual(records.map(summarizeRecord))
    expect(await all(handle.records())).toEqual(records)
  })

  test('a LATEST pointer opens the run it points at; a pointer under another name is named as one, with the file to pass', async () => {
    const path = await written(trials([70, 80]))
    writePointer(dirname(path), { runId: 'run', file: 'run.json', records: 'run.records.jsonl.gz', status: 'complete', simulated: true })
    const handle = openRun(join(dirname(path), 'LATEST'))
    expect(handle.path).toBe(path)
    expect(await all(handle.records())).toHaveLength(2)
    const copy = fileWith(dirname(path), 'latest.json', readFileSync(join(dirname(path), 'LATEST')))
    expect(() => openRun(copy)).toThrow(new ResultsFileError(`${copy}: this is a pointer to the latest run (run.json), not a results file: pass ${path}`))
  })

  test('a records file that does not match the run file is rejected, naming the file', async () => {
    const path = await written(trials([70, 80]))
    const recordsPath = join(path, '..', 'run.records.jsonl.gz')
    writeFileSync(recordsPath, gzipSync(`${JSON.stringify(makeRecord())}\n`))
    await expect(all(openRun(path).records())).rejects.toThrow(`${recordsPath}: holds 1 records, but the run file says 2`)
  })

  test('a malformed record line is rejected with file, line and field', async () => {
    const path = await written(trials([70]))
    const recordsPath = join(path, '..', 'run.records.jsonl.gz')
    writeFileSync(recordsPath, gzipSync(`${JSON.stringify({ ...makeRecord(), trial: 'one' })}\n`))
    await expect(all(openRun(path).records())).rejects.toThrow(/run\.records\.jsonl\.gz: line 1: field trial: .*expected number/)
  })

  test('a missing records file is named (the run file alone still opens)', async () => {
    const dir = tempDir()
    const path = fileWith(dir, 'alone.json', stableJson(valid))
    expect(openRun(path).run.runId).toBe(valid.runId)
    await expect(all(openRun(path).records())).rejects.toThrow(/records\.jsonl\.gz: cannot read the records file: no such file or folder \(ENOENT\)$/)
  })

  test('a records file that is not gzip is rejected', async () => {
    const path = await written(trials([70]))
    writeFileSync(join(path, '..', 'run.records.jsonl.gz'), 'plain text')
    await expect(all(openRun(path).records())).rejects.toThrow(ResultsFileError)
  })
})

describe('openRun on a version-2 run (before the judge evidence was kept)', () => {
  /** The run written by the current writer, then turned into what version 2 wrote: version 2 everywhere, no `evidence`. */
  async function asVersion2(records: TestRecord[]): Promise<string> {
    const path = await written(records)
    const run = JSON.parse(readFileSync(path, 'utf8'))
    const lines = records.map((r) => {
      const { evidence: _, ...judge } = r.scores.judge!
      return JSON.stringify({ ...r, schemaVersion: 2, scores: { ...r.scores, judge } })
    })
    const text = lines.map((l) => `${l}\n`).join('')
    writeFileSync(join(dirname(path), run.records.file), gzipSync(text))
    writeFileSync(path, JSON.stringify({ ...run, schemaVersion: 2, records: { ...run.records, sha256: createHash('sha256').update(text).digest('hex') } }))
    return path
  }
  test('reads it: records get the current version and evidence null ("not stored"), and the run says so', async () => {
    const records = trials([70, 80], { pairwise: 'win' })
    const handle = openRun(await asVersion2(records))
    expect(handle.run.schemaVersion).toBe(SCHEMA_VERSION)
    expect(handle.version).toBe(2)
    expect(handle.run.warnings.some((w) => w.includes("version-2 results file (run.json): the judge's prompts and raw replies were not stored"))).toBe(true)
    const read = await all(handle.records())
    expect(read.map((r) => [r.schemaVersion, r.scores.judge!.evidence])).toEqual([
      [SCHEMA_VERSION, null],
      [SCHEMA_VERSION, null],
    ])
  })
  test('a current run file whose records are version 2 is refused, naming the line', async () => {
    const path = await asVersion2(trials([70], { pairwise: 'win' }))
    const run = JSON.parse(readFileSync(path, 'utf8'))
    writeFileSync(path, JSON.stringify({ ...run, schemaVersion: SCHEMA_VERSION }))
    await expect(all(openRun(path).records())).rejects.toThrow(/line 1: field schemaVersion/)
  })
})

describe('openRun on a version-1 single file', () => {
  test('upgrades it in memory: same records, summaries computed, status inferred and said so', async () => {
    const records = trials([70, 80])
    const handle = openRun(fileWith(tempDir(), 'old.json', v1File(records)))
    expect(handle.layout).toBe(1)
    expect(handle.run.schemaVersion).toBe(SCHEMA_VERSION)
    expect(handle.run.status).toBe('complete')
    expect(handle.run.cases).toEqual(records.map(summarizeRecord))
    expect(handle.run.aggregates).toEqual(valid.aggregates)
    expect(handle.run.warnings.some((w) => w.includes('version-1 results file'))).toBe(true)
    expect(await all(handle.records())).toEqual(records)
  })

  test('a version-1 file with only errored records is failed', () => {
    const run = openRun(fileWith(tempDir(), 'old.json', v1File(trials([null, null])))).run
    expect(run.status).toBe('failed')
  })

  test('a malformed version-1 file names its field', () => {
    const broken = JSON.parse(v1File(trials([70])))
    broken.records[0].trial = 'one'
    expect(() => readRunFile(fileWith(tempDir(), 'old.json', JSON.stringify(broken)))).toThrow(/old\.json: field records\.0\.trial: .*expected number/)
  })

  test('a file of the current layout that says schemaVersion 1 is named as read as a version-1 file', () => {
    const path = fileWith(tempDir(), 'mislabelled.json', JSON.stringify({ ...valid, schemaVersion: 1 }))
    expect(() => readRunFile(path)).toThrow(`${path}: read as a version-1 results file (schemaVersion 1: every record inside it): field records: `)
  })
})

describe('run file validation', () => {
  test('rejects a newer schema version, naming the file and the field', () => {
    const path = fileWith(tempDir(), 'newer.json', JSON.stringify({ ...valid, schemaVersion: 4 }))
    expect(() => readRunFile(path)).toThrow(ResultsFileError)
    expect(() => readRunFile(path)).toThrow(`${path}: field schemaVersion: 4 is newer than this orgbench reads (3); update orgbench to read this file`)
  })
  test('rejects a malformed field with its path and what was expected', () => {
    const broken = structuredClone(valid) as unknown as { aggregates: Array<{ headline: { mean: unknown } }> }
    broken.aggregates[0]!.headline.mean = 'high'
    expect(() => readRunFile(fileWith(tempDir(), 'field.json', JSON.stringify(broken)))).toThrow(/field\.json: field aggregates\.0\.headline\.mean: .*expected number/)
  })
  test('rejects text that is not JSON, a non-object and a missing version', () => {
    expect(() => parseRunFile('{"a":', 'x.json')).toThrow(/^x\.json: not valid JSON/)
    expect(() => parseRunFile('[1]', 'x.json')).toThrow('x.json: expected a JSON object (an orgbench results file)')
    expect(() => parseRunFile('{}', 'x.json')).toThrow('x.json: field schemaVersion: expected an integer schema version, found nothing')
  })
  test('a file from before the learning loop names the normal memory "on": it reads as "persisted", its name today', () => {
    const old = { ...valid, config: { ...valid.config, memory: 'on' } }
    expect(parseRunFile(JSON.stringify(old), 'old.json').run.config.memory).toBe('persisted')
    expect(parseRunFile(JSON.stringify({ ...valid, config: { ...valid.config, memory: 'off' } }), 'off.json').run.config.memory).toBe('off')
  })
  describe('a case whose numbers cannot be (each edit of a valid file is rejected with its field and what was expected)', () => {
    const mixed = makeRun([...trials([70, 80]), ...trials([null], { topology: 'star' })])
    const edited = (edit: (cases: Array<{ status: string; scores: { headline: number | null }; errors: unknown[] }>) => void) => {
      const copy = structuredClone(mixed) as unknown as { cases: Array<{ status: string; scores: { headline: number | null }; errors: unknown[] }> }
      edit(copy.cases)
      return () => parseRunFile(JSON.stringify(copy), 'run.json')
    }
    test('a headline outside 0-100', () => {
      expect(edited((cs) => (cs[0]!.scores.headline = 250))).toThrow(new ResultsFileError('run.json: field cases.0.scores.headline: expected a score from 0 to 100, found 250'))
      expect(edited((cs) => (cs[0]!.scores.headline = -1))).toThrow('run.json: field cases.0.scores.headline: expected a score from 0 to 100, found -1')
    })
    test('an errored case with a score, or without a cause', () => {
      expect(edited((cs) => (cs[2]!.scores.headline = 0))).toThrow('run.json: field cases.2.scores.headline: an errored case has no score: expected null, found 0')
      expect(edited((cs) => (cs[2]!.errors = []))).toThrow('run.json: field cases.2.errors: an errored case names its cause: expected at least one error, found none')
    })
    test('a successful case whose judge scored it but that has no headline', () => {
      const judged = makeRun([judgedRecord('single', 1, 70, 100, 80)])
      const copy = structuredClone(judged)
      copy.cases[0]!.scores.headline = null
      expect(() => parseRunFile(JSON.stringify(copy), 'run.json')).toThrow('run.json: field cases.0.scores.headline: a successful case with a groundTruth, judge score has its headline: expected a score from 0 to 100, found null')
      expect(parseRunFile(JSON.stringify(judged), 'run.json').run.cases[0]!.scores.headline).toBe(80)
    })
    test('a line of a records file is held to the same rules, naming file and line', async () => {
      const path = await written(trials([70, null]))
      const records = join(dirname(path), openRun(path).run.records.file)
      const lines = gunzipSync(readFileSync(records)).toString('utf8').split('\n')
      const bad = JSON.parse(lines[1]!)
      bad.scores.headline = 0
      lines[1] = JSON.stringify(bad)
      writeFileSync(records, gzipSync(lines.join('\n')))
      await expect(all(openRun(path).records())).rejects.toThrow(`${records}: line 2: field scores.headline: an errored case has no score: expected null, found 0`)
    })
    test('a version-1 file is held to the same rules', () => {
      const broken = JSON.parse(v1File(trials([70, null])))
      broken.records[1].scores.headline = 0
      expect(() => readRunFile(fileWith(tempDir(), 'old.json', JSON.stringify(broken)))).toThrow(/old\.json: field records\.1\.scores\.headline: an errored case has no score/)
    })
  })
  test('names a file that cannot be read, why, and what is expected', () => {
    const dir = tempDir()
    expect(() => readRunFile(join(dir, 'missing.json'))).toThrow(new ResultsFileError(`${join(dir, 'missing.json')}: cannot read the results file: no such file or folder (ENOENT); expected a run file such as results/runs/<run-id>.json`))
    expect(() => readRunFile(dir)).toThrow(new ResultsFileError(`${dir}: cannot read the results file: is a folder, expected a file (EISDIR); expected a run file such as results/runs/<run-id>.json`))
  })
  test('a records file given for its run file is named as such, with the run file to give', () => {
    expect(() => readRunFile('results/runs/sim-x.records.jsonl.gz')).toThrow(new ResultsFileError('results/runs/sim-x.records.jsonl.gz: a records file, not a run file; give the run file beside it (sim-x.json)'))
    expect(() => readRunFile('results/baselines/sim-strong.records.jsonl.br')).toThrow(new ResultsFileError('results/baselines/sim-strong.records.jsonl.br: a records file, not a run file; give the run file beside it (sim-strong.json.br)'))
  })
})
