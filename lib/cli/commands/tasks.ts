import { loadConfig } from '../../config.js'
import { UserError } from '../../errors.js'
import { renderPromptText, singlePromptSha256 } from '../../run/prompt-text.js'
import { stableJson, writeAtomic } from '../../results/write.js'
import { newestRun } from '../../tasks/calibration.js'
import { readCalibration } from '../../tasks/calibration-file.js'
import { renderTaskList, summarizeTask } from '../../tasks/list.js'
import { checkTaskFile, loadRegistry, PROJECT_ROOT, type Task, TaskRegistryError } from '../../tasks/registry.js'
import { Track } from '../../tasks/schema.js'
import { TOPOLOGY_IDS } from '../../topologies/types.js'
import { choiceOption, type CommandModule, onlyWith } from '../program.js'
import { join } from 'node:path'
import type { Config } from '../../config.js'

/** A task's single-agent prompt digest as its newest calibration run would have it now; undefined for a task not calibrated. */
async function currentCalibrationPrompt(task: Task, config: Config): Promise<string | undefined> {
  const file = readCalibration(join(PROJECT_ROOT, 'fixtures'), task.id)
  return file ? singlePromptSha256(task, newestRun(file).memory, config) : undefined
}

interface TasksValues {
  json?: boolean
  track?: Track
  prompt?: string
  topology: string
  memory?: 'persisted' | 'default' | 'off' | 'on'
  out?: string
  check?: string
  wide?: boolean
}

/** `orgbench tasks`: the registered tasks, validated (a broken task fails here with its file and field); `--prompt` renders what agents see. */
export const tasksCommand: CommandModule = (parent, ctx) => {
  parent
    .command('tasks')
    .description('list the tasks with their sizes and ground-truth counts (loading them validates every task and fixture), or render a prompt')
    .hook('preAction', onlyWith('prompt', ['topology', 'memory', 'out']))
    .option('--json', 'print the list as JSON')
    .addOption(choiceOption('--track <track>', 'only the tasks of one track', Track.options))
    .option('--prompt <task>', "render exactly what the topology's first agents receive for this task (system and user messages)")
    .addOption(choiceOption('--topology <topology>', 'with --prompt: the topology whose first calls are rendered', TOPOLOGY_IDS).default('single'))
    .addOption(choiceOption('--memory <mode>', 'with --prompt: the org memory, as ORGBENCH_MEMORY takes it: persisted (the latest learned version, or the defaults while none exists), default, or off; "on" is the old name of persisted (default: ORGBENCH_MEMORY)', ['persisted', 'default', 'off', 'on']))
    .option('--out <file>', 'with --prompt: write the prompt to this file instead of printing it')
    .option('--wide', 'print tables in full instead of fitting them to 120 columns')
    .option('--check <file>', "validate one task definition file without running anything: its fixtures and ground truth, its benchmark file, its calibration file, and a design task's reference deliverables")
    .action(async (values: TasksValues) => {
      if (values.check !== undefined) {
        const { id, problems } = await checkTaskFile(values.check)
        if (problems.length > 0) throw new TaskRegistryError(problems)
        ctx.io.out(`${values.check}: task ${id} is valid (definition, fixtures, ground truth, leak checks, benchmark file, calibration file and a design task's reference deliverables)`)
        return
      }
      const registry = await loadRegistry()
      if (values.prompt === undefined) {
        const tasks = values.track ? registry.byTrack(values.track) : registry.tasks
        const config = loadConfig()
        const summaries = []
        for (const task of tasks) summaries.push(summarizeTask(task, { currentPromptSha256: await currentCalibrationPrompt(task, config) }))
        ctx.io.out(values.json ? stableJson(summaries).trimEnd() : renderTaskList(summaries, { wide: values.wide }))
        if (registry.broken.length > 0) throw new TaskRegistryError(registry.broken.flatMap((b) => b.problems))
        return
      }
      const known = registry.tasks.map((t) => t.id)
      if (!known.includes(values.prompt)) throw new UserError(`--prompt ${JSON.stringify(values.prompt)}: no such task; known tasks: ${known.join(', ')}`)
      const task = registry.get(values.prompt)
      const config = loadConfig()
      const memory = values.memory === undefined ? config.memory : values.memory === 'on' ? 'persisted' : values.memory
      const { text, calls } = await renderPromptText({ task, topology: values.topology, memory, config })
      if (values.out) {
        writeAtomic(values.out, text)
        ctx.io.out(`wrote ${calls} call(s) of ${values.topology} for ${task.id} to ${values.out}`)
      } else ctx.io.out(text)
    })
}
