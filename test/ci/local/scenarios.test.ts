import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { browserJobScenario, publishScenario, scheduledScenario, type ScenarioReport } from '../../../lib/ci/local/scenarios.js'
import { UserError } from '../../../lib/errors.js'
import { repoWith } from '../../support/repo.js'
import { tempDir } from '../../support/temp.js'

/*
 * The scenarios run on stand-in workflows: a few shell lines per job that do what the scenario
 * checks the real workflow for (the real workflows' contents are test/workflows.test.ts's, and
 * `orgbench ci local` runs the scenarios on them). Each scenario must pass a stand-in that does
 * its job and name the check that a faulty stand-in fails.
 */

const failed = (r: ScenarioReport) => r.checks.filter((c) => !c.ok).map((c) => c.what)
const quiet = () => {}

/** The weekly run as a schedule leaves it: plan, two shards that journal (and resume on a re-run), merge, collect, verdict; nothing published. */
const SCHEDULED = `
on:
  schedule:
    - cron: '0 6 * * 1'
  workflow_dispatch:
jobs:
  plan:
    runs-on: ubuntu-latest
    outputs:
      matrix: \${{ steps.p.outputs.matrix }}
      simulated: \${{ steps.p.outputs.simulated }}
    steps:
      - id: p
        run: |
          echo 'matrix={"include":[{"shard":1},{"shard":2}]}' >> "$GITHUB_OUTPUT"
          echo 'simulated=true' >> "$GITHUB_OUTPUT"
  shard:
    needs: plan
    runs-on: ubuntu-latest
    strategy:
      matrix: \${{ fromJSON(needs.plan.outputs.matrix) }}
    steps:
      - if: \${{ github.run_attempt != '1' }}
        uses: actions/download-artifact@v4
        with:
          name: journal__sim-strong__\${{ matrix.shard }}
          path: journal
      - run: |
          if [ -d journal ]; then echo "resuming run $(ls journal)"; else mkdir -p journal/sim-run-\${{ matrix.shard }}; fi
          echo '{}' >> "journal/$(ls journal)/records.jsonl"
          echo '[orgbench] ok code_review × star #\${{ matrix.shard }} · score 80.0 · $0.01 · 1/2+ · spent $0.01'
      - uses: actions/upload-artifact@v4
        with:
          name: journal__sim-strong__\${{ matrix.shard }}
          path: journal/
          overwrite: true
  merge:
    needs: shard
    runs-on: ubuntu-latest
    steps:
      - run: |
          mkdir -p out/models/sim-strong
          echo '{"status":"complete","simulated":true,"committable":false,"gate":{"verdict":"SKIP"}}' > out/models/sim-strong/outcome.json
          printf '### Per topology, all tasks\\n### Per task\\n### Regression gate\\n### Missed must-catch items\\n' >> "$GITHUB_STEP_SUMMARY"
          mkdir -p html/data && echo '# deliverable' > html/data/deliverable-md-1a2b.md
          echo '{"path":"/home/runner/work/x/.vitest/attachments/deliverable-md-1a2b.md"}' | gzip > html/html.meta.json.gz
      - uses: actions/upload-artifact@v4
        with:
          name: outcome__sim-strong
          path: out/
          overwrite: true
      - uses: actions/upload-artifact@v4
        with:
          name: vitest-report__sim-strong
          path: html/
          overwrite: true
  collect:
    needs: merge
    if: \${{ !cancelled() }}
    runs-on: ubuntu-latest
    outputs:
      commit: \${{ steps.c.outputs.commit }}
      fail: \${{ steps.c.outputs.fail }}
    steps:
      - uses: actions/download-artifact@v4
        with:
          pattern: outcome__*
          path: outcomes
          merge-multiple: true
      - id: c
        run: |
          mkdir report && echo '<html></html>' > report/index.html && echo '<html></html>' > report/history.html
          echo 'commit=false' >> "$GITHUB_OUTPUT"
          if grep -q '"status":"complete"' outcomes/models/sim-strong/outcome.json; then echo 'fail=false' >> "$GITHUB_OUTPUT"; else echo 'fail=true' >> "$GITHUB_OUTPUT"; fi
      - uses: actions/upload-artifact@v4
        with:
          name: orgbench-report
          path: report/
          overwrite: true
  verdict:
    needs: collect
    if: \${{ always() }}
    runs-on: ubuntu-latest
    steps:
      - run: echo 'no regression'
  commit:
    needs: collect
    if: \${{ needs.collect.outputs.commit == 'true' }}
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: git push -q origin HEAD:refs/heads/benchmark/weekly-$GITHUB_RUN_ID
  notify:
    needs: collect
    if: \${{ needs.collect.outputs.commit == 'true' }}
    runs-on: ubuntu-latest
    steps:
      - run: echo notify
  pages:
    needs: collect
    if: \${{ needs.collect.outputs.commit == 'true' }}
    runs-on: ubuntu-latest
    steps:
      - run: echo deploy
`

