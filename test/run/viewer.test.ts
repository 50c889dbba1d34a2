import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { basename, join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { expect, test } from 'vitest'
import { isCaseView } from '../../lib/run/case-view.js'
import { PROJECT_ROOT } from '../../lib/tasks/registry.js'
import { tempDir } from '../support/temp.js'
import { childEnv, fixtureSuite, runVitest } from '../support/vitest-child.js'

/*
 * What the HTML report (a viewer, like Vitest UI) shows of a benchmark run: the fixture suite
 * (single and star on code review, two trials) run with Vitest's HTML reporter, its report read
 * back as the viewer reads it.
 */

// The HTML reporter's serialiser, from the package that writes the report.
const { parse } = createRequire(createRequire(join(PROJECT_ROOT, 'package.json')).resolve('@vitest/ui'))('flatted') as { parse: (text: string) => unknown }

interface ReportTask {
  type: string
  name: string
  tasks?: ReportTask[]
  logs?: Array<{ content: string }>
  annotations?: Array<{ message: string; attachment?: { path?: string } }>
}

const testsOf = (t: ReportTask): ReportTask[] => (t.type === 'test' ? [t] : (t.tasks ?? []).flatMap(testsOf))

test("the HTML report files each case's deliverable under its own test and carries this run's attachments, only them, with tests shuffled too", async () => {
  const dir = tempDir('orgbench-viewer-')
  const cache = join(dir, 'cache')
  // An earlier run's attachment, which this run's report must not carry.
  mkdirSync(join(cache, 'attachments'), { recursive: true })
  writeFileSync(join(cache, 'attachments', 'deliverable-md-0123456789abcdef.md'), 'an earlier run')
  const html = join(dir, 'html')
  // Shuffled (this seed puts a star test before the single agent's it waits for): a viewer keeps the declaration order, or the run would hang.
  const args = ['run', '--reporter=default', `--reporter=${join(PROJECT_ROOT, 'reporters', 'results.ts')}`, '--reporter=html', `--outputFile.html=${join(html, 'index.html')}`, '--sequence.shuffle', '--sequence.seed=3']
  const { code, output } = await runVitest(fixtureSuite('code-review'), args, childEnv(cache, { ORGBENCH_RESULTS_DIR: join(dir, 'results'), ORGBENCH_CACHE_DIR: join(dir, 'response-cache'), ORGBENCH_TRIALS: '2' }))
  expect(code, output).toBe(0)

  const report = parse(gunzipSync(readFileSync(join(html, 'html.meta.json.gz'))).toString('utf8')) as { files: ReportTask[] }
  const tests = report.files.flatMap(testsOf)
  expect(tests.map((t) => t.name).sort()).toEqual(['single #1', 'single #2', 'star #1', 'star #2'].map((c) => `code_review_execution × ${c}`))
  for (const t of tests) {
    // The Console tab of a test: its own deliverable view, and no other case's.
    const views = (t.logs ?? []).map((l) => l.content).filter(isCaseView)
    expect(views.map((v) => v.split(' · ')[0]), t.name).toEqual([`── ${t.name}`])
  }

  // Every attachment link (./data/<file name>) opens a file of this run; nothing else is there.
  const linked = tests.flatMap((t) => (t.annotations ?? []).flatMap((a) => (a.attachment?.path ? [basename(a.attachment.path)] : [])))
  expect(linked.filter((f) => /^record-[0-9a-f]+\.json$/.test(f))).toHaveLength(4)
  expect(readdirSync(join(html, 'data')).sort()).toEqual([...linked].sort())
})
