import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { isCaseView } from '../../lib/run/case-view.js'
import { annotateCase, caseNotice, consoleView, excerpt, withoutStack } from '../../lib/run/publish.js'
import { judgedRecord, makeRecord } from '../results/fixtures.js'

describe('what a test shows a person in Vitest UI', () => {
  test('an excerpt is the deliverable on one line, cut with an ellipsis', () => {
    expect(excerpt('# Title\n\n- one\n- two', 240)).toBe('# Title - one - two')
    expect(excerpt('word '.repeat(100), 20)).toBe('word word word word…')
    expect(excerpt('word '.repeat(1000))).toBe(`${'word '.repeat(48).trimEnd()}…`)
  })

  test('a long text gives the excerpt of its whole flattened text, whatever its whitespace', () => {
    const whole = (text: string, chars: number) => {
      const flat = text.replace(/\s+/g, ' ').trim()
      return flat.length <= chars ? flat : `${flat.slice(0, chars - 1).trimEnd()}…`
    }
    let seed = 11
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    const pieces = ['a', 'word', ' ', '  ', '\n\n', '\t', '\u00a0', 'é']
    for (let n = 0; n < 200; n++) {
      const chars = 1 + Math.floor(next() * 300)
      const lead = ' '.repeat(Math.floor(next() * 3000))
      const text = lead + Array.from({ length: Math.floor(next() * 3000) }, () => pieces[Math.floor(next() * pieces.length)]).join('') + ' '.repeat(Math.floor(next() * 3))
      expect(excerpt(text, chars)).toBe(whole(text, chars))
    }
  })
  test('the console view heads the deliverable with the case and its summary, then the judge reasons', () => {
    const base = judgedRecord('star', 1, 80, 1000, 70)
    const record = { ...base, scores: { ...base.scores, judge: { ...base.scores.judge!, dimensions: [{ key: 'accuracy', weight: 1, score: 8, repeats: [8], reason: 'names the root cause' }] } } }
    const text = consoleView(record)
    expect(text.split('\n')[0]).toMatch(/^── task_a × star #1 · score /)
    expect(text.split('\n')[2]).toBe('x'.repeat(1000))
    expect(text.split('\n').slice(-2)).toEqual(['judge 80.0 (sim-judge):', '  accuracy 8.0/10: names the root cause'])
  })
  test('a case without a deliverable says why', () => {
    const failed = makeRecord({ status: 'error' })
    expect(consoleView({ ...failed, deliverable: null }).split('\n')[1]).toMatch(/^\(no deliverable(: .+)?\)$/)
  })
  test('every console view is told apart from other console output, which the terminal keeps', () => {
    const views = [consoleView(judgedRecord('self_refine@star', 3, 80, 10)), consoleView({ ...makeRecord({ status: 'error' }), deliverable: null })]
    for (const view of views) expect(isCaseView(view)).toBe(true)
    for (const other of ['[orgbench] ok task_a × star #1 · score 80.0', '── a heading someone printed', 'plain text']) expect(isCaseView(other)).toBe(false)
  })
})

describe('the annotations of a case', () => {
  const run = { runId: 'sim-20261130T000000Z-abcdef', journalDir: '/tmp/j', session: 1, sessionStartedAt: '2026-11-30T00:00:00.000Z', resumed: false }
  test('the notice is the summary, the judge, an excerpt and where the full record is, a line each', () => {
    const notice = caseNotice(run, judgedRecord('star', 1, 80, 1000), { kept: false, journalFile: 'session-1.jsonl' })
    expect(notice.map((n) => n.type)).toEqual(['orgbench', 'orgbench:judge', 'orgbench:deliverable', 'orgbench:record'])
    const lines = notice.map((n) => n.line)
    expect(lines[0]).toMatch(/^score /)
    expect(lines[1]).toMatch(/^judge 80\.0 \(sim-judge\):/)
    expect(lines[2]).toMatch(/^deliverable \(1,000 chars\): x+…$/)
    expect(lines[3]).toBe('full record (calls, events, deliverable): journal/sim-20261130T000000Z-abcdef/session-1.jsonl; after the run: sim-20261130T000000Z-abcdef.records.jsonl.gz')
  })
  test('a case whose every judgement failed says why on its judge line, in the notice and the console view', () => {
    const base = judgedRecord('star', 1, 80, 1000)
    const record = {
      ...base,
      errors: [{ stage: 'judge' as const, kind: 'api', message: '400 bad request (simulated)', callId: null }],
      scores: { ...base.scores, judge: { ...base.scores.judge!, score: null, dimensions: [], pairwise: { against: 'single', outcome: 'tie' as const, consistent: false, orders: [] } } },
    }
    const line = caseNotice(run, record, { kept: false }).find((n) => n.type === 'orgbench:judge')!.line
    expect(line).toBe('judge failed (sim-judge): api: 400 bad request (simulated) · vs single: tie (orders disagreed)')
    expect(consoleView(record).split('\n').at(-1)).toBe('judge failed (sim-judge): api: 400 bad request (simulated)')
  })

  test('a kept case says so; a failed case has no judge or deliverable line', () => {
    const failed = { ...makeRecord({ status: 'error' }), deliverable: null, scores: { ...makeRecord({ status: 'error' }).scores, judge: null } }
    const notice = caseNotice(run, failed, { kept: true })
    expect(notice.map((n) => n.type)).toEqual(['orgbench', 'orgbench:record'])
    expect(notice[1]!.line).toMatch(/kept from an earlier session of run sim-20261130T000000Z-abcdef/)
  })
  test('a terminal run annotates a case once (three times when a blob report keeps the attachments); a viewer shows each line and the record apart', async () => {
    const journalDir = mkdtempSync(join(tmpdir(), 'orgbench-publish-'))
    try {
      const record = judgedRecord('star', 1, 80, 1000)
      const calls = async (viewer: boolean, attachments = true) => {
        const seen: Array<[string, string, boolean]> = []
        const annotate = (async (message: string, type: string, attachment?: unknown) => void seen.push([message, type, attachment !== undefined])) as never
        await annotateCase(annotate, { ...run, journalDir }, record, { kept: false, viewer, attachments })
        return seen
      }
      expect((await calls(false, false)).map(([m, t, a]) => [m.split('\n').length, t, a])).toEqual([[4, 'orgbench', false]])
      const terminal = await calls(false)
      expect(terminal.map(([m, t, a]) => [m.split('\n').length, t, a])).toEqual([[4, 'orgbench', false], [1, 'orgbench:judge', true], [1, 'orgbench:deliverable', true]])
      // The lines after the first sit under it in Vitest's output of a failed test.
      expect(terminal[0]![0].split('\n').slice(1).map((line) => line.slice(0, 6))).toEqual(['     j', '     d', '     f'])
      const viewer = await calls(true)
      expect(viewer.map(([, t, a]) => [t, a])).toEqual([['orgbench', false], ['orgbench:judge', false], ['orgbench:deliverable', false], ['orgbench:record', false], ['orgbench:judge', true], ['orgbench:deliverable', true], ['orgbench:record', true]])
      // A viewer's download is named after the message, with the content type's extension: judge.json, deliverable.md, record.json.
      expect(viewer.filter(([, , a]) => a).map(([m]) => m)).toEqual(['judge', 'deliverable', 'record'])
    } finally {
      rmSync(journalDir, { recursive: true, force: true })
    }
  })
  test('an annotation is passed through unchanged, without a stack trace captured, and the limit is restored', () => {
    const seen: { args: unknown[]; frames: number }[] = []
    const before = Error.stackTraceLimit
    const annotate = ((...args: unknown[]) => {
      seen.push({ args, frames: (new Error('probe').stack ?? '').split('\n').length - 1 })
      return Promise.resolve({ message: String(args[0]), type: 'notice' })
    }) as never
    void withoutStack(annotate)('hello', 'orgbench')
    expect(seen).toEqual([{ args: ['hello', 'orgbench'], frames: 0 }])
    expect(Error.stackTraceLimit).toBe(before)
    expect(() => withoutStack((() => { throw new Error('boom') }) as never)('x')).toThrow('boom')
    expect(Error.stackTraceLimit).toBe(before)
  })
})
