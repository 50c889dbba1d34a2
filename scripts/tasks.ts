/**
 * Lists the registered tasks: `npm run tasks` (table) or `npm run tasks -- --json`; `--track <name>` narrows the list.
 * Loading the registry validates every task and fixture, so a broken task fails here with its file and field.
 */
import { parseArgs } from 'node:util'
import { stableJson } from '../lib/results/write.js'
import { renderTaskList, summarizeTask } from '../lib/tasks/list.js'
import { loadRegistry } from '../lib/tasks/registry.js'
import { Track } from '../lib/tasks/schema.js'

const { values } = parseArgs({ options: { json: { type: 'boolean', default: false }, track: { type: 'string' } } })
const track = values.track === undefined ? undefined : Track.safeParse(values.track)
if (track && !track.success) {
  console.error(`--track ${JSON.stringify(values.track)}: expected one of ${Track.options.join(', ')}`)
  process.exit(2)
}
const registry = await loadRegistry()
const summaries = (track?.data ? registry.byTrack(track.data) : registry.tasks).map(summarizeTask)
console.log(values.json ? stableJson(summaries).trimEnd() : renderTaskList(summaries))
