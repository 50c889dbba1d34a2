import { join, relative } from 'node:path'
import { Option } from 'commander'
import { baselineFile, findBaseline } from '../../ci/baseline.js'
import { collectOutcomes } from '../../ci/collect.js'
import { appendSummary, writeEnv, writeOutputs } from '../../ci/github.js'
import { learningLines } from '../../ci/learning.js'
import { mergeOutcome } from '../../ci/merge-outcome.js'
import type { MustCatchPolicy, Tier } from '../../ci/outcome.js'
import { buildPlan, MAX_SHARDS, type PlannedModel } from '../../ci/plan.js'
import { shardArithmetic } from '../../ci/sizing.js'
import { journalSpent, shardLimits } from '../../ci/shard-limits.js'
import { UserError } from '../../errors.js'
import { compactRun, listRunFiles } from '../../results/compact.js'
import { browserJobScenario, publishScenario, scheduledScenario } from '../../ci/local/scenarios.js'
import { inputsFromFlags } from '../../ci/local/inputs.js'
import { leftOutOfClone, leftOutWarnings } from '../../ci/local/left-out.js'
import { workflowInputs } from '../../ci/local/run.js'
import { claimWorkFolder, releaseWorkFolder } from '../../ci/local/work-folder.js'
import { openRun } from '../../results/read.js'
import { benchFiles } from '../../run/bench-files.js'
import { writeAtomic } from '../../results/write.js'
import { loadRegistry, PROJECT_ROOT } from '../../tasks/registry.js'
import { type CommandModule, intOption } from '../program.js'

/*
 * `orgbench ci ...`: the steps of the weekly workflow (.github/workflows/benchmark.yml) that are
 * more than a line of shell. Each writes GitHub step outputs when $GITHUB_OUTPUT is set and the
 * job summary when $GITHUB_STEP_SUMMARY is set, and prints what it did, so it runs the same locally.
 */

const POLICIES = ['auto', 'fail', 'report'] as const

/** The plan's `simulated` output: what a model whose merge left no run is labelled (a real one is never called simulated). */
const SIMULATED_OPTION = () => new Option('--simulated <yes>', "the plan's simulated output: whether the simulator ran (no endpoint)").choices(['true', 'false']).makeOptionMandatory()

function parseModelsJson(text: string): PlannedModel[] {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    throw new UserError(`--models: expected the plan's JSON list of {model, slug}, got ${JSON.stringify(text.slice(0, 80))}`)
  }
  if (!Array.isArray(raw) || raw.some((m) => typeof m?.model !== 'string' || typeof m?.slug !== 'string')) throw new UserError('--models: expected the plan\'s JSON list of {model, slug}')
  return raw as PlannedModel[]
}

async function tiers(): Promise<(task: string) => Tier> {
  const registry = await loadRegistry()
  const known = new Map(registry.tasks.map((t) => [t.id, t.tier]))
  return (task) => known.get(task) ?? 'standard'
}

