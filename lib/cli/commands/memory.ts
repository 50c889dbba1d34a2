import { appendFileSync, existsSync, readdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { loadConfig } from '../../config.js'
import { UserError } from '../../errors.js'
import { folderSettingProblem } from '../../fs-errors.js'
import { exportMemory } from '../../memory/export.js'
import { redact } from '../../redact.js'
import { renderDefaultLessons, renderDiff, renderVersion } from '../../memory/render.js'
import { defaultStoredLessons, latestVersion, listVersions, readVersion, versionName, writeVersion } from '../../memory/store.js'
import { simulatorVersionsSkipped } from '../../memory/skipped.js'
import { loadRegistry, type Task } from '../../tasks/registry.js'
import { intOption, type CommandModule } from '../program.js'

/** Tasks with stored memory, or the one asked for (checked against the registry). */
async function tasksOf(dir: string, task: string | undefined): Promise<string[]> {
  if (task) {
    const known = (await loadRegistry()).tasks.map((t) => t.id)
    if (!known.includes(task)) throw new UserError(`task ${JSON.stringify(task)}: no such task; known tasks: ${known.join(', ')}`)
    return [task]
  }
  return existsSync(dir) ? readdirSync(dir).filter((t) => listVersions(dir, t).length > 0).sort() : []
}

/** The role ids of each registered task: a version is read as a run reads it, refused when a lesson addresses no agent of its task. */
async function rolesByTask(): Promise<ReadonlyMap<string, Task['roles']>> {
  return new Map((await loadRegistry()).tasks.map((t) => [t.id, t.roles]))
}

/** `orgbench memory show|diff|reset`: the versioned org memory in ORGBENCH_MEMORY_DIR (default results/memory for a real model, .orgbench/memory for the simulator). */
export const memoryCommand: CommandModule = (parent, ctx) => {
  const memory = parent
    .command('memory')
    .helpCommand(false)
    .description('org memory learned by the learning loop (ORGBENCH_MEMORY_DIR: results/memory for a real model, .orgbench/memory for the simulator): show, diff, reset, export')
  const dir = () => {
    const { memoryDir } = loadConfig()
    const problem = folderSettingProblem(resolve(memoryDir), `ORGBENCH_MEMORY_DIR=${memoryDir}`)
    if (problem) throw new UserError(problem)
    return resolve(memoryDir)
  }

  memory
    .command('show [task]')
    .description('each lesson of the latest (or --version) memory with whom it is for and where it came from; with nothing learned, the default lessons. Against a real model, the latest version learned against a real model, as a run reads it (versions learned against the simulator are named and passed over)')
    .option('--version <n>', "a version number of the task instead of the latest (needs <task>: each task's versions are numbered on their own)", intOption(1, 1_000_000))
    .action(async (task: string | undefined, values: { version?: number }) => {
      if (values.version !== undefined && !task) throw new UserError(`--version ${values.version}: needs a task, each task's versions are numbered on their own (orgbench memory show <task> --version ${values.version})`)
      const config = loadConfig()
      // As a run reads it: a real model never reads a version learned against the simulator (OrgMemory.load).
      const real = !config.simulated
      const tasks = await tasksOf(dir(), task)
      const roles = tasks.length > 0 ? await rolesByTask() : new Map<string, Task['roles']>()
      if (tasks.length === 0) ctx.io.out(renderDefaultLessons(`no learned memory in ${dir()}: every run uses the default lessons:`, defaultStoredLessons()))
      for (const t of tasks) {
        if (values.version) {
          const file = readVersion(dir(), t, values.version, { roles: roles.get(t) })
          if (real && file.evidence?.simulated === true) ctx.io.out(`${versionName(t, values.version)} was learned against the simulator: a run against ${config.model} never reads it.`)
          ctx.io.out(redact(renderVersion(file)))
          continue
        }
        const file = latestVersion(dir(), t, { real, roles: roles.get(t) })
        const skipped = real ? simulatorVersionsSkipped(dir(), t) : []
        if (skipped.length > 0) ctx.io.out(`${skipped.join(', ')} ${skipped.length === 1 ? 'was' : 'were'} learned against the simulator: a run against ${config.model} ${file ? `reads ${versionName(t, file.version)}` : 'uses the default lessons'}.`)
        ctx.io.out(file ? redact(renderVersion(file)) : renderDefaultLessons(`${t}: no learned memory${skipped.length > 0 ? ` a run against ${config.model} reads` : ''}; runs use the default lessons:`, defaultStoredLessons()))
      }
    })

  memory
    .command('diff <task> [from] [to]')
    .description('what changed between two versions (default: the one before the latest, or the defaults, and the latest)')
    .action(async (task: string, from: string | undefined, to: string | undefined) => {
      await tasksOf(dir(), task)
      const versions = listVersions(dir(), task)
      if (versions.length === 0) throw new UserError(`${task}: no learned memory in ${dir()} to compare`)
      const number = (v: string) => Number(v.replace(/^v/, ''))
      // Every invalid version is named at once, not only the first.
      const invalid = ([['<from>', from], ['<to>', to]] as const).filter(([, v]) => v !== undefined && !(Number.isInteger(number(v)) && number(v) >= 1))
      if (invalid.length > 0) throw new UserError(`${invalid.map(([flag, v]) => `${flag} ${JSON.stringify(v)}`).join(', ')}: expected a version number such as 2 or v2`)
      const toV = to ? number(to) : versions.at(-1)!
      const fromV = from ? number(from) : (versions.filter((v) => v < toV).at(-1) ?? null)
      const read = { roles: (await rolesByTask()).get(task) }
      const a = fromV === null ? { name: 'default', lessons: defaultStoredLessons(), protocol: {} } : { name: versionName(task, fromV), ...readVersion(dir(), task, fromV, read) }
      const b = { name: versionName(task, toV), ...readVersion(dir(), task, toV, read) }
      ctx.io.out(redact(renderDiff(a, b)))
    })

  memory
    .command('reset [task]')
    .description('write a new version holding only the default lessons (every earlier version is kept)')
    .action(async (task: string | undefined) => {
      const tasks = await tasksOf(dir(), task)
      if (tasks.length === 0) ctx.io.out(`no learned memory in ${dir()}: nothing to reset`)
      for (const t of tasks) {
        const file = writeVersion(dir(), t, { writtenBy: 'reset', lessons: defaultStoredLessons(), protocol: {}, dropped: [], evidence: null })
        ctx.io.out(`${t}: wrote ${versionName(t, file.version)} with the default lessons`)
      }
    })

  memory
    .command('export <out>')
    .description('copy the versions learned against a real endpoint to <out> for the weekly commit; versions learned against the simulator are refused')
    .option('--github-output <file>', 'append "commit=true|false" (anything copied) to this file (GitHub Actions $GITHUB_OUTPUT)')
    .action((out: string, values: { githubOutput?: string }) => {
      const { copied, refused } = exportMemory(dir(), resolve(out))
      for (const c of copied) ctx.io.out(`to commit: ${c}`)
      for (const r of refused) ctx.io.out(`not committed: ${r}`)
      if (copied.length === 0) ctx.io.out('no memory version to commit')
      if (values.githubOutput) appendFileSync(values.githubOutput, `commit=${copied.length > 0}\n`)
    })
}
