import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { declaredInputs, dependents, dispatchInputs, eventPayload, jobOrder, matrixLegs, parseOutputFile, runWorkflowLocally } from '../../../lib/ci/local/run.js'
import { repoWith as withFiles } from '../../support/repo.js'
import { tempDir } from '../../support/temp.js'

/** A tiny repository holding `workflow` as wf.yml. */
const repoWith = (workflow: string) => withFiles({ 'hello.txt': 'hello\n', 'wf.yml': workflow })

/** A plan whose matrix fans out, artifacts, a summary and an always() job. */
const WORKFLOW = `
on: workflow_dispatch
env:
  GLOBAL: g
jobs:
  plan:
    runs-on: ubuntu-latest
    outputs:
      matrix: \${{ steps.p.outputs.matrix }}
    steps:
      - uses: actions/checkout@v4
      - id: p
        env:
          N: \${{ inputs.n || '2' }}
        run: |
          echo "matrix={\\"include\\":[{\\"i\\":1},{\\"i\\":$N}]}" >> "$GITHUB_OUTPUT"
          echo "# planned $N" >> "$GITHUB_STEP_SUMMARY"
  work:
    needs: plan
    runs-on: ubuntu-latest
    strategy:
      matrix: \${{ fromJSON(needs.plan.outputs.matrix) }}
    steps:
      - uses: actions/checkout@v4
      - run: mkdir -p out && cat hello.txt > "out/part-\${{ matrix.i }}.txt" && echo "$GLOBAL" >> "out/part-\${{ matrix.i }}.txt"
      - uses: actions/upload-artifact@v4
        with:
          name: part-\${{ matrix.i }}
          path: out/
  gather:
    needs: work
    runs-on: ubuntu-latest
    steps:
      - uses: actions/download-artifact@v4
        with:
          pattern: part-*
          path: all
          merge-multiple: true
      - run: ls all > listing.txt && cat listing.txt && test "$(ls all | wc -l)" = 2
      - run: exit 3
      - name: after a failure
        if: \${{ always() }}
        run: echo ran
      - name: skipped after a failure
        run: echo never
  last:
    needs: gather
    if: \${{ always() }}
    runs-on: ubuntu-latest
    steps:
      - env:
          GATHER: \${{ needs.gather.result }}
        run: echo "gather was $GATHER" >> "$GITHUB_STEP_SUMMARY"
      - uses: some/other-action@v1
`

