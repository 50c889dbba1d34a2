import { InvalidArgumentError } from 'commander'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadConfig } from '../../config.js'
import { UserError } from '../../errors.js'
import { singlePromptSha256 } from '../../run/prompt-text.js'
import { stableJson, writeAtomic } from '../../results/write.js'
import { calibrationPromptStatus, groundTruthDetail, newestRun, parseCalibrationDeliverable, PROMPT_STATUS_TEXT, scoreCalibration, summarizeCalibration } from '../../tasks/calibration.js'
import { calibrationPath, CalibrationRun, readCalibration } from '../../tasks/calibration-file.js'
import { loadRegistry, PROJECT_ROOT } from '../../tasks/registry.js'
import { checkSimulatedSingle, renderSimCheck, tierMeans } from '../../sim/calibration-check.js'
import { SimKnowledge } from '../../sim/knowledge.js'
import { REFERENCE_PROFILE, SIM_PROFILES } from '../../sim/profiles.js'
import { choiceOption, type CommandModule, intOption, onlyWith } from '../program.js'

const FIXTURES = join(PROJECT_ROOT, 'fixtures')
/** What a pattern-decided checklist score is, said where it is printed. */
const LOWER_BOUND = 'a lower bound: a run decides this checklist with the judge model, which calibration record does not call, as it needs a judge endpoint'
/** Simulated profiles that act as agents (the judges share sim-strong's parameters). */
const AGENT_PROFILES = Object.keys(SIM_PROFILES).filter((id) => !id.endsWith('-judge'))

/** Parses an option that becomes a field of the stored run: refused here with `expected`, never written for the readers to refuse. */
function runFieldOption(field: 'model' | 'date' | 'method', expected: string) {
  return (value: string): string => {
    if (!CalibrationRun.shape[field].safeParse(value).success) throw new InvalidArgumentError(expected)
    return value
  }
}

