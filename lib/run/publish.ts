import { writeFileSync } from 'node:fs'
import { withPath } from '../fs-errors.js'
import { makeFolder } from '../make-folder.js'
import { join } from 'node:path'
import type { RunnerTask, TestContext } from 'vitest'
import { deliverableText } from '../eval/score.js'
import { JournalWriter } from '../results/journal.js'
import type { TestRecord } from '../results/record.js'
import { summaryLine } from '../results/summary-line.js'
import { caseMeta } from '../results/summary.js'
import { caseViewHead } from './case-view.js'
import type { RunContext } from './run-context.js'
import { thousands } from '../text.js'

/** One journal file per worker module instance and session: its only writer. */
let writer: { key: string; journal: JournalWriter } | null = null

function writerFor(run: RunContext): JournalWriter {
  const key = `${run.journalDir}\u0000${run.session}`
  if (writer?.key !== key) writer = { key, journal: new JournalWriter(run.journalDir, run.session) }
  return writer.journal
}

/**
 * Makes a finished case's record durable and visible: appends the full record to the run journal
 * (on disk before this returns; unless it was kept from an earlier session and is already there)
 * and puts its compact summary in the test's meta for the reporter. Throws when the journal
 * cannot be written: the test then fails rather than lose its record.
 */
export async function recordCase(task: RunnerTask, run: RunContext, record: TestRecord, options: { kept: boolean }): Promise<void> {
  if (!options.kept) await writerFor(run).append(record)
  task.meta.orgbench = caseMeta(run.runId, record)
}

/**
 * Writes an attachment's body to a file in the run's journal folder and returns the attachment by
 * path: Vitest copies the file to its attachments folder and keeps only the path in memory (inline
 * bodies would stay in the main process for the whole run, tens of KB per test).
 */
function attachment(run: RunContext, record: TestRecord, kind: string, extension: string, contentType: string, body: string) {
  const dir = join(run.journalDir, 'attachments')
  const path = join(dir, `${record.task}.${record.topology}.${record.trial}.${kind}.${extension}`)
  try {
    makeFolder(dir)
    writeFileSync(path, body)
  } catch (e) {
    throw withPath(e, path)
  }
  return { path, contentType }
}

/** A deliverable's first characters on one line, for an annotation. */
export function excerpt(text: string, chars = 240): string {
  // Only the opening is shown: a prefix that flattens to at least chars + 2 characters gives the
  // same excerpt as the whole text (its flattened form opens the whole's; trimming the end of the
  // whole removes one space at most), without flattening tens of KB.
  for (let take = Math.max(4 * chars, 1024); take < text.length; take *= 4) {
    const flat = text.slice(0, take).replace(/\s+/g, ' ').trimStart()
    if (flat.length >= chars + 2) return `${flat.slice(0, chars - 1).trimEnd()}…`
  }
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length <= chars ? flat : `${flat.slice(0, chars - 1).trimEnd()}…`
}

/** "judge 80.0 (sim-judge):", or, when every judgement failed, "judge failed (sim-judge): <the judge's first error>". */
function judgeHead(record: TestRecord, judge: NonNullable<TestRecord['scores']['judge']>): string {
  if (judge.score !== null) return `judge ${judge.score.toFixed(1)} (${judge.model}):`
  const error = record.errors.find((e) => e.stage === 'judge')
  return `judge failed (${judge.model}): ${error ? `${error.kind}: ${error.message}` : 'no judgement succeeded'}`
}

/** What a test prints to its own console in a viewer, so Vitest UI's Console tab shows the deliverable in full. */
export function consoleView(record: TestRecord): string {
  const head = caseViewHead(record.task, record.topology, record.trial, summaryLine(record))
  if (!record.deliverable) return `${head}\n(no deliverable${record.errors[0] ? `: ${record.errors[0].stage}: ${record.errors[0].kind}: ${record.errors[0].message}` : ''})`
  const judge = record.scores.judge
  const reasons = judge ? ['', judgeHead(record, judge), ...judge.dimensions.map((d) => `  ${d.key} ${d.score.toFixed(1)}/10: ${d.reason}`)] : []
  return [head, '', deliverableText(record.deliverable), ...reasons].join('\n')
}

