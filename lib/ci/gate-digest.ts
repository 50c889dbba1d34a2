import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { UserError } from '../errors.js'
import { signed } from '../results/format.js'
import { METRIC_SPECS } from '../results/gate.js'

/*
 * The part of the gate's JSON report (`orgbench gate --json`) the weekly job summary shows: the
 * verdict, its rows by level (topology rows over all tasks, then cells) and the hard floors. Only
 * these fields are read, so the gate's report can grow without breaking the summary; a change to
 * them is caught here with the file and field named.
 */

const Row = z.object({
  metric: z.string(),
  level: z.string(),
  topology: z.string(),
  task: z.string().nullable(),
  /** The track of a track row; absent in reports written before the gate had track rows. */
  track: z.string().nullable().optional(),
  tasks: z.number(),
  change: z.number().nullable(),
  ci: z.object({ lo: z.number(), hi: z.number() }).nullable(),
  /** 0 when the row has no spread (and so no interval); absent in reports written before the gate recorded it. */
  se: z.number().nullable().optional(),
  limit: z.number(),
  verdict: z.string(),
})

export const GateDigest = z.object({
  verdict: z.enum(['PASS', 'WARN', 'FAIL']),
  baseline: z.object({ runId: z.string(), model: z.string() }),
  rows: z.array(Row),
  floors: z.array(z.object({ name: z.string(), scope: z.string(), breached: z.boolean(), message: z.string() })),
  notes: z.array(z.string()),
})
export type GateDigest = z.infer<typeof GateDigest>

/** Reads the gate's JSON report; a UserError names the file and field when it is not one. */
export function readGateDigest(path: string): GateDigest {
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'))
  } catch (e) {
    throw new UserError(`${path}: cannot read the gate's JSON report (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`)
  }
  const parsed = GateDigest.safeParse(raw)
  if (!parsed.success) throw new UserError(parsed.error.issues.map((i) => `${path}: field ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n'))
  return parsed.data
}

const ICON: Record<string, string> = { PASS: '✅', WARN: '⚠️', FAIL: '❌', SKIP: '⏭️' }

/** A row's metric as the gate names it, and the unit of its change ("pts", or "%" of the baseline for cost). */
function metricOf(r: z.infer<typeof Row>): { label: string; unit: string } {
  const spec = (METRIC_SPECS as Record<string, { label: string; unit: string } | undefined>)[r.metric]
  return spec ? { label: spec.label, unit: ` ${spec.unit}` } : { label: r.metric, unit: '' }
}

/** One row that did not pass: its verdict, where, and its change with interval and limit in the metric's unit. */
function flaggedRow(r: z.infer<typeof Row>): string {
  const { label, unit } = metricOf(r)
  const where = r.task !== null ? `${r.task} × ${r.topology}` : r.track ? `${r.topology} · ${r.track} (${r.tasks} tasks)` : `${r.topology} (all ${r.tasks} tasks)`
  const spread = r.ci ? ` [${signed(r.ci.lo)}, ${signed(r.ci.hi)}]` : r.se === 0 ? ' (no spread)' : ''
  return `- ${ICON[r.verdict]} ${r.verdict} · ${r.level} · ${label} · ${where}: ${signed(r.change)}${unit}${spread} (limit ${signed(r.limit, 0)}${unit})`
}

/**
 * The gate's verdict with a count per level and verdict, the rows that did not pass (the first
 * `maxRows`, then how many more: the gate in full, below the digest, holds every row) and the
 * breached floors, as markdown lines.
 */
export function gateDigestMarkdown(g: GateDigest, maxRows = 30): string[] {
  const levels = [...new Set(g.rows.map((r) => r.level))]
  const count = (level: string, v: string) => g.rows.filter((r) => r.level === level && r.verdict === v).length
  const flagged = g.rows.filter((r) => r.verdict === 'FAIL' || r.verdict === 'WARN').sort((a, b) => (a.verdict === b.verdict ? 0 : a.verdict === 'FAIL' ? -1 : 1))
  const breached = g.floors.filter((f) => f.breached)
  return [
    `**${ICON[g.verdict]} ${g.verdict}** against baseline \`${g.baseline.runId}\` (${g.baseline.model})`,
    '',
    '| level | FAIL | WARN | PASS | SKIP |',
    '| --- | --- | --- | --- | --- |',
    ...levels.map((l) => `| ${l} | ${count(l, 'FAIL')} | ${count(l, 'WARN')} | ${count(l, 'PASS')} | ${count(l, 'SKIP')} |`),
    `| hard floors | ${breached.length} breached | | ${g.floors.length - breached.length} met | |`,
    '',
    ...flagged.slice(0, maxRows).map(flaggedRow),
    ...(flagged.length > maxRows ? [`- … and ${flagged.length - maxRows} more of the ${flagged.length} rows that did not pass, left out here: every row is in the gate in full below (and gate.md in the outcome artifact)`] : []),
    ...breached.map((f) => `- ❌ floor ${f.name} · ${f.scope}: ${f.message}`),
    ...g.notes.map((n) => `- note: ${n}`),
  ]
}