/** `orgbench ci plan|sizing|limits|baseline|outcome|compact|local|collect`. */
export const ciCommand: CommandModule = (parent, ctx) => {
  const ci = parent.command('ci')

  ci.command('plan')
    .description('the shard matrix (model × shard) and the Vitest projects from the workflow inputs')
    .option('--tracks <list>', 'comma-separated benchmark projects: enterprise, finance, general (each its track’s standard-tier tasks), hard (the hard tier of every track)', 'enterprise,finance,general,hard')
    .option('--models <list>', 'agent model ids separated by commas, spaces or new lines (empty: sim-strong without an endpoint, refused with one)', '')
    .option('--shards <n>', "shards per model (at most the selected tracks' benchmark files: Vitest shards by file)", String(shardArithmetic().shards))
    .option('--judge-model <id>', 'judge model id (empty: the default)', '')
    .addOption(new Option('--endpoint <yes>', 'whether an endpoint is configured').choices(['true', 'false']).default('false'))
    .addOption(new Option('--judge-endpoint <yes>', 'whether the judge has an endpoint of its own (then a judge model is required)').choices(['true', 'false']).default('false'))
    .addOption(new Option('--learning <yes>', 'whether the learning job is asked for (every scheduled run; by hand, the input learning); it runs only when the tracks include enterprise and the topologies one of its arms').choices(['true', 'false']).default('true'))
    .option('--topologies <list>', 'the input topologies (empty: every topology)', '')
    .action((v: { tracks: string; models: string; shards: string; judgeModel: string; endpoint: string; judgeEndpoint: string; learning: string; topologies: string }) => {
      const files: Record<string, number> = {}
      for (const f of benchFiles(PROJECT_ROOT)) files[f.project] = (files[f.project] ?? 0) + 1
      const plan = buildPlan({ tracks: v.tracks, models: v.models, shards: v.shards, judgeModel: v.judgeModel, endpoint: v.endpoint === 'true', judgeEndpoint: v.judgeEndpoint === 'true', learning: v.learning === 'true', topologies: v.topologies, files })
      writeOutputs({
        matrix: JSON.stringify(plan.matrix),
        models: JSON.stringify(plan.models),
        projects: plan.projects.join(' '),
        shards: String(plan.shards),
        simulated: String(plan.simulated),
        judge_model: plan.judgeModel,
        learning: String(plan.learning),
        notes: plan.notes.join(' · '),
      })
      ctx.io.out(`${plan.simulated ? 'simulated (no endpoint)' : 'real endpoint'} · ${plan.models.map((m) => m.model || '(default)').join(', ')} · ${plan.shards} shard(s) each · ${plan.projects.filter((p) => p !== '--project').join(', ')}`)
      for (const n of plan.notes) ctx.io.out(`note: ${n}`)
    })

  ci.command('sizing')
    .description('the arithmetic behind the default number of shards')
    .action(() => {
      for (const line of shardArithmetic().lines) ctx.io.out(line)
    })

  ci.command('limits')
    .description("one shard's part of the model's ORGBENCH_MAX_USD, ORGBENCH_RPM and ORGBENCH_TPM (written to $GITHUB_ENV for the shard's run)")
    .requiredOption('--shards <n>', 'shards of this model', intOption(1, MAX_SHARDS))
    .requiredOption('--max-parallel <n>', 'ORGBENCH_MAX_PARALLEL: shard jobs at once', intOption(1, 1_000_000))
    .option('--max-usd <usd>', 'the variable ORGBENCH_MAX_USD ("" when unset)', '')
    .option('--rpm <n>', 'the variable ORGBENCH_RPM ("" when unset)', '')
    .option('--tpm <n>', 'the variable ORGBENCH_TPM ("" when unset)', '')
    .addOption(new Option('--learning <yes>', "whether the model's learning job runs beside its shards (it takes a share as one more shard); true for the first model's shards and the learning job itself").choices(['true', 'false']).default('false'))
    .option('--journal <dir>', "the shard's restored journal: what its earlier attempts spent is shown (the resumed run counts it against the share)", 'results/runs/journal')
    .action((v: { shards: number; maxParallel: number; maxUsd: string; rpm: string; tpm: string; learning: string; journal: string }) => {
      const spent = journalSpent(v.journal, (w) => ctx.io.err(`warning: ${w}`))
      const limits = shardLimits({ variables: { maxUsd: v.maxUsd, rpm: v.rpm, tpm: v.tpm }, learning: v.learning === 'true', shards: v.shards, maxParallel: v.maxParallel, spent })
      writeEnv(limits.env)
      for (const line of limits.lines) ctx.io.out(line)
    })

  ci.command('baseline')
    .description("which baseline a model's run is gated against (outputs path and note)")
    .requiredOption('--model <id>', 'the agent model id')
    .option('--results <dir>', 'the results folder holding baselines/', 'results')
    .option('--target', 'print where a new baseline of this model is written instead')
    .action((v: { model: string; results: string; target?: boolean }) => {
      if (v.target) {
        const path = baselineFile(v.results, v.model)
        writeOutputs({ path })
        ctx.io.out(path)
        return
      }
      const found = findBaseline(v.results, v.model)
      writeOutputs({ path: found.path ?? '', note: found.note })
      ctx.io.out(found.note)
    })

  ci.command('outcome')
    .description("after a merge: find the run via LATEST, decide what the job does with it, write outcome.json and summary.md, compact a complete real run for the commit")
    .requiredOption('--model <id>', 'the agent model id ("" for the default)')
    .requiredOption('--slug <slug>', "the model's slug from the plan")
    .option('--results-dir <dir>', 'the results folder the merge wrote into', 'results/runs')
    .option('--root <dir>', 'the outcomes folder', 'outcomes')
    .addOption(new Option('--policy <policy>', 'ORGBENCH_MUST_CATCH').choices(POLICIES).default('auto'))
    .addOption(SIMULATED_OPTION())
    .action(async (v: { model: string; slug: string; resultsDir: string; root: string; policy: MustCatchPolicy; simulated: string }) => {
      const { outcome, summary, runFile } = await mergeOutcome({ model: v.model, slug: v.slug, resultsDir: v.resultsDir, root: v.root, policy: v.policy, tierOf: await tiers(), simulated: v.simulated === 'true' })
      appendSummary(summary)
      writeOutputs({ run_file: runFile ?? '', status: outcome.status, simulated: String(outcome.simulated), committable: String(outcome.committable), fail: String(outcome.fail) })
      ctx.io.out(`${outcome.model || '(default)'}: ${outcome.runId ?? 'no run'} · ${outcome.status} · gate ${outcome.gate.verdict} · missed must-catch ${outcome.missed.length} · ${outcome.committable ? 'to commit' : 'not committed'}${outcome.fail ? ` · FAILS: ${outcome.failReasons.join('; ')}` : ''}`)
    })

  ci.command('compact')
    .description('write a run compacted for committing (<name>.json.br and its .records.jsonl.br), read it back, print the sizes')
    .argument('<file>', 'a run file of either layout')
    .requiredOption('--out <path>', 'the compacted run file, ending in .json.br')
    .action(async (file: string, v: { out: string }) => {
      const done = await compactRun(openRun(file), v.out)
      ctx.io.out(`${relative(process.cwd(), done.runPath)}: ${done.bytes.run} bytes; ${relative(process.cwd(), done.recordsPath)}: ${done.bytes.records} bytes (${done.run.records.count} records)`)
    })

  ci.command('local')
    .description('run the weekly workflow here against the simulator: a scheduled run with no endpoint end to end (it must commit nothing), then the commit and notify jobs with a stand-in gh, a local remote and a local webhook, then the pull-request workflow’s browser job (several minutes)')
    .option('--work <dir>', 'working folder: a new or empty folder (default: a new temporary folder); removed at the end, unless --keep, only when this command created it (a folder that existed before is never removed)')
    .option('--keep', 'keep the working folder the command created (workspaces, artifacts, logs)')
    .option('--input <name=value...>', 'run by hand (workflow_dispatch) with these inputs of benchmark.yml instead of as scheduled, e.g. --input tracks=general --input trials=1 (a name the workflow does not declare is refused)', [])
    .action(async (v: { work?: string; keep?: boolean; input: string[] }) => {
      const workflow = join('.github', 'workflows', 'benchmark.yml')
      const inputs = v.input.length > 0 ? inputsFromFlags(v.input, workflowInputs(join(PROJECT_ROOT, workflow)), workflow) : undefined
      const folder = claimWorkFolder(v.work)
      const work = folder.path
      const log = (l: string) => ctx.io.out(l)
      try {
        // After the checks of the command line, so that a refused one is its only message.
        for (const w of leftOutWarnings(leftOutOfClone(PROJECT_ROOT))) ctx.io.err(`warning: ${w}`)
        const first = scheduledScenario({ repo: PROJECT_ROOT, work: join(work, 'scheduled'), inputs, log })
        const runs = listRunFiles(join(work, 'scheduled', 'artifacts', first.run.jobs.plan ? `results__${JSON.parse(first.run.jobs.plan.outputs.models ?? '[]')[0]?.slug}` : 'none'))
        const payload = join(work, 'payload')
        if (runs[0]) await compactRun(openRun(runs[0]), join(payload, 'local-check.json.br'))
        const second = runs[0] ? await publishScenario({ repo: PROJECT_ROOT, work: join(work, 'publish'), payload, log }) : null
        const third = browserJobScenario({ repo: PROJECT_ROOT, work: join(work, 'browser'), log })
        ctx.io.out('\nscheduled run without an endpoint:')
        for (const c of first.checks) ctx.io.out(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.what}`)
        ctx.io.out('commit and notify jobs (stand-in gh, local remote, local webhook):')
        for (const c of second?.checks ?? [{ ok: false, what: 'not run: the scheduled run left no results file' }]) ctx.io.out(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.what}`)
        ctx.io.out("the pull-request workflow's browser job (ci.yml):")
        for (const c of third.checks) ctx.io.out(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.what}`)
        ctx.io.out('not run here (needs GitHub): the GitHub API behind gh, Pages deployment, artifact storage across runners, how GitHub keeps an earlier attempt’s artifacts for a re-run, the runner image (its Chrome).')
        ctx.exitCode = first.ok && second?.ok && third.ok ? 0 : 1
      } finally {
        const kept = releaseWorkFolder(folder, v.keep === true)
        if (kept !== null) ctx.io.out(kept)
      }
    })

  ci.command('collect')
    .description("after every merge: the overview over all models, the notification text, and what follows (outputs notify, commit, deploy, fail)")
    .option('--root <dir>', 'the outcomes folder (every model\'s merge artifact downloaded into it)', 'outcomes')
    .requiredOption('--models <json>', "the plan's models output")
    .option('--link <label=url...>', 'links for the overview and the notification', [])
    .option('--notes <text>', "the plan's notes", '')
    .addOption(new Option('--policy <policy>', 'ORGBENCH_MUST_CATCH').choices(POLICIES).default('auto'))
    .addOption(SIMULATED_OPTION())
    .addOption(new Option('--learning <yes>', "the plan's learning output: whether the learning job ran (its run, downloaded into <root>/learning/, joins the overview)").choices(['true', 'false']).default('false'))
    .action((v: { root: string; models: string; link: string[]; notes: string; policy: string; simulated: string; learning: string }) => {
      const links = v.link.map((l) => {
        const at = l.indexOf('=')
        if (at <= 0) throw new UserError(`--link: expected label=url, got ${JSON.stringify(l)}`)
        return [l.slice(0, at), l.slice(at + 1)] as const
      })
      const c = collectOutcomes(v.root, parseModelsJson(v.models), { links, policy: v.policy, notes: v.notes === '' ? [] : v.notes.split(' · '), simulated: v.simulated === 'true', learning: v.learning === 'true' })
      writeAtomic(join(v.root, 'overview.md'), c.overview)
      writeAtomic(join(v.root, 'notification.md'), c.notification)
      appendSummary(c.overview)
      writeOutputs({ notify: String(c.notify), commit: String(c.commit), deploy: String(c.deploy), fail: String(c.fail) })
      ctx.io.out(c.overview)
      ctx.io.out(`notify ${c.notify} · commit ${c.commit} · deploy ${c.deploy} · fail ${c.fail}`)
    })

  ci.command('learning')
    .description("the learning job's account for its job summary: its run's status and spend, and the memory version each task got")
    .option('--run <file>', 'the run file the learning run wrote (results/runs/LATEST names it; "" when it wrote none)', '')
    .action((v: { run: string }) => {
      const text = ['## orgbench learning job', '', ...learningLines(v.run === '' ? null : openRun(v.run).run, true), ''].join('\n')
      appendSummary(text)
      ctx.io.out(text)
    })

  // Named from the subcommands themselves, so that the list cannot leave one out.
  const steps = ci.commands.map((c) => c.name()).filter((name) => name !== 'local')
  ci.description(`steps of the weekly benchmark workflow (${steps.join(', ')}), which write GitHub step outputs when run in Actions; and local, which runs the whole workflow here`)
}
