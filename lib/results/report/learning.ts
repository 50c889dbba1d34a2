import type { Estimate, LearningEvidence } from '../../memory/evidence.js'
import type { Provenance, StoredLesson } from '../../memory/lessons.js'
import { SIMULATED_CAVEAT, usd } from '../format.js'
import type { LearnedTask } from '../learning.js'
import type { RunFile } from '../schema.js'
import { type Box, colorAt, emptyChart, esc, framed, legend, line, linearScale, niceTicks, px, svg, text, yAxis } from './svg.js'

/**
 * The report's learning section, from the run files reported (never from a memory folder, which
 * may hold another run's versions): per learning run and task, the memory version it wrote or why
 * none, the held-out learning curve of every arm with 95 % intervals (and the memory-off ablation
 * at x = "off"), each arm's improvement, the difference between the organisation's and the single
 * agent's improvements, and the lessons learned with their provenance.
 */

/** What one reported run learned for one task. */
export type ReportedLearning = LearnedTask & { runId: string }

/** The learning section's content: what each reported learning run learned, and what a run file does not say. */
export interface ReportLearning {
  tasks: ReportedLearning[]
  /** One sentence per run or task whose run file lacks what the section would show. */
  missing: string[]
}

/** What the reported runs learned, as their run files record it. */
export function learningOfRuns(runs: readonly Pick<RunFile, 'runId' | 'learning'>[]): ReportLearning {
  const tasks: ReportedLearning[] = []
  const missing: string[] = []
  for (const { runId, learning } of runs) {
    if (!learning) continue
    if (!learning.tasks) {
      missing.push(`Run ${runId} is a learning run whose file does not record what it measured and learned (written before runs recorded it); \`orgbench memory show\` lists the memory versions.`)
      continue
    }
    tasks.push(...learning.tasks.map((t) => ({ ...t, runId })))
    for (const s of learning.splits) {
      if (!learning.tasks.some((t) => t.task === s.task)) missing.push(`${s.task} (run ${runId}): its "${s.task} · memory" test did not run (left out by -t, or the run stopped before it), so the run recorded no curves for it.`)
    }
  }
  return { tasks, missing }
}

const num = (x: number | null) => (x === null ? '–' : x.toFixed(1))
const signedNum = (x: number | null) => (x === null ? '–' : `${x >= 0 ? '+' : ''}${x.toFixed(1)}`)
/** An interval: of a difference (signed), or of a score. */
const ci = (e: Estimate, signed = true) => {
  const f = signed ? signedNum : num
  return e.lo === null || e.hi === null ? '–' : `[${f(e.lo)}, ${f(e.hi)}]`
}

/**
 * An interval's whisker inside the plot: a t interval of a 0–100 score can reach past 100 (or
 * below the axis), so it is drawn to the edge, with a chevron pointing on where it is cut.
 */
function clippedWhisker(at: number, lo: number, hi: number, y: (v: number) => number, [bottom, top]: [number, number], color: string): string {
  const chevron = (edge: number, dir: 1 | -1) => `<path class="clipped" d="M${px(at - 3)},${px(y(edge) + 4 * dir)} L${px(at)},${px(y(edge))} L${px(at + 3)},${px(y(edge) + 4 * dir)}" fill="none" stroke="${color}"/>`
  return [
    line(at, y(Math.max(lo, bottom)), at, y(Math.min(hi, top)), `class="whisker" stroke="${color}"`),
    ...(hi > top ? [chevron(top, 1)] : []),
    ...(lo < bottom ? [chevron(bottom, -1)] : []),
  ].join('')
}

