import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { UserError } from '../../errors.js'
import { dependents, type LocalRunResult, runWorkflowLocally, workflowJobs } from './run.js'

/*
 * The weekly workflow run locally against the simulator (`orgbench ci local`), in two scenarios:
 *
 * 1. `scheduled`: the Monday run with no endpoint configured (no secrets), every default as a
 *    schedule leaves it: plan, every shard (each logging its progress), the merge (its Vitest HTML
 *    report carrying the shards' attachments), the gate step, the outcome, the report and history
 *    page checked in Chromium, the verdict. It must succeed and commit, notify and publish nothing.
 *    Then shard 1 is re-run as attempt 2 with every job after it, as "Re-run failed jobs" does
 *    (rerunShardChecks): it must resume, upload again and be what the collect job reads.
 * 2. `publish`: the jobs that need GitHub's API (commit, notify) on artifacts as the collect job
 *    leaves them, with a stand-in `gh` that records its arguments, a local bare repository as the
 *    remote, and a local webhook receiver: the branch and commit, the pull request, the issue (new,
 *    then a comment on the open one) and the webhook post are checked.
 *
 * 3. `browser`: the pull-request workflow's browser job (a small simulated run, the report, the
 *    history page and the grading page checked in Chromium: Debian's where the runner has Chrome).
 *
 * What cannot run here: GitHub itself (the real API behind gh, Pages deployment, artifact storage
 * across machines, an earlier attempt's artifacts handed to a re-run, runner images). Each check says what it saw.
 */

export interface ScenarioReport {
  ok: boolean
  checks: Array<{ ok: boolean; what: string }>
  run: LocalRunResult
}

const check = (checks: ScenarioReport['checks'], ok: boolean, what: string) => checks.push({ ok, what })

/** The last line a job's failed step printed (its error, e.g. the input the plan refused), or its exit status. */
function failedStepLine(run: LocalRunResult, job: string): string {
  const step = run.steps.find((st) => st.job === job && st.outcome === 'failure')
  const lines = (step?.note ?? '').split('\n').map((l) => l.trim()).filter((l) => l !== '')
  return lines.at(-1) ?? 'no output'
}

function refs(remote: string): string {
  return spawnSync('git', ['for-each-ref', '--format=%(refname) %(objectname)'], { cwd: remote, encoding: 'utf8' }).stdout
}

