import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { emulate, git, linkNodeModules } from './actions.js'
import { parse } from 'yaml'
import { condition, type ExprContext, interpolate, stringify, type Value } from './expr.js'

/*
 * Runs a GitHub workflow on this machine, step by step, as far as that is possible without GitHub:
 * jobs in the order of their needs (a job whose `if:` has no status function is skipped unless every
 * job in its needs chain succeeded, as GitHub's implied success() does), matrices expanded, `${{ }}` evaluated, every `run:` block
 * executed by bash (`-eo pipefail`, as Actions does) with the env a job would have ($GITHUB_OUTPUT,
 * $GITHUB_ENV, $GITHUB_STEP_SUMMARY, $RUNNER_TEMP, ...), step and job outputs passed on, and what a
 * step appends to $GITHUB_ENV set for the job's later steps. The official actions
 * are emulated: checkout (each job gets a fresh clone of the repository's committed HEAD, its origin a local bare
 * repository, so nothing can reach a real remote), setup-node (the Node running this), upload- and
 * download-artifact (a local folder per artifact), upload-pages-artifact and deploy-pages (the site
 * is kept, nothing is deployed). `npm ci` links the repository's node_modules instead of
 * installing. Anything else a step `uses:` is reported as not runnable.
 */

export interface LocalRunOptions {
  /** The workflow file. */
  workflow: string
  /** The repository the jobs check out (its committed HEAD, as a fresh clone has it). */
  repo: string
  /** An empty folder for workspaces, artifacts, summaries and the bare remote. */
  work: string
  event: 'schedule' | 'workflow_dispatch' | 'pull_request' | 'push'
  inputs?: Record<string, string | boolean>
  secrets?: Record<string, string>
  vars?: Record<string, string>
  /** Run only these jobs (their needs are taken as succeeded with `needsOutputs`). */
  only?: readonly string[]
  needsOutputs?: Record<string, Record<string, string>>
  /** Prepended to PATH in every step (e.g. a folder with a stand-in `gh`). */
  extraPath?: string
  /** Added to every step's environment (e.g. where a stand-in writes its log). */
  extraEnv?: Record<string, string>
  /** github.run_attempt: above 1 for a re-run of failed jobs (default 1). */
  runAttempt?: number
  log: (line: string) => void
}

export interface StepResult {
  job: string
  step: string
  outcome: 'success' | 'failure' | 'skipped' | 'emulated' | 'not-runnable'
  note?: string
}

export interface LocalRunResult {
  jobs: Record<string, { result: 'success' | 'failure' | 'skipped'; outputs: Record<string, string> }>
  steps: StepResult[]
  /** Artifacts by name, as folders under work/artifacts. */
  artifacts: string[]
  /** Job summaries by job (and matrix leg) name. */
  summaries: Record<string, string>
}

interface StepDef {
  name?: string
  id?: string
  uses?: string
  run?: string
  if?: string | boolean
  env?: Record<string, unknown>
  with?: Record<string, unknown>
  'continue-on-error'?: boolean
}
interface JobDef {
  needs?: string | string[]
  if?: string | boolean
  name?: string
  env?: Record<string, unknown>
  outputs?: Record<string, string>
  strategy?: { matrix?: unknown }
  steps?: StepDef[]
}
interface WorkflowDef {
  on?: { schedule?: Array<{ cron?: string }>; workflow_dispatch?: { inputs?: Record<string, { type?: string; default?: string | boolean }> } | null } | string | string[]
  env?: Record<string, unknown>
  jobs: Record<string, JobDef>
}

/** The inputs a workflow declares for a run by hand (workflow_dispatch), by name; none without that event. */
export function declaredInputs(wf: Pick<WorkflowDef, 'on'>): Record<string, { type?: string; default?: string | boolean }> {
  return (typeof wf.on === 'object' && !Array.isArray(wf.on) ? wf.on.workflow_dispatch?.inputs : undefined) ?? {}
}

/** The inputs a workflow file declares for a run by hand (see declaredInputs). */
export function workflowInputs(workflow: string): ReturnType<typeof declaredInputs> {
  return declaredInputs(parse(readFileSync(workflow, 'utf8')) as WorkflowDef)
}

/**
 * The inputs of a run by hand as GitHub fills them: every declared input, its default when not
 * given, and a boolean input as a boolean.
 */