/** The jobs that need GitHub's API: commit pushes a branch and opens a pull request; notify opens or comments on an issue and posts the webhook. */
const PUBLISH = `
on:
  schedule:
    - cron: '0 6 * * 1'
jobs:
  collect:
    runs-on: ubuntu-latest
    steps:
      - run: echo 'stands for the collect job, whose outputs the scenario hands over'
  pages:
    runs-on: ubuntu-latest
    steps:
      - run: echo 'stands for the pages job'
  commit:
    needs: collect
    if: \${{ needs.collect.outputs.commit == 'true' }}
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/download-artifact@v4
        with:
          name: commit
          path: payload
      - run: |
          branch="benchmark/weekly-$GITHUB_RUN_ID"
          git checkout -q -b "$branch"
          mkdir -p results && cp -r payload/commit/results/runs results/
          git add results
          git -c user.name=bot -c user.email=bot@example.invalid commit -qm 'weekly results'
          git push -q origin "$branch"
          gh pr create --base main --head "$branch" --title 'Weekly results' --body-file payload/overview.md
  notify:
    needs: [collect, pages]
    if: \${{ needs.collect.outputs.notify == 'true' }}
    runs-on: ubuntu-latest
    steps:
      - uses: actions/download-artifact@v4
        with:
          name: notification
          path: n
      - env:
          WEBHOOK: \${{ secrets.ORGBENCH_WEBHOOK_URL }}
          PAGE: \${{ needs.pages.outputs.page_url }}
        run: |
          open=$(gh issue list --label orgbench-regression --state open)
          if [ -n "$open" ]; then gh issue comment "$open" --body-file n/notification.md; else gh issue create --title 'orgbench regression' --label orgbench-regression --body-file n/notification.md; fi
          if [ -n "$WEBHOOK" ]; then node -e 'fetch(process.env.WEBHOOK, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ text: require("fs").readFileSync("n/notification.md", "utf8") + process.env.PAGE }) }).then((r) => process.exit(r.ok ? 0 : 1))'; fi
`

/** The pull-request workflow's browser job: the checked pages and their screenshots, uploaded. */
const BROWSER = `
on: pull_request
jobs:
  browser:
    runs-on: ubuntu-latest
    steps:
      - run: mkdir site && for f in index.html screenshot.png history.html history.png; do echo x > "site/$f"; done
      - if: \${{ always() }}
        uses: actions/upload-artifact@v4
        with:
          name: report-check
          path: site/
`