/** The held-out curve of each arm with its intervals; x = 0 is the memory-off ablation. */
export function learningArmsChart(task: string, evidence: LearningEvidence): string {
  const name = `learning-${task}`
  const title = `${task}: held-out headline per iteration (95 % intervals), memory off at "off"`
  const arms = evidence.arms
  const last = Math.max(0, ...arms.map((a) => a.curve.length))
  if (last === 0) return emptyChart(name, title, 'No iteration finished.')
  const box: Box = { width: 720, height: 340, left: 56, right: 140, top: 20, bottom: 50 }
  const x = linearScale([0, last], [box.left + 30, box.width - box.right - 20])
  const values = arms.flatMap((a) => [...a.curve.flatMap((p) => [p.lo, p.hi, p.mean]), a.memoryOff?.lo ?? null, a.memoryOff?.hi ?? null]).filter((v): v is number => v !== null)
  const yLo = Math.max(0, Math.floor(Math.min(100, ...values) / 10) * 10 - 5)
  const y = linearScale([yLo, 100], [box.height - box.bottom, box.top])
  const marks = arms.flatMap((a, i) => {
    const color = colorAt(i)
    const shift = (i - (arms.length - 1) / 2) * 6
    const pts = a.curve.filter((p) => p.mean !== null).map((p) => [x(p.iteration) + shift, y(p.mean!)] as const)
    const whisker = (at: number, e: Estimate) => (e.lo === null || e.hi === null ? '' : clippedWhisker(at, e.lo, e.hi, y, [yLo, 100], color))
    return [
      `<g class="arm" data-topology="${esc(a.topology)}">`,
      pts.length > 1 ? `<path d="${pts.map(([px0, py], k) => `${k === 0 ? 'M' : 'L'}${px(px0)},${px(py)}`).join(' ')}" fill="none" stroke="${color}" stroke-width="2"/>` : '',
      ...a.curve.map((p) => whisker(x(p.iteration) + shift, p)),
      ...pts.map(([cx, cy]) => `<circle cx="${px(cx)}" cy="${px(cy)}" r="3.5" fill="${color}"/>`),
      ...(a.memoryOff?.mean != null ? [whisker(x(0) + shift, a.memoryOff), `<rect x="${px(x(0) + shift - 3.5)}" y="${px(y(a.memoryOff.mean) - 3.5)}" width="7" height="7" fill="${color}"/>`] : []),
      '</g>',
    ]
  })
  return svg(name, box, title, [
    ...yAxis(box, y, niceTicks(yLo, 100), 'held-out headline (0–100)'),
    line(box.left, box.height - box.bottom, box.width - box.right, box.height - box.bottom, 'class="axis"'),
    ...Array.from({ length: last + 1 }, (_, i) => text(x(i), box.height - box.bottom + 16, i === 0 ? 'off' : `#${i}`, 'class="tick" text-anchor="middle"')),
    text(box.left + (box.width - box.left - box.right) / 2, box.height - 8, 'memory off, then learning iteration', 'class="axis-label" text-anchor="middle"'),
    ...marks,
    // One legend entry per line: the arms stack down the right margin.
    ...arms.flatMap((a, i) => legend(box.width - box.right + 12, box.top + 10 + 20 * i, [{ label: a.topology, color: colorAt(i) }])),
  ])
}

/** Rows of the improvement table: per arm, first and last held-out score, memory off, and the paired improvement. */
export function improvementRows(evidence: LearningEvidence): string[][] {
  return evidence.arms.map((a) => [a.topology, String(a.curve.length), num(a.memoryOff?.mean ?? null), num(a.curve[0]?.mean ?? null), num(a.curve.at(-1)?.mean ?? null), signedNum(a.improvement.mean), ci(a.improvement), retrospectiveCell(a.retrospective), a.stop])
}
export const IMPROVEMENT_COLUMNS = ['arm', 'iterations', 'memory off', 'first', 'last', 'improvement', '95% CI', 'retrospectives', 'stopped because']

/** What an arm's retrospectives cost: dollars (unknown stays unknown), calls, tokens and failures. */
function retrospectiveCell(r: LearningEvidence['arms'][number]['retrospective']): string {
  if (!r) return 'not recorded'
  const dollars = r.cost.usd === null ? `≥ ${usd(r.cost.knownUsd)}` : usd(r.cost.usd)
  return `${dollars}, ${r.cost.calls} call(s), ${(r.cost.tokens.prompt ?? 0) + (r.cost.tokens.completion ?? 0)} tokens${r.errors ? `, ${r.errors} FAILED` : ''}`
}

/** How the task's inputs were split between training and held-out evaluation. */
export function splitLine(evidence: LearningEvidence): string {
  const s = evidence.split
  if (!s) return 'Held-out: other seeds (the split was not recorded).'
  const seeds = `held-out seeds ${s.heldOutSeeds.join(', ')} (training seeds ${s.trainSeeds.join(', ')})`
  return s.mode === 'inputs'
    ? `Held-out: ${s.heldOut!.ids.length} of ${s.heldOut!.ids.length + s.train!.ids.length} ${s.unit}s (${s.heldOut!.ids.join(', ')}), never shown to the retrospective, and ${seeds}.`
    : `Held-out: ${seeds} only; the inputs are not split because ${s.reason}.`
}

