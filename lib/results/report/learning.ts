import { existsSync, readdirSync } from 'node:fs'
import type { Estimate, LearningEvidence } from '../../memory/evidence.js'
import { latestVersion, type MemoryFile, versionName } from '../../memory/store.js'
import { SIMULATED_CAVEAT } from '../format.js'
import { type Box, colorAt, emptyChart, esc, framed, legend, line, linearScale, niceTicks, px, svg, text, yAxis } from './svg.js'

/**
 * The report's learning section, from the latest memory version of each task that a learning run
 * wrote: the held-out learning curve of every arm with 95 % intervals (and the memory-off ablation
 * at x = "off"), each arm's improvement, the difference between the organisation's and the single
 * agent's improvements, and the lessons with their provenance.
 */

/** A memory version that carries a learning run's evidence. */
export type LearnedMemory = MemoryFile & { evidence: LearningEvidence }

/** The latest version of each task's memory in `dir` that a learning run wrote (resets carry no evidence). */
export function learnedMemories(dir: string): LearnedMemory[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .sort()
    .map((task) => latestVersion(dir, task))
    .filter((f): f is LearnedMemory => f !== null && f.evidence !== null)
}

const num = (x: number | null) => (x === null ? '–' : x.toFixed(1))
const signedNum = (x: number | null) => (x === null ? '–' : `${x >= 0 ? '+' : ''}${x.toFixed(1)}`)
/** An interval: of a difference (signed), or of a score. */
const ci = (e: Estimate, signed = true) => {
  const f = signed ? signedNum : num
  return e.lo === null || e.hi === null ? '–' : `[${f(e.lo)}, ${f(e.hi)}]`
}

/** The held-out curve of each arm with its intervals; x = 0 is the memory-off ablation. */
export function learningArmsChart(memory: LearnedMemory): string {
  const name = `learning-${memory.task}`
  const title = `${memory.task}: held-out headline per iteration (95 % intervals), memory off at "off"`
  const arms = memory.evidence.arms
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
    const whisker = (at: number, e: Estimate) => (e.lo === null || e.hi === null ? '' : line(at, y(e.lo), at, y(e.hi), `class="whisker" stroke="${color}"`))
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
export function improvementRows(memory: LearnedMemory): string[][] {
  return memory.evidence.arms.map((a) => [a.topology, String(a.curve.length), num(a.memoryOff?.mean ?? null), num(a.curve[0]?.mean ?? null), num(a.curve.at(-1)?.mean ?? null), signedNum(a.improvement.mean), ci(a.improvement), retrospectiveCell(a.retrospective), a.stop])
}
export const IMPROVEMENT_COLUMNS = ['arm', 'iterations', 'memory off', 'first', 'last', 'improvement', '95% CI', 'retrospectives', 'stopped because']

/** What an arm's retrospectives cost: dollars (unknown stays unknown), calls, tokens and failures. */
function retrospectiveCell(r: LearningEvidence['arms'][number]['retrospective']): string {
  if (!r) return 'not recorded'
  const dollars = r.cost.usd === null ? `≥ $${r.cost.knownUsd.toFixed(4)}` : `$${r.cost.usd.toFixed(4)}`
  return `${dollars}, ${r.cost.calls} call(s), ${(r.cost.tokens.prompt ?? 0) + (r.cost.tokens.completion ?? 0)} tokens${r.errors ? `, ${r.errors} FAILED` : ''}`
}

/** How the task's inputs were split between training and held-out evaluation. */
export function splitLine(memory: LearnedMemory): string {
  const s = memory.evidence.split
  if (!s) return 'Held-out: other seeds (this version predates input splits).'
  const seeds = `held-out seeds ${s.heldOutSeeds.join(', ')} (training seeds ${s.trainSeeds.join(', ')})`
  return s.mode === 'inputs'
    ? `Held-out: ${s.heldOut!.ids.length} of ${s.heldOut!.ids.length + s.train!.ids.length} ${s.unit}s (${s.heldOut!.ids.join(', ')}), never shown to the retrospective, and ${seeds}.`
    : `Held-out: ${seeds} only; the inputs are not split because ${s.reason}.`
}

/** Rows of the difference-of-improvements table (organisation minus single-agent arm, paired by held-out seed). */
export function differenceRows(memory: LearnedMemory): string[][] {
  return memory.evidence.differences.map((d) => [`${d.org} − ${d.single}`, signedNum(d.mean), ci(d), String(d.n)])
}
export const DIFFERENCE_COLUMNS = ['improvement of', 'difference', '95% CI', 'seeds']

/** Each learned lesson with whom it is for and where it came from. */
export function lessonLines(memory: MemoryFile): string[] {
  return memory.lessons
    .filter((l) => l.provenance !== null)
    .map((l) => `${l.text} — for ${l.audience.join(', ')}; learned by ${l.provenance!.topology} in iteration ${l.provenance!.iteration} of ${l.provenance!.runId} (${l.provenance!.failureMode}${l.provenance!.evidence ? `; evidence: ${l.provenance!.evidence}` : ''})`)
}

const caveat = (m: LearnedMemory) => (m.evidence.simulated ? ` Simulated: ${SIMULATED_CAVEAT}` : '')

function mdTable(headers: readonly string[], rows: readonly string[][]): string[] {
  return [`| ${headers.join(' | ')} |`, `|${headers.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)]
}

/** The learning section of the markdown summary (empty when no learning run wrote memory). */
export function learningMarkdown(memories: readonly LearnedMemory[]): string[] {
  if (memories.length === 0) return []
  return [
    '## Learning',
    '',
    'Held-out headline per iteration of each arm (seeds the retrospective never saw), with memory off as the ablation. Improvement: last minus first iteration, paired by seed, with a 95 % t interval.',
    '',
    ...memories.flatMap((m) => [
      `### ${m.task} (${versionName(m.task, m.version)}, run ${m.evidence.runId})`,
      '',
      ...mdTable(['arm', 'held-out per iteration [95% CI]'], m.evidence.arms.map((a) => [a.topology, a.curve.map((p) => `${num(p.mean)} ${ci(p, false)}`).join(' → ')])),
      '',
      ...mdTable(IMPROVEMENT_COLUMNS, improvementRows(m)),
      '',
      ...mdTable(DIFFERENCE_COLUMNS, differenceRows(m)),
      '',
      splitLine(m),
      '',
      ...lessonLines(m).map((l) => `- ${l}`),
      ...(caveat(m) ? ['', caveat(m).trim()] : []),
      '',
    ]),
  ]
}

/** The learning section's HTML body (tables rendered by the caller's table function). */
export function learningHtml(memories: readonly LearnedMemory[], table: (headers: readonly string[], rows: readonly string[][]) => string): string[] {
  if (memories.length === 0) return [`<p class="note">No learning run has written memory yet: npx vitest run --project learning.</p>`]
  return memories.flatMap((m) => [
    `<h3>${esc(m.task)} · ${esc(versionName(m.task, m.version))} · run ${esc(m.evidence.runId)}</h3>`,
    framed(learningArmsChart(m)),
    table(IMPROVEMENT_COLUMNS, improvementRows(m)),
    table(DIFFERENCE_COLUMNS, differenceRows(m)),
    `<p class="note">${esc(splitLine(m))}</p>`,
    `<ul class="lessons">${lessonLines(m).map((l) => `<li>${esc(l)}</li>`).join('')}</ul>`,
    `<p class="note">${esc(`Improvement is the last minus the first iteration on the held-out cases, paired by seed.${caveat(m)}`)}</p>`,
  ])
}
