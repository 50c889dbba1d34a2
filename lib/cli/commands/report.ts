import { join, relative } from 'node:path'
import { newestRunFile, readRunFile } from '../../results/read.js'
import { checkReportInBrowser } from '../../results/report/browser-check.js'
import { renderReport } from '../../results/report/index.js'
import { writeAtomic } from '../../results/write.js'
import type { CommandModule } from '../program.js'

/** `orgbench report [files...]` and `orgbench report check`. */
export const reportCommand: CommandModule = (parent, ctx) => {
  const report = parent
    .command('report')
    .description('render the HTML report (inline SVG charts), markdown summaries and LaTeX table from results files')
    .argument('[files...]', 'results files (default: the newest file in results/runs)')
    .option('--out <dir>', 'where to write the report', 'results/report')
    .action((files: string[], values: { out: string }) => {
      const paths = files.length > 0 ? files : [newestRunFile('results/runs')]
      const rendered = renderReport(paths.map(readRunFile))
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