/** Rows of the difference-of-improvements table (organisation minus single-agent arm, paired by held-out seed). */
export function differenceRows(evidence: LearningEvidence): string[][] {
  return evidence.differences.map((d) => [`${d.org} − ${d.single}`, signedNum(d.mean), ci(d), String(d.n)])
}
export const DIFFERENCE_COLUMNS = ['improvement of', 'difference', '95% CI', 'seeds']

const learnedBy = (p: Provenance) => `learned by ${p.topology} in iteration ${p.iteration} of ${p.runId} (${p.failureMode}${p.evidence ? `; evidence: ${p.evidence}` : ''})`

/** Each learned lesson with whom it is for and where it came from (every arm that learned it). */
export function lessonLines(lessons: readonly StoredLesson[]): string[] {
  return lessons
    .filter((l) => l.provenance !== null)
    .map((l) => `${l.text} — for ${l.audience.join(', ')}; ${[l.provenance!, ...(l.alsoLearnedBy ?? [])].map(learnedBy).join('; also ')}`)
}

const caveat = (e: LearningEvidence) => (e.simulated ? ` Simulated: ${SIMULATED_CAVEAT}` : '')
/** What the run wrote: the version, or that none was written and why. */
const outcome = (t: ReportedLearning) => (t.version ? `wrote ${t.version}` : `no memory version written: ${t.notWritten}`)

function mdTable(headers: readonly string[], rows: readonly string[][]): string[] {
  return [`| ${headers.join(' | ')} |`, `|${headers.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)]
}

/** The learning section of the markdown summary (empty when no reported run is a learning run). */
export function learningMarkdown(learning: ReportLearning): string[] {
  if (learning.tasks.length === 0 && learning.missing.length === 0) return []
  return [
    '## Learning',
    '',
    'Held-out headline per iteration of each arm (seeds the retrospective never saw), with memory off as the ablation. Improvement: last minus first iteration, paired by seed, with a 95 % t interval.',
    '',
    ...learning.tasks.flatMap((t) => [
      `### ${t.task} (run ${t.runId}: ${outcome(t)})`,
      '',
      ...(t.evidence ? evidenceMarkdown(t.evidence) : ['No arm ran: nothing was measured.', '']),
      ...lessonLines(t.lessons).map((l) => `- ${l}`),
      ...(t.evidence && caveat(t.evidence) ? ['', caveat(t.evidence).trim()] : []),
      '',
    ]),
    ...learning.missing.flatMap((m) => [m, '']),
  ]
}

function evidenceMarkdown(e: LearningEvidence): string[] {
  return [
    ...mdTable(['arm', 'held-out per iteration [95% CI]'], e.arms.map((a) => [a.topology, a.curve.map((p) => `${num(p.mean)} ${ci(p, false)}`).join(' → ')])),
    '',
    ...mdTable(IMPROVEMENT_COLUMNS, improvementRows(e)),
    '',
    ...mdTable(DIFFERENCE_COLUMNS, differenceRows(e)),
    '',
    splitLine(e),
    '',
  ]
}

/** The learning section's HTML body (tables rendered by the caller's table function). */
export function learningHtml(learning: ReportLearning, table: (headers: readonly string[], rows: readonly string[][]) => string): string[] {
  if (learning.tasks.length === 0 && learning.missing.length === 0) return [`<p class="note">No run of this report is a learning run: npx vitest run --project learning.</p>`]
  return [
    ...learning.tasks.flatMap((t) => [
      `<h3>${esc(t.task)} · run ${esc(t.runId)} · ${esc(outcome(t))}</h3>`,
      ...(t.evidence
        ? [framed(learningArmsChart(t.task, t.evidence)), table(IMPROVEMENT_COLUMNS, improvementRows(t.evidence)), table(DIFFERENCE_COLUMNS, differenceRows(t.evidence)), `<p class="note">${esc(splitLine(t.evidence))}</p>`]
        : ['<p class="note">No arm ran: nothing was measured.</p>']),
      `<ul class="lessons">${lessonLines(t.lessons).map((l) => `<li>${esc(l)}</li>`).join('')}</ul>`,
      ...(t.evidence ? [`<p class="note">${esc(`Improvement is the last minus the first iteration on the held-out cases, paired by seed.${caveat(t.evidence)}`)}</p>`] : []),
    ]),
    ...learning.missing.map((m) => `<p class="note">${esc(m)}</p>`),
  ]
}