/** `orgbench calibration record|check`: real-model single-agent deliverables kept beside each task, and their scores. */
export const calibrationCommand: CommandModule = (parent, ctx) => {
  const calibration = parent.command('calibration').description("how hard each task is for a strong real model: record one-pass single-agent deliverables and check their scores")

  calibration
    .command('record')
    .description("score a real model's single-agent deliverable for a task with the project's scorers and add it to fixtures/calibration/<task>/single-agent.json")
    .argument('<task>', 'the task id')
    .argument('<deliverable>', 'the deliverable file: JSON for an execution task, markdown for a design task')
    .requiredOption('--model <name>', 'the model that wrote it, as precisely as known', runFieldOption('model', 'expected a model name'))
    .requiredOption('--method <text>', 'how it was produced (prompt, passes, tools), in words a reader can repeat (at least 20 characters)', runFieldOption('method', 'expected at least 20 characters saying how the deliverable was produced'))
    .option('--date <yyyy-mm-dd>', 'when it was produced (default: today)', runFieldOption('date', 'expected a date yyyy-mm-dd'))
    .addOption(choiceOption('--memory <mode>', 'whether the prompt carried org memory', ['on', 'off']).default('off'))
    .option('--dry-run', 'score the deliverable and print what would be recorded, with every metric and count of its ground-truth score; write nothing')
    .action(async (taskId: string, file: string, values: { model: string; method: string; date?: string; memory: 'on' | 'off'; dryRun?: boolean }) => {
      const task = (await loadRegistry()).get(taskId)
      let text: string
      try {
        text = readFileSync(file, 'utf8')
      } catch (e) {
        throw new UserError(`${file}: cannot read the deliverable (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`)
      }
      const deliverable = parseCalibrationDeliverable(task, text, file)
      const warnings: string[] = []
      // The prompt the deliverable answers, as `orgbench tasks --prompt <task>` rendered it for the model, so that a later change of the prompt shows.
      const promptSha256 = await singlePromptSha256(task, values.memory, loadConfig())
      const run = CalibrationRun.parse({
        model: values.model,
        date: values.date ?? new Date().toISOString().slice(0, 10),
        method: values.method,
        topology: 'single',
        memory: values.memory,
        promptSha256,
        deliverable,
        scores: scoreCalibration(task, deliverable, (w) => warnings.push(w)),
      })
      const existing = readCalibration(FIXTURES, task.id)
      const updated = { task: task.id, runs: [...(existing?.runs ?? []), run] }
      if (!values.dryRun) writeAtomic(calibrationPath(FIXTURES, task.id), stableJson(updated))
      const s = run.scores
      // A design checklist's items are decided by patterns here: an item they do not find may still be in the answer.
      const missed = s.groundTruth === null && s.checklistMethod === 'patterns' ? 'not found by its patterns:' : 'missed'
      ctx.io.out(`${task.id}: ${s.groundTruth !== null ? `ground truth ${s.groundTruth.toFixed(1)}` : `checklist ${s.checklist?.toFixed(1) ?? '–'}${s.checklistMethod === 'patterns' ? ` by its patterns (${LOWER_BOUND})` : ''}`} · must-catch ${s.mustCatch.caught}/${s.mustCatch.total}${s.mustCatch.missed.length > 0 ? ` (${missed} ${s.mustCatch.missed.join(', ')})` : ''}`)
      if (values.dryRun) for (const line of groundTruthDetail(task, deliverable)) ctx.io.out(line)
      ctx.io.out(`prompt answered: sha256 ${promptSha256} (orgbench tasks --prompt ${task.id} --memory ${values.memory === 'on' ? 'persisted' : 'off'})`)
      for (const w of warnings) ctx.io.err(`warning: ${w}`)
      const summary = summarizeCalibration(updated)!
      const verdict = summary.saturated
        ? ' — SATURATED (≥ 90): differences between organisations on this task cannot be interpreted'
        : summary.lowerBound
          ? ' — a lower bound: whether the task leaves headroom is not known until a judge decides its checklist'
          : ''
      ctx.io.out(`${values.dryRun ? 'with this run, the ' : ''}calibrated single agent over ${summary.runs} run(s) on this prompt${summary.earlierPromptRuns > 0 ? ` (${summary.earlierPromptRuns} on an earlier prompt left out)` : ''}: ${summary.lowerBound ? '≥ ' : ''}${summary.score?.toFixed(1) ?? '–'}${verdict}`)
      if (values.dryRun) ctx.io.out(`dry run: nothing written to ${calibrationPath('fixtures', task.id)}`)
    })

  calibration
    .command('check')
    .description('re-score every stored calibration deliverable with the current scorers; exit 1 if a stored score is out of date. With --sim: compare the simulated single agent with the calibrated real one per task and tier; exit 1 if sim-strong is off by more than 10 points on a calibrated task or a tier')
    .option('--sim', "compare the simulator's single agent with the calibrated real single agent instead")
    .option('--seeds <n>', 'with --sim: seeds to average over', intOption(1, 1000), 10)
    .addOption(choiceOption('--profile <profile>', 'with --sim: the simulated profile (only sim-strong is held to the tolerance)', AGENT_PROFILES).default('sim-strong'))
    .hook('preAction', onlyWith('sim', ['seeds', 'profile']))
    .action(async (values: { sim?: boolean; seeds: number; profile: string }) => {
      if (values.sim) {
        const knowledge = await SimKnowledge.load()
        const rows = await checkSimulatedSingle(knowledge, FIXTURES, { profile: values.profile, seeds: Array.from({ length: values.seeds }, (_, i) => i + 1) })
        ctx.io.out(renderSimCheck(rows, values.profile, values.seeds))
        const followed = rows.filter((r) => r.followed)
        if (values.profile === REFERENCE_PROFILE && (followed.some((r) => !r.within) || tierMeans(followed).some((t) => !t.within))) ctx.exitCode = 1
        return
      }
      const registry = await loadRegistry()
      const config = loadConfig()
      const stale: string[] = []
      const prompts: string[] = []
      const changed: string[] = []
      for (const task of registry.tasks) {
        const file = readCalibration(FIXTURES, task.id)
        if (!file) continue
        file.runs.forEach((run, i) => {
          if (stableJson(scoreCalibration(task, run.deliverable)) !== stableJson(run.scores)) stale.push(`${task.id} run ${i + 1} (${run.model}, ${run.date})`)
        })
        const status = calibrationPromptStatus(file, await singlePromptSha256(task, newestRun(file).memory, config))
        prompts.push(`  ${task.id}: ${PROMPT_STATUS_TEXT[status]}`)
        if (status === 'changed') changed.push(task.id)
      }
      if (stale.length === 0) ctx.io.out('every stored calibration score matches the current scorers')
      else {
        ctx.io.err(`stored calibration scores differ from the current scorers: ${stale.join('; ')}`)
        ctx.exitCode = 1
      }
      if (prompts.length > 0) ctx.io.out(["each task's newest run against the single agent's prompt rendered now (orgbench tasks --prompt <task>):", ...prompts].join('\n'))
      // A prompt may change for good reasons; the score then describes the earlier one, which a new run replaces.
      if (changed.length > 0)
        ctx.io.err(`warning: ${changed.length} task(s) calibrated on an earlier prompt, whose real single score may not hold for the prompt agents get now (record a new run with orgbench calibration record): ${changed.join(', ')}`)
    })
}