describe('the scheduled scenario', () => {
  const run = (workflow: string) => scheduledScenario({ repo: repoWith({ '.github/workflows/benchmark.yml': workflow }), work: tempDir(), log: quiet })

  test('passes a weekly run that plans, shards, merges and reports, resumes a re-run shard, and publishes nothing', () => {
    const r = run(SCHEDULED)
    expect(failed(r)).toEqual([])
    expect(r.ok).toBe(true)
    expect(r.checks.map((c) => c.what)).toEqual([
      'job plan: success',
      'job shard: success',
      'job merge: success',
      'job collect: success',
      'job verdict: success',
      'job commit skipped: skipped',
      'job notify skipped: skipped',
      'job pages skipped: skipped',
      'nothing was pushed to the remote',
      'the plan says simulated (no endpoint)',
      'outcome artifacts: outcome__sim-strong',
      'sim-strong: complete, simulated true, committable false, gate SKIP',
      'sim-strong: nothing prepared for a commit',
      "sim-strong: the merged Vitest HTML report's attachment links open files of the report (1 of 1)",
      "every shard's log has a progress line per case",
      'the report and the history page were uploaded',
      'no Pages site was uploaded',
      'a re-run of shard 1 (attempt 2) resumes its run sim-run-1 from the journal its first attempt uploaded',
      'and uploads the journal of that same run again',
      'the jobs after it run again and succeed, their uploads included (merge success, collect success, verdict success)',
      "the collect job reads the re-run's outcome, not the first attempt's partial one (outcome complete, collect fail false)",
      'the merge job summary has the run summary, the gate and the missed must-catch items',
    ])
  })

  test('fails a run that commits, pushes and calls its outcome committable', () => {
    const publishing = SCHEDULED.replace("echo 'commit=false'", "echo 'commit=true'").replace('"committable":false,"gate":{"verdict":"SKIP"}', '"committable":true,"gate":{"verdict":"PASS"}')
    const r = run(publishing)
    expect(r.ok).toBe(false)
    expect(failed(r)).toEqual([
      'job commit skipped: success',
      'job notify skipped: success',
      'job pages skipped: success',
      'nothing was pushed to the remote',
      'sim-strong: complete, simulated true, committable true, gate PASS',
    ])
  })

  test("fails a merged HTML report whose attachments stayed behind on the shards, and shards that log no progress", () => {
    const r = run(SCHEDULED.replace("echo '# deliverable' > html/data/deliverable-md-1a2b.md", 'true').replace("echo '[orgbench] ok code_review", "echo 'done code_review"))
    expect(failed(r)).toEqual([
      "sim-strong: the merged Vitest HTML report's attachment links open files of the report (0 of 1)",
      "every shard's log has a progress line per case; none in shard-1, shard-2",
    ])
  })

  test('fails a re-run shard that starts a new run instead of resuming its journal', () => {
    const r = run(SCHEDULED.replace('echo "resuming run $(ls journal)"', 'echo "new run"'))
    expect(failed(r)).toEqual(['a re-run of shard 1 (attempt 2) resumes its run sim-run-1 from the journal its first attempt uploaded'])
  })

  test("fails a re-run whose merge cannot upload its outcome again (the first attempt's name is taken), so that collect reads the first attempt's", () => {
    const r = run(SCHEDULED.replace('name: outcome__sim-strong\n          path: out/\n          overwrite: true', 'name: outcome__sim-strong\n          path: out/'))
    expect(failed(r)).toEqual([
      'the jobs after it run again and succeed, their uploads included (merge failure, collect success, verdict success); failed: merge: actions/upload-artifact@v4 (artifact outcome__sim-strong already exists)',
      "the collect job reads the re-run's outcome, not the first attempt's partial one (outcome partial, collect fail true)",
    ])
  })

  test('stops with the line the failed plan job printed (the input it refused) when the plan fails, since the jobs after it need its matrix', () => {
    const refused = SCHEDULED.replace("echo 'matrix=", `echo 'orgbench ci plan: input tracks: unknown track "financ"' >&2; exit 2\n          echo 'matrix=`)
    expect(() => run(refused)).toThrow(new UserError('the plan job failed: orgbench ci plan: input tracks: unknown track "financ"'))
  })

  test('reports a shard that fails before uploading its journal as failed checks, without trying to resume it', () => {
    const r = run(SCHEDULED.replace("if [ -d journal ]", "exit 1\n          if [ -d journal ]"))
    expect(r.ok).toBe(false)
    expect(failed(r)).toEqual([
      'job shard: failure',
      'job merge: skipped',
      'outcome artifacts: ',
      "every shard's log has a progress line per case; none in shard-1, shard-2",
      'a re-run of shard 1 (attempt 2) resumes its run: its first attempt uploaded no journal',
      'the merge job summary has the run summary, the gate and the missed must-catch items',
    ])
  })
})

describe('the publish scenario', () => {
  function run(workflow: string) {
    const payload = tempDir()
    for (const f of ['sim-run.json', 'sim-run.records.jsonl.gz']) writeFileSync(join(payload, f), '{}\n')
    return publishScenario({ repo: repoWith({ '.github/workflows/benchmark.yml': workflow }), work: tempDir(), payload, log: quiet })
  }

  test('passes commit and notify jobs that push the results branch, open a pull request, open or comment on the issue and post the webhook', async () => {
    const r = await run(PUBLISH)
    expect(failed(r)).toEqual([])
    expect(r.checks.map((c) => c.what)).toEqual([
      'jobs: commit success, notify success, notify again success',
      'branch benchmark/weekly-4242 pushed with sim-run.json, sim-run.records.jsonl.gz',
      'the default branch is untouched',
      'a pull request is opened from the branch',
      'with no open issue, a new issue is opened',
      'with issue 17 open, it is commented on instead',
      'the webhook received the same text as JSON, with the link to the pages',
    ])
  })

  test('fails a notify job that opens a new issue even when one is open, and one that posts no webhook', async () => {
    const r = await run(PUBLISH.replace('if [ -n "$open" ]', 'if false').replace('if [ -n "$WEBHOOK" ]', 'if false'))
    expect(r.ok).toBe(false)
    expect(failed(r)).toEqual(['with issue 17 open, it is commented on instead', 'the webhook received the same text as JSON, with the link to the pages'])
  })
})

describe('the browser job scenario', () => {
  const run = (workflow: string) => browserJobScenario({ repo: repoWith({ '.github/workflows/ci.yml': workflow }), work: tempDir(), log: quiet })

  test('passes a browser job that uploads both pages and their screenshots', () => {
    const r = run(BROWSER)
    expect(r.ok).toBe(true)
    expect(r.checks.map((c) => c.what)).toEqual(['job browser: success', 'uploaded index.html', 'uploaded screenshot.png', 'uploaded history.html', 'uploaded history.png'])
  })

  test('fails a browser job that breaks before the history screenshot, naming the job and the missing file', () => {
    const r = run(BROWSER.replace('history.html history.png; do echo x > "site/$f"; done', 'history.html; do echo x > "site/$f"; done; exit 1'))
    expect(failed(r)).toEqual(['job browser: failure', 'uploaded history.png'])
  })
})
