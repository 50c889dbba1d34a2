import { readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { UserError } from '../../errors.js'
import { agreementsForRun } from '../../human/store.js'
import { readRunFile } from '../../results/read.js'
import { checkReportInBrowser } from '../../results/report/browser-check.js'
import { renderReport } from '../../results/report/index.js'
import { writeAtomic } from '../../results/write.js'
import type { CommandModule } from '../program.js'

function newestRun(dir: string): string {
  let files: string[] = []
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => join(dir, f))
  } catch {
    // no folder yet: same as no files
  }
  if (files.length === 0) throw new UserError(`${dir}: no results files yet; run the benchmark first (npx vitest run benchmarks/enterprise) or name files`)
  return files.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0]!
}

/** `orgbench report [files...]` and `orgbench report check`. */
export const reportCommand: CommandModule = (parent, ctx) => {
  const report = parent
    .command('report')
    .description('render the HTML report (inline SVG charts), markdown summaries and LaTeX table from results files')
    .argument('[files...]', 'results files (default: the newest file in results/runs)')
    .option('--out <dir>', 'where to write the report', 'results/report')
    .action((files: string[], values: { out: string }) => {
      const paths = files.length > 0 ? files : [newestRun('results/runs')]
      const runs = paths.map(readRunFile)
      const rendered = renderReport(runs, { agreements: runs.flatMap((r) => agreementsForRun(r.runId)) })
      for (const [name, content] of rendered) writeAtomic(join(values.out, name), content)
      ctx.io.out(`report from ${paths.join(', ')}:`)
      for (const name of rendered.keys()) ctx.io.out(`  ${relative(process.cwd(), join(values.out, name))}`)
    })
  report
    .command('check')
    .description('open the report in headless Chromium (Debian /usr/bin/chromium or CHROMIUM_PATH), network blocked, and check its charts')
    .option('--dir <dir>', 'the report folder', 'results/report')
    .action(async (values: { dir: string }) => {
      const result = await checkReportInBrowser(values.dir, process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')
      for (const line of result.lines) ctx.io.out(line)
      for (const p of result.problems) ctx.io.err(`report check: ${p}`)
      ctx.exitCode = result.problems.length > 0 ? 1 : 0
    })
}