export function dispatchInputs(wf: Pick<WorkflowDef, 'on'>, given: Record<string, string | boolean>): Record<string, string | boolean> {
  const declared = declaredInputs(wf)
  const inputs: Record<string, string | boolean> = { ...given }
  for (const [name, def] of Object.entries(declared)) {
    const value = inputs[name] ?? def.default
    if (value === undefined) continue
    inputs[name] = def.type === 'boolean' ? value === true || value === 'true' : value
  }
  return inputs
}

/**
 * github.event as GitHub fills it for each event: a schedule's payload holds only the schedule (no
 * repository, so no default branch: a scheduled run is on the default branch, github.ref_name); the
 * other events name the repository.
 */
export function eventPayload(event: LocalRunOptions['event'], wf: Pick<WorkflowDef, 'on'>, inputs: Record<string, string | boolean>): Record<string, Value> {
  if (event === 'schedule') {
    const on = typeof wf.on === 'object' && !Array.isArray(wf.on) ? wf.on : {}
    return { schedule: on.schedule?.[0]?.cron ?? '' }
  }
  const repository = { default_branch: 'main', full_name: 'local/orgbench' }
  return event === 'workflow_dispatch' ? { inputs, ref: 'refs/heads/main', repository } : { repository }
}

const needsOf = (j: JobDef) => (j.needs === undefined ? [] : Array.isArray(j.needs) ? j.needs : [j.needs])

/** Jobs in an order where every job comes after the jobs it needs. */
export function jobOrder(jobs: Record<string, JobDef>): string[] {
  const done: string[] = []
  const visit = (name: string, path: string[]) => {
    if (done.includes(name)) return
    if (path.includes(name)) throw new Error(`jobs need each other in a cycle: ${[...path, name].join(' -> ')}`)
    for (const n of needsOf(jobs[name]!)) visit(n, [...path, name])
    done.push(name)
  }
  for (const name of Object.keys(jobs)) visit(name, [])
  return done
}

/** The jobs that need `job`, directly or through other jobs, in the workflow file's order: what "Re-run failed jobs" runs again after it. */
export function dependents(jobs: Record<string, JobDef>, job: string): string[] {
  const found = new Set<string>()
  let grew = true
  while (grew) {
    grew = false
    for (const [name, def] of Object.entries(jobs)) {
      if (found.has(name) || !needsOf(def).some((n) => n === job || found.has(n))) continue
      found.add(name)
      grew = true
    }
  }
  return Object.keys(jobs).filter((name) => found.has(name))
}

/** The legs of a job's matrix: one empty leg without a matrix; `include` lists or the product of the keys. */
export function matrixLegs(matrix: Value): Array<Record<string, Value>> {
  if (matrix === null || typeof matrix !== 'object' || Array.isArray(matrix)) return [{}]
  const { include, exclude: _, ...axes } = matrix
  let legs: Array<Record<string, Value>> = [{}]
  for (const [key, values] of Object.entries(axes)) legs = legs.flatMap((leg) => (Array.isArray(values) ? values : [values]).map((v) => ({ ...leg, [key]: v })))
  if (Array.isArray(include)) {
    const extra = include.filter((x): x is Record<string, Value> => x !== null && typeof x === 'object' && !Array.isArray(x))
    legs = Object.keys(axes).length === 0 ? extra : [...legs, ...extra]
  }
  return legs
}

/** Reads a file written in the $GITHUB_OUTPUT format (name=value, or name<<DELIMITER ... DELIMITER). */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    const heredoc = /^([A-Za-z_][A-Za-z0-9_-]*)<<(.+)$/.exec(line)
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1)
      if (end < 0) throw new Error(`output ${heredoc[1]}: no closing delimiter ${heredoc[2]}`)
      out[heredoc[1]!] = lines.slice(i + 1, end).join('\n')
      i = end
      continue
    }
    const at = line.indexOf('=')
    if (at > 0) out[line.slice(0, at)] = line.slice(at + 1)
  }
  return out
}

/** The jobs of a workflow file. */
export function workflowJobs(workflow: string): Record<string, JobDef> {
  return (parse(readFileSync(workflow, 'utf8')) as WorkflowDef).jobs
}

