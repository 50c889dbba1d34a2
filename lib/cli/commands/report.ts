import { existsSync } from 'node:fs'
import { Option } from 'commander'
import { join, relative } from 'node:path'
import { agreementsIn, HUMAN_DIR } from '../../human/store.js'
import { comparedWithJudge } from '../../human/validation.js'
import { UserError } from '../../errors.js'
import { readPointer, resultsFileArgument } from '../../results/pointer.js'
import { readRunFile } from '../../results/read.js'
import { checkReportInBrowser } from '../../results/report/browser-check.js'
import { listRunFiles } from '../../results/compact.js'
import { checkHistoryInBrowser } from '../../results/report/history-check.js'
import { buildHistory } from '../../results/report/history.js'
import { historyRunFiles } from '../../results/report/history-files.js'
import { renderHistoryHtml } from '../../results/report/history-html.js'
import { casePagesFor } from '../../results/report/cases-load.js'
import { renderReport } from '../../results/report/index.js'
import { saturationOf } from '../../results/saturation.js'
import { newestRun } from '../../results/report/model.js'
import { writeReportFolder } from '../../results/report/folder.js'
import { writeAtomic } from '../../results/write.js'
import { oldFileWarnings } from '../../results/old-file.js'
import { loadConfig } from '../../config.js'
import { configuredCostModel, loadCostModel } from '../../results/outcomes/cost-model.js'
import type { CommandModule } from '../program.js'

/** `orgbench report [files...]` and `orgbench report check`. */
export const reportCommand: CommandModule = (parent, ctx) => {
  const report = parent
    .command('report')
    // report's own flags only before a subcommand: `report check --out x` is refused, not read as report's --out.
    .enablePositionalOptions()
    .description('render the HTML report (inline SVG charts), markdown summaries and LaTeX table from results files')
    .argument('[files...]', 'results files (default: the run LATEST points at in ORGBENCH_RESULTS_DIR, results/runs unless set)')
    .option('--out <dir>', 'where to write the report (files of an earlier report there that this one does not rewrite are removed; no other file is touched)', 'results/report')
    .option('--cost-model <file>', 'a JSON cost model pricing outcome events for money figures (default: ORGBENCH_COST_MODEL; none: no money figure)')
    .addOption(
      new Option('--human <dir>', "where people's grades were imported: an export folder (human export --out) or a folder of them; repeat for several")
        .argParser((dir: string, dirs: string[]) => [...dirs, dir])
        // Shown as the folder read when none is given, not as the empty list the repeats start from.
        .default([] as string[], HUMAN_DIR),
    )
    .action(async (files: string[], values: { out: string; costModel?: string; human: string[] }) => {
      const paths = files.length > 0 ? files.map((f) => resultsFileArgument(f, loadConfig().resultsDir)) : [readPointer(loadConfig().resultsDir).path]
      const runs = paths.map(readRunFile)
      for (const dir of values.human) if (!existsSync(dir)) throw new UserError(`--human ${dir}: no such folder (expected a human-grading export folder or a folder of them)`)
      const found = agreementsIn(values.human.length > 0 ? values.human : [HUMAN_DIR], runs.map((r) => r.runId), (message) => ctx.io.err(`note: ${message}`))
      // Grades that met no judge result validate nothing: the report says the judge is not validated.
      const agreements = found.filter((a) => comparedWithJudge(a) > 0)
      for (const a of found) if (comparedWithJudge(a) === 0) ctx.io.err(`note: the grades of export ${a.exportId} compare with no judge result (was the run judged?): the report leaves them out`)
      const costModel = values.costModel !== undefined ? loadCostModel(values.costModel) : configuredCostModel(loadConfig().costModelFile)
      const cases = await casePagesFor(paths, newestRun(runs).simulated)
      const rendered = renderReport(runs, { agreements, costModel, cases: cases.files.size > 0, saturation: saturationOf(runs.flatMap((r) => r.cases.map((c) => c.task))) })
      const written = writeReportFolder(values.out, new Map([...rendered, ...cases.files]))
      ctx.io.out(`report from ${paths.join(', ')}:`)
      for (const [i, run] of runs.entries()) for (const w of oldFileWarnings(run)) ctx.io.out(`  warning: ${paths[i]}: ${w}`)
      for (const name of rendered.keys()) ctx.io.out(`  ${relative(process.cwd(), join(values.out, name))}`)
      if (cases.files.size > 0) ctx.io.out(`  ${relative(process.cwd(), join(values.out, 'cases/index.html'))} and ${cases.files.size - 1} side-by-side page(s), one per task and trial`)
      if (written.removed.length > 0) ctx.io.out(`  removed ${written.removed.length} file(s) of the earlier report there that this one does not rewrite`)
      for (const s of cases.skipped) ctx.io.err(`note: ${s}`)
      if (written.legacy) ctx.io.err(`note: ${values.out} held a report written before reports listed their files; any of its pages this one does not rewrite are still there`)
    })
  report
    .command('history')
    .description('render history.html: each topology\'s score and cost across the committed weekly runs, per agent model (simulated and incomplete runs are left out)')
    .argument('[paths...]', 'run files or folders holding them (default: results/runs)')
    .option('--dir <dir>', 'the report folder to write history.html into', 'results/report')
    .action((paths: string[], values: { dir: string }) => {
      const files = paths.length > 0 ? historyRunFiles(paths) : listRunFiles('results/runs')
      const history = buildHistory(files.map(readRunFile))
      const out = join(values.dir, 'history.html')
      writeAtomic(out, renderHistoryHtml(history, { reportBeside: existsSync(join(values.dir, 'index.html')) }))
      ctx.io.out(`history from ${files.length} run file(s): ${history.panels.map((p) => `${p.model} (${p.runs.length} run(s))`).join(', ') || 'no complete real-model run'}${history.excluded.length > 0 ? `; left out ${history.excluded.length} (simulated or incomplete)` : ''}`)
      ctx.io.out(`  ${relative(process.cwd(), out)}`)
    })
  report
    .command('check')
    .description('open the report (and history.html when present) in headless Chromium (Debian /usr/bin/chromium or CHROMIUM_PATH), network blocked, and check its charts')
    .option('--dir <dir>', 'the report folder', 'results/report')
    .action(async (values: { dir: string }) => {
      const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
      const results = [await checkReportInBrowser(values.dir, chromium)]
      if (existsSync(join(values.dir, 'history.html'))) results.push(await checkHistoryInBrowser(values.dir, chromium))
      for (const line of results.flatMap((r) => r.lines)) ctx.io.out(line)
      const problems = results.flatMap((r) => r.problems)
      for (const p of problems) ctx.io.err(`report check: ${p}`)
      ctx.exitCode = problems.length > 0 ? 1 : 0
    })
}
