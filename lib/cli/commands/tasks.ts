import { stableJson } from '../../results/write.js'
import { renderTaskList, summarizeTask } from '../../tasks/list.js'
import { loadRegistry } from '../../tasks/registry.js'
import { Track } from '../../tasks/schema.js'
import { choiceOption, type CommandModule } from '../program.js'

/** `orgbench tasks`: the registered tasks, validated (a broken task fails here with its file and field). */
export const tasksCommand: CommandModule = (parent, ctx) => {
  parent
    .command('tasks')
    .description('list the tasks with their sizes and ground-truth counts; loading them validates every task and fixture')
    .option('--json', 'print the list as JSON')
    .addOption(choiceOption('--track <track>', 'only the tasks of one track', Track.options))
    .action(async (values: { json?: boolean; track?: Track }) => {
      const registry = await loadRegistry()
      const summaries = (values.track ? registry.byTrack(values.track) : registry.tasks).map(summarizeTask)
      ctx.io.out(values.json ? stableJson(summaries).trimEnd() : renderTaskList(summaries))
    })
}