describe('running a workflow locally', () => {
  test('jobs in order of needs, matrices fanned out, outputs, artifacts, summaries, if: always() and failures', () => {
    const repo = repoWith(WORKFLOW)
    const work = tempDir()
    const lines: string[] = []
    const r = runWorkflowLocally({ workflow: join(repo, 'wf.yml'), repo, work, event: 'workflow_dispatch', inputs: { n: '7' }, log: (l) => lines.push(l) })
    expect(r.jobs.plan).toEqual({ result: 'success', outputs: { matrix: '{"include":[{"i":1},{"i":7}]}' } })
    expect(r.jobs.work!.result).toBe('success')
    expect(r.artifacts).toEqual(['part-1', 'part-7'])
    expect(readFileSync(join(work, 'artifacts', 'part-7', 'part-7.txt'), 'utf8')).toBe('hello\ng\n')
    expect(r.jobs.gather!.result).toBe('failure')
    const gather = r.steps.filter((s) => s.job === 'gather').map((s) => [s.step, s.outcome])
    expect(gather).toEqual([
      ['actions/download-artifact@v4', 'emulated'],
      ['ls all > listing.txt && cat listing.txt && test "$(ls all | wc -l)" = 2', 'success'],
      ['exit 3', 'failure'],
      ['after a failure', 'success'],
      ['skipped after a failure', 'skipped'],
    ])
    expect(r.summaries.plan).toBe('# planned 7\n')
    expect(r.summaries.last).toBe('gather was failure\n')
    expect(r.steps.find((s) => s.step === 'some/other-action@v1')).toMatchObject({ outcome: 'not-runnable' })
    expect(r.jobs.last!.result).toBe('failure')
  })

  test('a scheduled run sees no default branch in its event, only the branch it runs on', () => {
    const repo = repoWith(`on:
  schedule:
    - cron: '0 8 * * 1'
jobs:
  one:
    runs-on: ubuntu-latest
    steps:
      - env:
          EVENT_BASE: \${{ github.event.repository.default_branch }}
          BASE: \${{ github.event.repository.default_branch || github.ref_name }}
        run: echo "[$EVENT_BASE] [$BASE] [\${{ github.event.schedule }}]" >> "$GITHUB_STEP_SUMMARY"
`)
    const r = runWorkflowLocally({ workflow: join(repo, 'wf.yml'), repo, work: tempDir(), event: 'schedule', log: () => {} })
    expect(r.summaries.one).toBe('[] [main] [0 8 * * 1]\n')
  })

  test("what a step appends to $GITHUB_ENV is set for the job's later steps, not for other jobs", () => {
    const repo = repoWith(`on: push
jobs:
  one:
    runs-on: ubuntu-latest
    env:
      LIMIT: job
    steps:
      - run: echo "before=$LIMIT" >> "$GITHUB_STEP_SUMMARY" && echo 'LIMIT=125' >> "$GITHUB_ENV"
      - run: echo "after=$LIMIT" >> "$GITHUB_STEP_SUMMARY"
  two:
    needs: one
    runs-on: ubuntu-latest
    steps:
      - run: echo "other job=\${LIMIT:-unset}" >> "$GITHUB_STEP_SUMMARY"
`)
    const r = runWorkflowLocally({ workflow: join(repo, 'wf.yml'), repo, work: tempDir(), event: 'push', log: () => {} })
    expect(r.summaries).toEqual({ one: 'before=job\nafter=125\n', two: 'other job=unset\n' })
  })

  test("an if: without a status function implies success(): skipped unless every job in the needs chain, direct or not, succeeded; !cancelled() and always() are evaluated whatever the needs' results", () => {
    const step = `    runs-on: ubuntu-latest
    steps:
      - run: echo ran`
    const repo = repoWith(`on: push
jobs:
  plan:
    runs-on: ubuntu-latest
    outputs:
      deploy: \${{ steps.p.outputs.deploy }}
    steps:
      - id: p
        run: echo 'deploy=true' >> "$GITHUB_OUTPUT"
  learning:
    needs: plan
    if: \${{ needs.plan.outputs.learning == 'true' }}
${step}
  shard:
    needs: plan
    runs-on: ubuntu-latest
    steps:
      - run: exit 1
  collect:
    needs: [plan, learning]
    if: \${{ !cancelled() }}
    outputs:
      deploy: \${{ needs.plan.outputs.deploy }}
${step}
  merge:
    needs: shard
    if: \${{ always() }}
    outputs:
      deploy: 'true'
${step}
  direct:
    needs: plan
    if: \${{ needs.plan.outputs.deploy == 'true' }}
${step}
  pages:
    needs: collect
    if: \${{ needs.collect.outputs.deploy == 'true' }}
${step}
  pages-not-cancelled:
    needs: collect
    if: \${{ !cancelled() && needs.collect.result == 'success' && needs.collect.outputs.deploy == 'true' }}
${step}
  no-condition:
    needs: collect
${step}
  after-merge:
    needs: merge
    if: \${{ needs.merge.outputs.deploy == 'true' }}
${step}
  after-merge-always:
    needs: merge
    if: \${{ always() && needs.merge.outputs.deploy == 'true' }}
${step}
  after-merge-refused:
    needs: merge
    if: \${{ always() && needs.merge.outputs.missing == 'true' }}
${step}
`)
    const r = runWorkflowLocally({ workflow: join(repo, 'wf.yml'), repo, work: tempDir(), event: 'push', log: () => {} })
    expect(Object.fromEntries(Object.entries(r.jobs).map(([job, j]) => [job, j.result]))).toEqual({
      plan: 'success',
      learning: 'skipped',
      shard: 'failure',
      collect: 'success',
      merge: 'success',
      // Every job before it succeeded.
      direct: 'success',
      // collect succeeded, but learning, which collect needs, was skipped.
      pages: 'skipped',
      'pages-not-cancelled': 'success',
      'no-condition': 'skipped',
      // merge succeeded, but shard, which merge needs, failed.
      'after-merge': 'skipped',
      'after-merge-always': 'success',
      'after-merge-refused': 'skipped',
    })
  })

  test('a checked-out job pushes only to the local bare repository', () => {
    const repo = repoWith(`on: push
jobs:
  push:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: |
          git -c user.name=t -c user.email=t@t commit -q --allow-empty -m local
          git push -q origin HEAD:refs/heads/pushed
`)
    const work = tempDir()
    const r = runWorkflowLocally({ workflow: join(repo, 'wf.yml'), repo, work, event: 'push', log: () => {} })
    expect(r.jobs.push!.result).toBe('success')
    expect(execFileSync('git', ['branch', '--list'], { cwd: repo, encoding: 'utf8' })).not.toContain('pushed')
    expect(existsSync(join(work, 'remote.git', 'refs', 'heads', 'pushed')) || execFileSync('git', ['branch', '--list', 'pushed'], { cwd: join(work, 'remote.git'), encoding: 'utf8' }).includes('pushed')).toBe(true)
  })
})