/** Scenario 1 (see the module comment). `inputs` make a smaller run by hand (workflow_dispatch); none means a scheduled run. */
export function scheduledScenario(o: { repo: string; work: string; inputs?: Record<string, string>; log: (l: string) => void }): ScenarioReport {
  const workflow = join(o.repo, '.github', 'workflows', 'benchmark.yml')
  const remote = join(o.work, 'remote.git')
  mkdirSync(o.work, { recursive: true })
  spawnSync('git', ['clone', '-q', '--bare', o.repo, remote])
  const before = refs(remote)
  const run = runWorkflowLocally({ workflow, repo: o.repo, work: o.work, event: o.inputs ? 'workflow_dispatch' : 'schedule', inputs: o.inputs ?? {}, secrets: {}, vars: {}, log: o.log })
  // The jobs after the plan need its matrix: when it fails (a refused input, as a rule) there is nothing to check.
  if (run.jobs.plan?.result === 'failure') throw new UserError(`the plan job failed: ${failedStepLine(run, 'plan')}`)
  const checks: ScenarioReport['checks'] = []
  for (const job of ['plan', 'shard', 'merge', 'collect', 'verdict']) check(checks, run.jobs[job]?.result === 'success', `job ${job}: ${run.jobs[job]?.result ?? 'did not run'}`)
  for (const job of ['commit', 'notify', 'pages']) check(checks, run.jobs[job]?.result === 'skipped', `job ${job} skipped: ${run.jobs[job]?.result ?? 'did not run'}`)
  check(checks, refs(remote) === before, 'nothing was pushed to the remote')
  check(checks, run.jobs.plan?.outputs.simulated === 'true', 'the plan says simulated (no endpoint)')
  const outcomes = join(o.work, 'artifacts')
  const models = readdirSync(outcomes).filter((n) => n.startsWith('outcome__'))
  check(checks, models.length > 0, `outcome artifacts: ${models.join(', ')}`)
  for (const m of models) {
    const slug = m.slice('outcome__'.length)
    const outcome = JSON.parse(readFileSync(join(outcomes, m, 'models', slug, 'outcome.json'), 'utf8')) as { status: string; simulated: boolean; committable: boolean; gate: { verdict: string } }
    check(checks, outcome.status === 'complete' && outcome.simulated && !outcome.committable && outcome.gate.verdict === 'SKIP', `${slug}: ${outcome.status}, simulated ${outcome.simulated}, committable ${outcome.committable}, gate ${outcome.gate.verdict}`)
    check(checks, !existsSync(join(outcomes, m, 'commit')), `${slug}: nothing prepared for a commit`)
  }
  for (const m of models) {
    const slug = m.slice('outcome__'.length)
    const links = htmlReportLinks(join(outcomes, `vitest-report__${slug}`))
    check(checks, links.total > 0 && links.missing.length === 0, `${slug}: the merged Vitest HTML report's attachment links open files of the report (${links.total - links.missing.length} of ${links.total})`)
  }
  const shardLogs = existsSync(join(o.work, 'temp')) ? readdirSync(join(o.work, 'temp')).filter((n) => n.startsWith('shard-')) : []
  const quiet = shardLogs.filter((leg) => !/^\[orgbench\] \S+ +\S+ × \S+ #\d+ · /m.test(stepLogs(join(o.work, 'temp', leg))))
  check(checks, shardLogs.length > 0 && quiet.length === 0, `every shard's log has a progress line per case${quiet.length > 0 ? `; none in ${quiet.join(', ')}` : ''}`)
  check(checks, existsSync(join(outcomes, 'orgbench-report', 'index.html')) && existsSync(join(outcomes, 'orgbench-report', 'history.html')), 'the report and the history page were uploaded')
  check(checks, !readdirSync(outcomes).some((n) => n.startsWith('github-pages')), 'no Pages site was uploaded')
  // A re-run of the first shard (attempt 2) restores the journal its first attempt uploaded and resumes that run.
  const plan = run.jobs.plan?.outputs ?? {}
  const first = (JSON.parse(plan.matrix || '{"include":[]}') as { include: Array<{ slug?: string }> }).include.slice(0, 1)
  if (first.length > 0) {
    const journalName = readdirSync(outcomes).find((n) => n.startsWith('journal__') && n.endsWith('__1'))
    const runId = journalName ? readdirSync(join(outcomes, journalName))[0] : undefined
    if (!journalName || !runId) {
      // A first shard that failed before uploading its journal leaves nothing to resume: a failed check, not a crash.
      check(checks, false, 'a re-run of shard 1 (attempt 2) resumes its run: its first attempt uploaded no journal')
    } else {
      checks.push(...rerunShardChecks({ workflow, o, run, leg: first[0]!, journalName, runId }))
    }
  }
  const summary = Object.entries(run.summaries).find(([k]) => k.startsWith('merge'))?.[1] ?? ''
  check(checks, summary.includes('### Per topology, all tasks') && summary.includes('### Per task') && summary.includes('### Regression gate') && summary.includes('### Missed must-catch items'), 'the merge job summary has the run summary, the gate and the missed must-catch items')
  return { ok: checks.every((c) => c.ok), checks, run }
}

/**
 * "Re-run failed jobs" after shard 1 failed: GitHub runs the shard again as attempt 2 of the same
 * workflow run, then every job that needs it, whose artifact names the first attempt took already.
 * The first attempt is made to look failed here: shard 1's blob report is gone and its merge left a
 * partial outcome. The re-run must resume the shard's run, upload everything again, and the collect
 * job must read the re-run's outcome.
 */
function rerunShardChecks(x: { workflow: string; o: { repo: string; work: string; inputs?: Record<string, string>; log: (l: string) => void }; run: LocalRunResult; leg: { slug?: string }; journalName: string; runId: string }): ScenarioReport['checks'] {
  const { o, run } = x
  const checks: ScenarioReport['checks'] = []
  const artifacts = join(o.work, 'artifacts')
  const slug = x.leg.slug ?? 'sim-strong'
  rmSync(join(artifacts, `blob__${slug}__1`), { recursive: true, force: true })
  const outcomeFile = join(artifacts, `outcome__${slug}`, 'models', slug, 'outcome.json')
  if (existsSync(outcomeFile)) {
    const partial = { ...(JSON.parse(readFileSync(outcomeFile, 'utf8')) as Record<string, unknown>), status: 'partial', statusReasons: ['shard 1 was not merged'], fail: true, failReasons: ['the run is partial: shard 1 was not merged'] }
    writeFileSync(outcomeFile, JSON.stringify(partial))
  }
  const jobs = workflowJobs(x.workflow)
  const again = ['shard', ...dependents(jobs, 'shard')]
  // The jobs not run again keep their first attempt's outputs; the plan's matrix is cut to shard 1.
  const kept = Object.fromEntries(Object.entries(run.jobs).filter(([job]) => !again.includes(job)).map(([job, r]) => [job, r.outputs]))
  const plan = kept.plan ?? {}
  const rerun = runWorkflowLocally({ workflow: x.workflow, repo: o.repo, work: o.work, event: o.inputs ? 'workflow_dispatch' : 'schedule', inputs: o.inputs ?? {}, only: again, needsOutputs: { ...kept, plan: { ...plan, matrix: JSON.stringify({ include: [x.leg] }) } }, runAttempt: 2, log: o.log })
  const logs = stepLogs(join(o.work, 'temp', 'shard-1'))
  check(checks, rerun.jobs.shard?.result === 'success' && logs.includes(`resuming run ${x.runId}`), `a re-run of shard 1 (attempt 2) resumes its run ${x.runId} from the journal its first attempt uploaded`)
  check(checks, readdirSync(join(artifacts, x.journalName)).join() === x.runId, 'and uploads the journal of that same run again')
  const ranAgain = again.filter((job) => job !== 'shard' && rerun.jobs[job]?.result !== 'skipped')
  const failedUploads = rerun.steps.filter((st) => st.outcome === 'failure').map((st) => `${st.job}: ${st.step}${st.note ? ` (${st.note.split('\n')[0]})` : ''}`)
  check(checks, ranAgain.length > 0 && ranAgain.every((job) => rerun.jobs[job]?.result === 'success'), `the jobs after it run again and succeed, their uploads included (${ranAgain.map((job) => `${job} ${rerun.jobs[job]?.result}`).join(', ')})${failedUploads.length > 0 ? `; failed: ${failedUploads.join('; ')}` : ''}`)
  const status = existsSync(outcomeFile) ? (JSON.parse(readFileSync(outcomeFile, 'utf8')) as { status?: string }).status : 'none'
  check(checks, status === 'complete' && rerun.jobs.collect?.outputs.fail === 'false', `the collect job reads the re-run's outcome, not the first attempt's partial one (outcome ${status}, collect fail ${rerun.jobs.collect?.outputs.fail ?? 'not run'})`)
  return checks
}

/** The logs of a job's steps, one after another. */
function stepLogs(temp: string): string {
  return readdirSync(temp).filter((n) => n.endsWith('.log')).map((n) => readFileSync(join(temp, n), 'utf8')).join('\n')
}

/**
 * The attachment files a Vitest HTML report links to (./data/<file name>; its metadata names each
 * by the path it had where the tests ran, in .vitest/attachments/) and those missing from its data/.
 */
function htmlReportLinks(report: string): { total: number; missing: string[] } {
  const meta = join(report, 'html.meta.json.gz')
  if (!existsSync(meta)) return { total: 0, missing: [] }
  const text = gunzipSync(readFileSync(meta)).toString('utf8')
  const files = [...new Set([...text.matchAll(/\.vitest\/attachments\/([^"/\\]+)"/g)].map((m) => m[1]!))]
  return { total: files.length, missing: files.filter((f) => !existsSync(join(report, 'data', f))) }
}

const GH_STUB = `#!/usr/bin/env bash
# Stands in for the GitHub CLI: records its arguments; "issue list" answers from $GH_STUB_OPEN_ISSUE.
printf '%s\\n' "$*" >> "$GH_STUB_LOG"
case "$1 $2" in
  "issue list") if [ -n "\${GH_STUB_OPEN_ISSUE:-}" ]; then echo "$GH_STUB_OPEN_ISSUE"; fi ;;
esac
exit 0
`

const RECEIVER = `const http = require('node:http'); const fs = require('node:fs')
const server = http.createServer((req, res) => { let body = ''; req.on('data', (c) => (body += c)); req.on('end', () => { fs.appendFileSync(process.argv[2], req.method + ' ' + req.headers['content-type'] + '\\n' + body + '\\n'); res.end('ok') }) })
server.listen(0, '127.0.0.1', () => fs.writeFileSync(process.argv[3], String(server.address().port)))
setTimeout(() => process.exit(0), 120000)
`

/** Scenario 2 (see the module comment): `payload` is a folder of compacted runs to commit (results/runs layout). */
export async function publishScenario(o: { repo: string; work: string; payload: string; log: (l: string) => void }): Promise<ScenarioReport> {
  const workflow = join(o.repo, '.github', 'workflows', 'benchmark.yml')
  const bin = join(o.work, 'bin')
  mkdirSync(bin, { recursive: true })
  writeFileSync(join(bin, 'gh'), GH_STUB)
  chmodSync(join(bin, 'gh'), 0o755)
  const ghLog = join(o.work, 'gh.log')
  writeFileSync(ghLog, '')
  // The artifacts the collect job leaves for commit and notify.
  const artifacts = join(o.work, 'artifacts')
  cpSync(o.payload, join(artifacts, 'commit', 'commit', 'results', 'runs'), { recursive: true })
  writeFileSync(join(artifacts, 'commit', 'overview.md'), '# orgbench weekly benchmark (local check)\n')
  mkdirSync(join(artifacts, 'notification'), { recursive: true })
  writeFileSync(join(artifacts, 'notification', 'notification.md'), '# orgbench weekly benchmark: FAIL (local check)\n')
  const hooks = join(o.work, 'webhook.log')
  const portFile = join(o.work, 'webhook.port')
  writeFileSync(join(o.work, 'receiver.cjs'), RECEIVER)
  const receiver: ChildProcess = spawn(process.execPath, [join(o.work, 'receiver.cjs'), hooks, portFile], { stdio: 'ignore' })
  try {
    // The receiver writes its port once listening; the file can exist a moment before the number is in it.
    const portNow = () => (existsSync(portFile) ? readFileSync(portFile, 'utf8').trim() : '')
    for (let i = 0; i < 200 && !/^\d+$/.test(portNow()); i++) await new Promise((r) => setTimeout(r, 50))
    const port = portNow()
    if (!/^\d+$/.test(port)) throw new Error(`the local webhook receiver did not start: no port in ${portFile} after 10 s`)
    const needsOutputs = { collect: { commit: 'true', notify: 'true', deploy: 'false', fail: 'true' }, pages: { page_url: 'https://example.invalid/orgbench/' } }
    const common = { workflow, repo: o.repo, work: o.work, event: 'schedule' as const, only: ['commit', 'notify'], needsOutputs, extraPath: bin, log: o.log }
    const first = runWorkflowLocally({ ...common, extraEnv: { GH_STUB_LOG: ghLog }, secrets: { ORGBENCH_WEBHOOK_URL: `http://127.0.0.1:${port}/hook` } })
    const second = runWorkflowLocally({ ...common, only: ['notify'], extraEnv: { GH_STUB_LOG: ghLog, GH_STUB_OPEN_ISSUE: '17' }, secrets: {} })
    const checks: ScenarioReport['checks'] = []
    check(checks, first.jobs.commit?.result === 'success' && first.jobs.notify?.result === 'success' && second.jobs.notify?.result === 'success', `jobs: commit ${first.jobs.commit?.result}, notify ${first.jobs.notify?.result}, notify again ${second.jobs.notify?.result}`)
    const remote = join(o.work, 'remote.git')
    const branch = spawnSync('git', ['ls-tree', '-r', '--name-only', 'refs/heads/benchmark/weekly-4242'], { cwd: remote, encoding: 'utf8' }).stdout
    const files = readdirSync(o.payload)
    check(checks, files.length > 0 && files.every((f) => branch.includes(`results/runs/${f}`)), `branch benchmark/weekly-4242 pushed with ${files.join(', ')}`)
    const main = spawnSync('git', ['ls-tree', '-r', '--name-only', 'refs/heads/main'], { cwd: remote, encoding: 'utf8' }).stdout
    check(checks, files.every((f) => !main.includes(`results/runs/${f}`)), 'the default branch is untouched')
    const calls = readFileSync(ghLog, 'utf8')
    check(checks, /^pr create --base main --head benchmark\/weekly-4242/m.test(calls), 'a pull request is opened from the branch')
    check(checks, /^issue create --title .* --label orgbench-regression --body-file/m.test(calls), 'with no open issue, a new issue is opened')
    check(checks, /^issue comment 17 --body-file/m.test(calls), 'with issue 17 open, it is commented on instead')
    const posted = existsSync(hooks) ? readFileSync(hooks, 'utf8') : ''
    check(checks, posted.startsWith('POST application/json\n') && posted.includes('FAIL (local check)') && posted.includes('example.invalid'), 'the webhook received the same text as JSON, with the link to the pages')
    return { ok: checks.every((c) => c.ok), checks, run: first }
  } finally {
    receiver.kill()
  }
}

/** Scenario 3 (see the module comment). */
export function browserJobScenario(o: { repo: string; work: string; log: (l: string) => void }): ScenarioReport {
  const run = runWorkflowLocally({ workflow: join(o.repo, '.github', 'workflows', 'ci.yml'), repo: o.repo, work: o.work, event: 'pull_request', only: ['browser'], log: o.log })
  const checks: ScenarioReport['checks'] = []
  check(checks, run.jobs.browser?.result === 'success', `job browser: ${run.jobs.browser?.result ?? 'did not run'}`)
  const site = join(o.work, 'artifacts', 'report-check')
  for (const file of ['index.html', 'screenshot.png', 'history.html', 'history.png']) check(checks, existsSync(join(site, file)), `uploaded ${file}`)
  return { ok: checks.every((c) => c.ok), checks, run }
}
