import type { RunnerTask, TestContext } from 'vitest'
import { deliverableText } from '../eval/score.js'
import { JournalWriter } from '../results/journal.js'
import type { TestRecord } from '../results/record.js'
import { summaryLine } from '../results/render.js'
import { summarizeRecord } from '../results/summary.js'
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
  task.meta.orgbench = { ...summarizeRecord(record), runId: run.runId }
}

/** The test's annotations in Vitest UI: its summary, the judge's verdict and the deliverable (as attachments), and where the full record is. */
export async function annotateCase(annotate: TestContext['annotate'], run: RunContext, record: TestRecord, options: { kept: boolean }): Promise<void> {
  await annotate(summaryLine(record), 'orgbench')
  const judge = record.scores.judge
  if (judge) {
    const dims = judge.dimensions.map((d) => `${d.key} ${d.score.toFixed(1)}/10`).join(', ')
    const pair = judge.pairwise ? ` · vs ${judge.pairwise.against}: ${judge.pairwise.outcome}${judge.pairwise.consistent ? '' : ' (orders disagreed)'}` : ''
    await annotate(`judge ${judge.score?.toFixed(1) ?? 'failed'} (${judge.model}): ${dims}${pair}`, 'orgbench:judge', {
      body: JSON.stringify(judge, null, 2),
      contentType: 'application/json',
      bodyEncoding: 'utf-8',
    })
  }
  if (record.deliverable) {
    const structured = record.deliverable.kind === 'structured'
    await annotate('deliverable', 'orgbench:deliverable', {
      body: deliverableText(record.deliverable),
      contentType: structured ? 'application/json' : 'text/markdown',
      bodyEncoding: 'utf-8',
    })
  }
  const where = options.kept ? `kept from an earlier session of run ${run.runId}` : `journal/${run.runId}/${writer?.journal.file ?? '?'}`
  await annotate(`full record (calls, events, deliverable): ${where}; after the run: ${run.runId}.records.jsonl.gz`, 'orgbench:record')
}