describe('helpers', () => {
  test('job order follows needs and refuses cycles', () => {
    expect(jobOrder({ c: { needs: ['a', 'b'] }, b: { needs: 'a' }, a: {} })).toEqual(['a', 'b', 'c'])
    expect(() => jobOrder({ a: { needs: 'b' }, b: { needs: 'a' } })).toThrow('cycle: a -> b -> a')
  })
  test('the jobs that need a job, directly or not, in the file\'s order: what a re-run of that job runs again', () => {
    const jobs = { plan: {}, shard: { needs: 'plan' }, learning: { needs: 'plan' }, merge: { needs: ['plan', 'shard'] }, commit: { needs: ['merge', 'learning'] }, verdict: { needs: ['commit', 'learning'] } }
    expect(dependents(jobs, 'shard')).toEqual(['merge', 'commit', 'verdict'])
    expect(dependents(jobs, 'plan')).toEqual(['shard', 'learning', 'merge', 'commit', 'verdict'])
    expect(dependents(jobs, 'verdict')).toEqual([])
  })
  test("the event's payload as GitHub fills it: a schedule's names no repository (so no default branch)", () => {
    const wf = { on: { schedule: [{ cron: '0 8 * * 1' }] } }
    expect(eventPayload('schedule', wf, {})).toEqual({ schedule: '0 8 * * 1' })
    expect(eventPayload('workflow_dispatch', wf, { shards: '2' })).toEqual({ inputs: { shards: '2' }, ref: 'refs/heads/main', repository: { default_branch: 'main', full_name: 'local/orgbench' } })
    expect(eventPayload('push', wf, {})).toEqual({ repository: { default_branch: 'main', full_name: 'local/orgbench' } })
  })
  test('a run by hand gets every declared input as GitHub fills them: the default when not given, a boolean input as a boolean', () => {
    const wf = { on: { workflow_dispatch: { inputs: { trials: { type: 'string', default: '3' }, learning: { type: 'boolean', default: true }, models: { type: 'string' } } } } }
    expect(dispatchInputs(wf, { trials: '1' })).toEqual({ trials: '1', learning: true })
    expect(dispatchInputs(wf, { learning: 'false' })).toEqual({ trials: '3', learning: false })
  })
  test('the inputs a workflow declares for a run by hand, none without workflow_dispatch', () => {
    expect(declaredInputs({ on: { workflow_dispatch: { inputs: { trials: { type: 'string', default: '3' } } } } })).toEqual({ trials: { type: 'string', default: '3' } })
    expect(declaredInputs({ on: { workflow_dispatch: null } })).toEqual({})
    expect(declaredInputs({ on: 'push' })).toEqual({})
  })
  test('matrix legs: the product of the axes, or the include list', () => {
    expect(matrixLegs({ node: [20, 22] })).toEqual([{ node: 20 }, { node: 22 }])
    expect(matrixLegs({ include: [{ m: 'a' }, { m: 'b' }] })).toEqual([{ m: 'a' }, { m: 'b' }])
    expect(matrixLegs(null)).toEqual([{}])
  })
  test('$GITHUB_OUTPUT files, plain and with delimiters', () => {
    expect(parseOutputFile('a=1\nb<<EOF\nx\ny\nEOF\nc=3=4\n')).toEqual({ a: '1', b: 'x\ny', c: '3=4' })
  })
})