/** Runs the workflow (see the module comment). */
export function runWorkflowLocally(o: LocalRunOptions): LocalRunResult {
  const wf = parse(readFileSync(o.workflow, 'utf8')) as WorkflowDef
  const artifacts = join(o.work, 'artifacts')
  const remote = join(o.work, 'remote.git')
  mkdirSync(artifacts, { recursive: true })
  if (!existsSync(remote)) git(o.work, ['clone', '-q', '--bare', o.repo, remote])
  const result: LocalRunResult = { jobs: {}, steps: [], artifacts: [], summaries: {} }
  // Whether a job and every job in its needs chain succeeded: what success() asks of a job's needs.
  const chainSucceeded: Record<string, boolean> = {}
  for (const [job, outputs] of Object.entries(o.needsOutputs ?? {})) {
    result.jobs[job] = { result: 'success', outputs }
    chainSucceeded[job] = true
  }
  const github: Record<string, Value> = {
    event_name: o.event,
    run_id: '4242',
    run_attempt: String(o.runAttempt ?? 1),
    server_url: 'https://github.invalid',
    repository: 'local/orgbench',
    token: 'local-token-not-valid',
    ref: 'refs/heads/main',
    ref_name: 'main',
  }
  const inputs = o.event === 'workflow_dispatch' ? dispatchInputs(wf, o.inputs ?? {}) : {}
  github.event = eventPayload(o.event, wf, inputs)

  for (const job of jobOrder(wf.jobs)) {
    if (o.only && !o.only.includes(job)) continue
    const def = wf.jobs[job]!
    const needs: Record<string, Value> = {}
    for (const n of needsOf(def)) needs[n] = result.jobs[n] ?? { result: 'skipped', outputs: {} }
    // success(), implied by an `if:` without a status function, holds only when every job in the needs chain, direct or not, succeeded (actions/runner#491).
    const chainOk = needsOf(def).every((n) => chainSucceeded[n] === true)
    const base: Record<string, Value> = { github, inputs, secrets: o.secrets ?? {}, vars: o.vars ?? {}, needs, env: {}, matrix: {}, steps: {}, runner: { temp: '', os: 'Linux' }, strategy: {}, job: {} }
    const jobCtx: ExprContext = { contexts: base, status: { success: chainOk, cancelled: false } }
    if (!condition(def.if, jobCtx)) {
      o.log(`job ${job}: skipped`)
      result.jobs[job] = { result: 'skipped', outputs: {} }
      chainSucceeded[job] = false
      continue
    }
    const legs = matrixLegs(def.strategy?.matrix === undefined ? null : resolveDeep(def.strategy.matrix, jobCtx))
    let failed = false
    let outputs: Record<string, string> = {}
    for (const [li, leg] of legs.entries()) {
      const ctx: ExprContext = { contexts: { ...base, matrix: leg, steps: {} }, status: { success: true, cancelled: false } }
      const label = def.name ? stringify(interpolate(def.name, ctx)) : legs.length > 1 ? `${job} (${Object.values(leg).map(stringify).join(', ')})` : job
      o.log(`job ${label}`)
      const ws = join(o.work, 'jobs', `${job}-${li + 1}`)
      const temp = join(o.work, 'temp', `${job}-${li + 1}`)
      rmSync(ws, { recursive: true, force: true })
      mkdirSync(ws, { recursive: true })
      mkdirSync(temp, { recursive: true })
      ;(ctx.contexts.runner as Record<string, Value>).temp = temp
      const summary = join(temp, 'step-summary.md')
      writeFileSync(summary, '')
      const envFile = join(temp, 'github-env')
      const env: Record<string, string> = {}
      for (const [k, v] of Object.entries({ ...(wf.env ?? {}), ...(def.env ?? {}) })) env[k] = stringify(interpolate(String(v), ctx))
      ctx.contexts.env = env
      let jobOk = true
      for (const [si, step] of (def.steps ?? []).entries()) {
        const name = step.name ? stringify(interpolate(step.name, ctx)) : step.uses ?? (step.run ?? '').split('\n')[0]!
        ctx.status = { success: jobOk, cancelled: false }
        if (!condition(step.if, ctx)) {
          result.steps.push({ job: label, step: name, outcome: 'skipped' })
          continue
        }
        const stepEnv: Record<string, string> = { ...env }
        for (const [k, v] of Object.entries(step.env ?? {})) stepEnv[k] = stringify(interpolate(String(v), ctx))
        const withs: Record<string, string> = {}
        for (const [k, v] of Object.entries(step.with ?? {})) withs[k] = stringify(interpolate(String(v), ctx))
        const outputFile = join(temp, `output-${si}`)
        writeFileSync(outputFile, '')
        writeFileSync(envFile, '')
        let ok = true
        let outcome: StepResult['outcome'] = 'success'
        let note: string | undefined
        if (step.uses) {
          const r = emulate(step.uses, withs, { ws, artifacts, repo: o.repo, remote })
          ok = r.ok
          outcome = r.outcome
          note = r.note
          writeFileSync(outputFile, Object.entries(r.outputs).map(([k, v]) => `${k}=${v}\n`).join(''))
        } else if (step.run !== undefined) {
          const script = stringify(interpolate(step.run, ctx))
          if (/^npm ci\b/.test(script.trim()) && !script.trim().includes('\n')) {
            linkNodeModules(o.repo, ws)
            outcome = 'emulated'
            note = 'node_modules linked from the repository instead of npm ci'
          } else {
            const scriptFile = join(temp, `step-${si}.sh`)
            writeFileSync(scriptFile, script)
            const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', scriptFile], {
              cwd: ws,
              env: {
                PATH: `${o.extraPath ? `${o.extraPath}:` : ''}${process.env.PATH ?? ''}`,
                HOME: process.env.HOME ?? '/root',
                LANG: 'C.UTF-8',
                CI: 'true',
                GITHUB_ACTIONS: 'true',
                GITHUB_OUTPUT: outputFile,
                GITHUB_ENV: envFile,
                GITHUB_STEP_SUMMARY: summary,
                GITHUB_WORKSPACE: ws,
                GITHUB_RUN_ID: stringify(github.run_id ?? null),
                GITHUB_RUN_ATTEMPT: stringify(github.run_attempt ?? null),
                GITHUB_REPOSITORY: stringify(github.repository ?? null),
                GITHUB_SERVER_URL: stringify(github.server_url ?? null),
                RUNNER_TEMP: temp,
                ...o.extraEnv,
                ...stepEnv,
              },
              encoding: 'utf8',
              maxBuffer: 256 * 1024 * 1024,
            })
            const text = `${r.stdout ?? ''}${r.stderr ?? ''}`
            writeFileSync(join(temp, `step-${si}.log`), text)
            ok = r.status === 0
            outcome = ok ? 'success' : 'failure'
            if (!ok) note = `exit ${r.status}; last output:\n${text.split('\n').slice(-15).join('\n')}`
          }
        }
        // Variables a step sets for the later steps of its job (they win over the job's env, as on GitHub).
        Object.assign(env, parseOutputFile(readFileSync(envFile, 'utf8')))
        if (step.id) (ctx.contexts.steps as Record<string, Value>)[step.id] = { outputs: parseOutputFile(readFileSync(outputFile, 'utf8')), outcome: ok ? 'success' : 'failure', conclusion: ok || step['continue-on-error'] ? 'success' : 'failure' }
        if (!ok && !step['continue-on-error']) jobOk = false
        result.steps.push({ job: label, step: name, outcome, ...(note ? { note } : {}) })
        o.log(`  ${outcome === 'success' ? 'ok  ' : outcome === 'failure' ? 'FAIL' : outcome}  ${name}${note && outcome !== 'failure' ? ` (${note})` : ''}`)
        if (outcome === 'failure' && note) o.log(note.replace(/^/gm, '        '))
      }
      result.summaries[label] = readFileSync(summary, 'utf8')
      ctx.status = { success: jobOk, cancelled: false }
      outputs = { ...outputs }
      for (const [k, v] of Object.entries(def.outputs ?? {})) outputs[k] = stringify(interpolate(v, ctx))
      if (!jobOk) failed = true
    }
    result.jobs[job] = { result: failed ? 'failure' : 'success', outputs }
    chainSucceeded[job] = !failed && chainOk
    o.log(`job ${job}: ${result.jobs[job]!.result}`)
  }
  result.artifacts = readdirSync(artifacts).sort()
  return result
}

function resolveDeep(v: unknown, ctx: ExprContext): Value {
  if (typeof v === 'string') return interpolate(v, ctx)
  if (Array.isArray(v)) return v.map((x) => resolveDeep(x, ctx))
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolveDeep(x, ctx)]))
  return v as Value
}

