import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { RunnerTask, TestContext } from 'vitest'
import { deliverableText } from '../eval/score.js'
import { JournalWriter } from '../results/journal.js'
import type { TestRecord } from '../results/record.js'
import { summaryLine } from '../results/summary-line.js'
import { caseMeta } from '../results/summary.js'
import type { RunContext } from './run-context.js'

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
  mkdirSync(dir, { recursive: true })
  const path = join(dir, `${record.task}.${record.topology}.${record.trial}.${kind}.${extension}`)
  writeFileSync(path, body)
  return { path, contentType }
}

/** A deliverable's first characters on one line, for an annotation. */
export function excerpt(text: string, chars = 240): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length <= chars ? flat : `${flat.slice(0, chars - 1).trimEnd()}…`
}

/** What a test prints to its own console in a viewer, so Vitest UI's Console tab shows the deliverable in full. */
export function consoleView(record: TestRecord): string {
  const head = `── ${record.task} × ${record.topology} #${record.trial} · ${summaryLine(record)}`
  if (!record.deliverable) return `${head}\n(no deliverable${record.errors[0] ? `: ${record.errors[0].stage}: ${record.errors[0].kind}: ${record.errors[0].message}` : ''})`
  const judge = record.scores.judge
  const reasons = judge ? ['', `judge ${judge.score?.toFixed(1) ?? 'failed'} (${judge.model}):`, ...judge.dimensions.map((d) => `  ${d.key} ${d.score.toFixed(1)}/10: ${d.reason}`)] : []
  return [head, '', deliverableText(record.deliverable), ...reasons].join('\n')
}

/**
 * The test's annotations in Vitest UI: its summary, the judge's verdict, an excerpt of the
 * deliverable, and short-named attachments (judge.json, deliverable.md; record.json in a viewer,
 * where the deliverable is also printed in full to the test's console).
 */
export async function annotateCase(annotate: TestContext['annotate'], run: RunContext, record: TestRecord, options: { kept: boolean; viewer?: boolean }): Promise<void> {
  await annotate(summaryLine(record), 'orgbench')
  const judge = record.scores.judge
  if (judge) {
    const dims = judge.dimensions.map((d) => `${d.key} ${d.score.toFixed(1)}/10`).join(', ')
    const pair = judge.pairwise ? ` · vs ${judge.pairwise.against}: ${judge.pairwise.outcome}${judge.pairwise.consistent ? '' : ' (orders disagreed)'}` : ''
    await annotate(`judge ${judge.score?.toFixed(1) ?? 'failed'} (${judge.model}): ${dims}${pair}`, 'orgbench:judge')
    // Vitest names an attachment's file after the annotation's message: keep it short.
    await annotate('judge.json', 'orgbench:judge', attachment(run, record, 'judge', 'json', 'application/json', JSON.stringify(judge, null, 2)))
  }
  if (record.deliverable) {
    const structured = record.deliverable.kind === 'structured'
    const text = deliverableText(record.deliverable)
    await annotate(`deliverable (${text.length.toLocaleString('en-US')} chars${options.viewer ? ', in full in the Console tab' : ''}): ${excerpt(text)}`, 'orgbench:deliverable')
    await annotate(structured ? 'deliverable.json' : 'deliverable.md', 'orgbench:deliverable', structured ? attachment(run, record, 'deliverable', 'json', 'application/json', text) : attachment(run, record, 'deliverable', 'md', 'text/markdown', text))
  }
  if (options.viewer) await annotate('record.json', 'orgbench:record', attachment(run, record, 'record', 'json', 'application/json', JSON.stringify(record, null, 2)))
  const where = options.kept ? `kept from an earlier session of run ${run.runId}` : `journal/${run.runId}/${writer?.journal.file ?? '?'}`
  await annotate(`full record (calls, events, deliverable): ${options.viewer ? 'record.json above; ' : ''}${where}; after the run: ${run.runId}.records.jsonl.gz`, 'orgbench:record')
}