/**
 * An annotate that captures no stack trace. Vitest takes one per annotation to point at the line
 * of the test file that annotated; a benchmark test's body is in lib/run/bench-task.ts, not in its
 * test file, so the lookup never finds that line and the location stays empty either way.
 */
export function withoutStack(annotate: TestContext['annotate']): TestContext['annotate'] {
  return ((...args: Parameters<TestContext['annotate']>) => {
    const limit = Error.stackTraceLimit
    Error.stackTraceLimit = 0
    try {
      return annotate(...args)
    } finally {
      Error.stackTraceLimit = limit
    }
  }) as TestContext['annotate']
}

/**
 * The case in a few lines: the summary, the judge's verdict, an excerpt of the deliverable and
 * where the full record is.
 */
export function caseNotice(run: RunContext, record: TestRecord, options: { kept: boolean; viewer?: boolean; journalFile?: string }): Array<{ type: string; line: string }> {
  const lines = [{ type: 'orgbench', line: summaryLine(record) }]
  const judge = record.scores.judge
  if (judge) {
    const dims = judge.dimensions.map((d) => `${d.key} ${d.score.toFixed(1)}/10`).join(', ')
    const pair = judge.pairwise ? ` · vs ${judge.pairwise.against}: ${judge.pairwise.outcome}${judge.pairwise.consistent ? '' : ' (orders disagreed)'}` : ''
    lines.push({ type: 'orgbench:judge', line: `${judgeHead(record, judge)}${dims === '' ? '' : ` ${dims}`}${pair}` })
  }
  if (record.deliverable) {
    const text = deliverableText(record.deliverable)
    lines.push({ type: 'orgbench:deliverable', line: `deliverable (${thousands(text.length)} chars${options.viewer ? ', in full in the Console tab' : ''}): ${excerpt(text)}` })
  }
  const where = options.kept ? `kept from an earlier session of run ${run.runId}` : `journal/${run.runId}/${options.journalFile ?? '?'}`
  lines.push({ type: 'orgbench:record', line: `full record (calls, events, deliverable): ${options.viewer ? 'record.json below; ' : ''}${where}; after the run: ${run.runId}.records.jsonl.gz` })
  return lines
}

/**
 * The test's annotations: the case in a few lines (caseNotice), and, where something shows them,
 * short-named attachments: judge.json and deliverable.md or .json. In a viewer (Vitest UI, the
 * HTML report) each line is its own notice and record.json is attached too, with the deliverable
 * printed in full to the test's console. In a terminal run, where Vitest prints annotations only
 * under a failed test, the lines are one notice. Each annotation is a round trip to Vitest's main
 * process that also flushes the worker's pending task updates: at six per case they took about a
 * tenth of a simulated suite's CPU.
 */
export async function annotateCase(annotateWithStack: TestContext['annotate'], run: RunContext, record: TestRecord, options: { kept: boolean; viewer?: boolean; attachments?: boolean }): Promise<void> {
  const annotate = withoutStack(annotateWithStack)
  const notice = caseNotice(run, record, { ...options, journalFile: writer?.journal.file ?? undefined })
  if (options.viewer) for (const { type, line } of notice) await annotate(line, type)
  // Continuation lines are indented to sit under the first, after Vitest's "   ↳ " under a failed test.
  else await annotate(notice.map((n) => n.line).join('\n     '), 'orgbench')
  if (options.attachments === false) return
  const judge = record.scores.judge
  // The viewers name a downloaded attachment after the annotation's message, with the extension of
  // its content type ("judge" and application/json: judge.json); a dot in the message becomes "-".
  if (judge) await annotate('judge', 'orgbench:judge', attachment(run, record, 'judge', 'json', 'application/json', JSON.stringify(judge, null, 2)))
  if (record.deliverable) {
    const text = deliverableText(record.deliverable)
    const structured = record.deliverable.kind === 'structured'
    await annotate('deliverable', 'orgbench:deliverable', structured ? attachment(run, record, 'deliverable', 'json', 'application/json', text) : attachment(run, record, 'deliverable', 'md', 'text/markdown', text))
  }
  if (options.viewer) await annotate('record', 'orgbench:record', attachment(run, record, 'record', 'json', 'application/json', JSON.stringify(record, null, 2)))
}
