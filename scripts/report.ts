/**
 * npm run report [-- <results file>...] [--out results/report]
 * Renders the HTML report (inline SVG charts), the markdown summaries and the LaTeX table from one
 * or more results files; without files, from the newest file in results/runs.
 */
import { readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { parseArgs } from 'node:util'
import { readRunFile, ResultsFileError } from '../lib/results/read.js'
import { renderReport } from '../lib/results/report/index.js'
import { writeAtomic } from '../lib/results/write.js'

const { values, positionals } = parseArgs({ options: { out: { type: 'string', default: 'results/report' } }, allowPositionals: true })

function newestRun(dir: string): string {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => join(dir, f))
  if (files.length === 0) throw new ResultsFileError(`${dir}: no results files; run the benchmark first or name files`)
  return files.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0]!
}

try {
  const paths = positionals.length > 0 ? positionals : [newestRun('results/runs')]
  const files = renderReport(paths.map(readRunFile))
  for (const [name, content] of files) writeAtomic(join(values.out, name), content)
  console.log(`report from ${paths.join(', ')}:`)
  for (const name of files.keys()) console.log(`  ${relative(process.cwd(), join(values.out, name))}`)
} catch (e) {
  if (!(e instanceof ResultsFileError)) throw e
  console.error(`report: ${e.message}`)
  process.exitCode = 2
}
