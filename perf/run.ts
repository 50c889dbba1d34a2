// orgbench perf (npm run perf): the speed targets, measured in this run on this machine and printed
// against their targets, with the load average the machine was under. Exit status 1 when a target
// is missed. Each figure is measured end to end through the real command (a child Vitest against
// the simulator in its own process); tests never assert wall-clock times.
import { mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { checksToRun } from './checks/index.js'
import type { PerfContext, PerfRow } from './support.js'

/** The perf table: figure, measured, target, met, and how each was measured. */
export function renderPerf(rows: readonly PerfRow[]): string {
  const headers = ['figure', 'measured', 'target', 'met']
  const cells = rows.map((r) => [r.figure, r.measured, r.target, r.met === null ? '–' : r.met ? 'yes' : 'MISSED'])
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)))
  const line = (c: string[]) => c.map((x, i) => x.padEnd(widths[i]!)).join(' | ').trimEnd()
  const notes = rows.map((r) => `  ${r.figure}: ${r.how}`)
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('-|-'), ...cells.map(line), '', 'how each figure was measured:', ...notes].join('\n')
}

const load = () => loadavg().map((x) => x.toFixed(2)).join(', ')

/** Runs the chosen checks (all by default) and prints the table; returns the exit status. */
export async function main(log: (text: string) => void = console.log, only: readonly string[] = []): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'orgbench-perf-'))
  const ctx: PerfContext = { dir, log: (t) => log(`  ${t}`), measures: new Map() }
  const loadBefore = load()
  const rows: PerfRow[] = []
  try {
    for (const check of checksToRun(only)) {
      log(`${check.id}:`)
      rows.push(...(await check.run(ctx)))
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  log('')
  log(`orgbench perf — load average ${loadBefore} before, ${load()} after (1, 5, 15 min) on ${availableParallelism()} cores`)
  log('')
  log(renderPerf(rows))
  const missed = rows.filter((r) => r.met === false).length
  log(`\n${rows.filter((r) => r.met === true).length} met, ${missed} missed`)
  return missed === 0 ? 0 : 1
}
