import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { RunnerTask, TestContext } from 'vitest'
import { deliverableText } from '../eval/score.js'
import { JournalWriter } from '../results/journal.js'
import type { TestRecord } from '../results/record.js'
import { summaryLine } from '../results/render.js'
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
export function recordCase(task: RunnerTask, run: RunContext, record: TestRecord, options: { kept: boolean }): void {
  if (!options.kept) writerFor(run).append(record)
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

/**
 * Longest annotation message that carries an attachment: Vitest names the attachment's copy after
 * the message (plus a 40-character hash), and a file name over 255 bytes fails the test.
 */
export const ATTACHMENT_MESSAGE_MAX = 160
/** An annotation message cut to `max` characters, ending in "…" where it was cut. */
export const fitMessage = (message: string, max = ATTACHMENT_MESSAGE_MAX) => (message.length <= max ? message : `${message.slice(0, max - 1)}…`)

/** The test's annotations in Vitest UI: its summary, the judge's verdict and the deliverable (as attachments), and where the full record is. */
export async function annotateCase(annotate: TestContext['annotate'], run: RunContext, record: TestRecord, options: { kept: boolean }): Promise<void> {
  await annotate(summaryLine(record), 'orgbench')
  const judge = record.scores.judge
  if (judge) {
    const dims = judge.dimensions.map((d) => `${d.key} ${d.score.toFixed(1)}/10`).join(', ')
    const pair = judge.pairwise ? ` · vs ${judge.pairwise.against}: ${judge.pairwise.outcome}${judge.pairwise.consistent ? '' : ' (orders disagreed)'}` : ''
    await annotate(fitMessage(`judge ${judge.score?.toFixed(1) ?? 'failed'} (${judge.model}): ${dims}${pair}`), 'orgbench:judge', attachment(run, record, 'judge', 'json', 'application/json', JSON.stringify(judge, null, 2)))
  }
  if (record.deliverable) {
    const structured = record.deliverable.kind === 'structured'
    const text = deliverableText(record.deliverable)
    await annotate('deliverable', 'orgbench:deliverable', structured ? attachment(run, record, 'deliverable', 'json', 'application/json', text) : attachment(run, record, 'deliverable', 'md', 'text/markdown', text))
  }
  const where = options.kept ? `kept from an earlier session of run ${run.runId}` : `journal/${run.runId}/${writer?.journal.file ?? '?'}`
  await annotate(`full record (calls, events, deliverable): ${where}; after the run: ${run.runId}.records.jsonl.gz`, 'orgbench:record')
}
