import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { hasUnsafeNumber, JournalWriter, journalFiles, latestByCase, linesOf, readJournal, recordLine, sessionOf } from '../../lib/results/journal.js'
import { Secret } from '../../lib/secret.js'
import { UserError } from '../../lib/errors.js'
import { tempDir } from '../support/temp.js'
import { judgedRecord, makeRecord } from './fixtures.js'

const read = (dir: string, options: Parameters<typeof readJournal>[1] = {}) => {
  const warnings: string[] = []
  const entries = [...readJournal(dir, { ...options, warn: (w) => warnings.push(w) })]
  return { entries, warnings, records: entries.map((e) => `${e.record.topology} #${e.record.trial} ${e.record.scores.headline}`) }
}

describe('the run journal', () => {
  test('appends each record as one line in a file of its own, named by session, and reads them back in order', async () => {
    const dir = join(tempDir(), 'journal', 'run-1')
    const writer = new JournalWriter(dir, 2)
    await writer.append(makeRecord({ topology: 'single', trial: 1, headline: 70 }))
    await writer.append(makeRecord({ topology: 'star', trial: 1, headline: 80 }))
    expect(writer.file).toMatch(/^002-\d{13}-\d+-[0-9a-f]{8}\.jsonl$/)
    expect(sessionOf(writer.file!)).toBe(2)
    const text = readFileSync(join(dir, writer.file!), 'utf8')
    expect(text.split('\n')).toHaveLength(3)
    expect(text.endsWith('\n')).toBe(true)
    const { records, warnings } = read(dir)
    expect(records).toEqual(['single #1 70', 'star #1 80'])
    expect(warnings).toEqual([])
  })

  test('a line cut short by a kill is ignored with a warning naming file and line, never read as a result', async () => {
    const dir = tempDir()
    const writer = new JournalWriter(dir, 1)
    await writer.append(makeRecord({ trial: 1 }))
    const line = recordLine(makeRecord({ trial: 2 }))
    appendFileSync(join(dir, writer.file!), line.slice(0, 200))
    const { records, warnings } = read(dir)
    expect(records).toEqual(['single #1 80'])
    expect(warnings).toEqual([`${writer.file}: line 2 is incomplete (200 bytes without a newline, e.g. the run was killed while writing it); ignored`])
  })

  test('a complete but broken line in the middle is skipped with its reason; the lines after it still count', () => {
    const dir = tempDir()
    const name = '001-0000000000001-1-00000000.jsonl'
    const bad = { ...makeRecord({ trial: 2 }), trial: 'two' }
    writeFileSync(join(dir, name), `${recordLine(makeRecord({ trial: 1 }))}{"not json\n${JSON.stringify(bad)}\n${recordLine(makeRecord({ trial: 3 }))}`)
    const { records, warnings } = read(dir)
    expect(records).toEqual(['single #1 80', 'single #3 80'])
    expect(warnings[0]).toBe(`${name}: line 2 is not valid JSON; ignored`)
    expect(warnings[1]).toMatch(new RegExp(`^${name}: line 3 is not a valid record \\(field trial: .*\\); ignored, so the case is missing from the results$`))
  })

  test('an invalid line that still says which case it is names the case', () => {
    const dir = tempDir()
    const name = '001-0000000000001-1-00000000.jsonl'
    const bad = makeRecord({ topology: 'star', trial: 2 })
    bad.cost.org.tokens.prompt = 2 ** 53 + 2
    writeFileSync(join(dir, name), `${JSON.stringify(bad)}\n`)
    expect(read(dir).warnings).toEqual([`${name}: line 1 is not a valid record of task_a × star #2 (field cost.org.tokens.prompt: Too big: expected int to be <=9007199254740991); ignored, so the case is missing from the results`])
  })

  test('a record that breaks the case rules (an errored case with a score, a scored case without its headline) is skipped with the rule it breaks, as the results readers would refuse it', () => {
    const dir = tempDir()
    const name = '001-0000000000001-1-00000000.jsonl'
    const zero = { ...makeRecord({ topology: 'star', trial: 1 }), status: 'error', errors: [] }
    zero.scores = { ...zero.scores, headline: 0 }
    const headless = judgedRecord('star', 2, 80, 10)
    headless.scores = { ...headless.scores, headline: null }
    writeFileSync(join(dir, name), `${JSON.stringify(zero)}\n${JSON.stringify(headless)}\n${recordLine(makeRecord({ trial: 3 }))}`)
    const { records, warnings } = read(dir)
    expect(records).toEqual(['single #3 80'])
    expect(warnings).toEqual([
      `${name}: line 1 is not a valid record of task_a × star #1 (field scores.headline: an errored case has no score: expected null, found 0; field errors: an errored case names its cause: expected at least one error, found none); ignored, so the case is missing from the results`,
      `${name}: line 2 is not a valid record of task_a × star #2 (field scores.headline: a successful case with a judge score has its headline: expected a score from 0 to 100, found null); ignored, so the case is missing from the results`,
    ])
  })

  test('a record that would not read back is refused with an error naming the case and the field, and nothing is written', async () => {
    const dir = tempDir()
    const writer = new JournalWriter(dir, 1)
    const bad = makeRecord({ topology: 'star', trial: 2 })
    bad.cost.org.tokens.prompt = 2 ** 53 + 2
    await expect(writer.append(bad)).rejects.toThrow('task_a × star #2: its record does not validate (field cost.org.tokens.prompt: Too big: expected int to be <=9007199254740991), so it would be dropped from the results; it was not written')
    expect(journalFiles(dir)).toEqual([])
    const zero = { ...makeRecord({ topology: 'star', trial: 4 }), status: 'error' as const, errors: [] }
    zero.scores = { ...zero.scores, headline: 0 }
    await expect(writer.append(zero)).rejects.toThrow('task_a × star #4: its record does not validate (field scores.headline: an errored case has no score: expected null, found 0; field errors: an errored case names its cause: expected at least one error, found none), so it would be dropped from the results; it was not written')
    expect(journalFiles(dir)).toEqual([])
    const nan = makeRecord({ topology: 'star', trial: 3 })
    nan.cost.org.knownUsd = Number.NaN
    await expect(writer.append(nan)).rejects.toThrow('task_a × star #3: its record does not validate (field cost.org.knownUsd')
  })

  test('a record that cannot be written fails its case with one line naming the journal, the case and the cause', async () => {
    const root = tempDir()
    writeFileSync(join(root, 'notes.txt'), '')
    const dir = join(root, 'notes.txt', 'journal')
    const writer = new JournalWriter(dir, 1)
    const record = makeRecord()
    await expect(writer.append(record)).rejects.toThrow(
      new UserError(`${dir}: the record of ${record.task} × ${record.topology} #${record.trial} could not be written to the run journal: a file where a folder was expected (ENOTDIR); the case has no result, and a resume runs it again`),
    )
  })

  test('hasUnsafeNumber finds a number beyond 2^53 or not finite anywhere in a record, and nothing in a valid one', () => {
    expect(hasUnsafeNumber(makeRecord({}))).toBe(false)
    expect(hasUnsafeNumber({ a: [{ b: 2 ** 53 + 2 }] })).toBe(true)
    expect(hasUnsafeNumber({ a: { b: Number.POSITIVE_INFINITY } })).toBe(true)
    expect(hasUnsafeNumber({ a: -(2 ** 53) + 1, b: 'x', c: null })).toBe(false)
  })

  test('lines longer than the read chunk come back whole, at their byte offsets', async () => {
    const dir = tempDir()
    const writer = new JournalWriter(dir, 1)
    const big = makeRecord({ trial: 1 })
    big.deliverable = { kind: 'markdown', text: 'é'.repeat(1_500_000) }
    await writer.append(big)
    await writer.append(makeRecord({ trial: 2 }))
    const { entries } = read(dir)
    expect(entries.map((e) => e.record.trial)).toEqual([1, 2])
    expect(entries[0]!.record.deliverable).toEqual(big.deliverable)
    const bytes = readFileSync(join(dir, writer.file!))
    expect(bytes.subarray(entries[1]!.offset, entries[1]!.offset + entries[1]!.length).toString()).toBe(recordLine(makeRecord({ trial: 2 })).trimEnd())
  })

  test('from an offset, the lines after it come back with their offsets, and a last line without a newline as its size', () => {
    const path = join(tempDir(), 'lines.jsonl')
    writeFileSync(path, 'first\nsecond\nthird\nfour')
    expect([...linesOf(path, 6)].map((i) => ('tail' in i ? i : { offset: i.offset, text: i.bytes.toString() }))).toEqual([
      { offset: 6, text: 'second' },
      { offset: 13, text: 'third' },
      { tail: 4 },
    ])
    expect([...linesOf(path, 24)]).toEqual([])
  })

  test('only journal files are read, sessions and lines can be skipped before parsing', () => {
    const dir = tempDir()
    new JournalWriter(dir, 1).append(makeRecord({ task: 'a', trial: 1 }))
    new JournalWriter(dir, 2).append(makeRecord({ task: 'b', trial: 1 }))
    writeFileSync(join(dir, 'run.json'), '{}')
    writeFileSync(join(dir, '.tmp-1-x'), 'garbage')
    expect(journalFiles(dir)).toHaveLength(2)
    expect(read(dir, { session: (s) => s < 2 }).entries.map((e) => e.record.task)).toEqual(['a'])
    expect(read(dir, { prefilter: (l) => l.includes('"task":"b"') }).entries.map((e) => e.record.task)).toEqual(['b'])
    expect(journalFiles(join(dir, 'missing'))).toEqual([])
  })

  test('keys and tokens are redacted before anything reaches the disk', () => {
    const dir = tempDir()
    const key = new Secret('sk-journal-test-0123456789abcdef')
    const record = makeRecord({ trial: 1 })
    record.errors = [{ stage: 'organisation', kind: 'api', message: `401 for key ${key.reveal()}`, callId: null }]
    record.status = 'error'
    // An errored case has no score (the journal refuses one that has).
    record.scores = { ...record.scores, headline: null }
    new JournalWriter(dir, 1).append(record)
    const text = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8')).join('')
    expect(text).not.toContain(key.reveal())
    expect(text).toContain('[redacted]')
  })
})

describe('latestByCase', () => {
  test('keeps the last record of each case (a re-run replaces the earlier one), reduced by `keep`', () => {
    const dir = tempDir()
    const first = new JournalWriter(dir, 1)
    first.append(makeRecord({ topology: 'single', trial: 1, status: 'error' }))
    first.append(makeRecord({ topology: 'star', trial: 1, headline: 60 }))
    new JournalWriter(dir, 2).append(makeRecord({ topology: 'single', trial: 1, headline: 90 }))
    const latest = latestByCase(readJournal(dir), (e) => `${e.record.status} ${e.record.scores.headline} s${e.session}`)
    expect([...latest.values()].sort()).toEqual(['ok 60 s1', 'ok 90 s2'])
  })
})
