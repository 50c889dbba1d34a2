import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { UserError } from '../../errors.js'
import { matchesProject, vitestProjects } from '../../run/bench-files.js'
import { PROJECT_ROOT } from '../../tasks/registry.js'
import { closestMatch } from '../../text.js'
import type { CommandModule } from '../program.js'
import { projectArgs, TRACKS } from '../../ci/plan.js'

/**
 * Whether Vitest arguments choose the projects or files to run themselves (a --project, or a file
 * filter); otherwise, as with only -t, --shard or --reporter, the run keeps its default projects.
 * Read with Vitest's own parser, so that a flag's value (-t "single") is never taken for a file.
 * Throws a UserError for a --project that names no project of the configuration, which Vitest
 * would refuse with a stack trace (a flag it does not know is run-vitest.js's to report).
 */
export async function choosesFiles(args: readonly string[], projects = vitestProjects(PROJECT_ROOT)): Promise<boolean> {
  const { parseCLI } = await import('vitest/node')
  let parsed: ReturnType<typeof parseCLI>
  try {
    parsed = parseCLI(['vitest', 'run', ...args])
  } catch {
    // Arguments Vitest cannot parse: Vitest names the problem (run-vitest.js makes that one line).
    return true
  }
  const patterns = [parsed.options.project ?? []].flat()
  for (const pattern of patterns) {
    if (pattern.startsWith('!') || projects.some((name) => matchesProject(pattern, name))) continue
    const hint = closestMatch(pattern, projects)
    throw new UserError(`unknown project "${pattern}"${hint ? `; did you mean "${hint}"?` : ''} (projects: ${projects.join(', ')})`)
  }
  return parsed.filter.length > 0 || patterns.length > 0
}

/** The arguments of `vitest run` for `orgbench run <args>`: the default benchmark projects unless the arguments choose. */
export async function vitestArgs(args: readonly string[]): Promise<string[]> {
  // Not "benchmarks/": that would take benchmarks/learning in too, mixing learning records into the benchmark's.
  return (await choosesFiles(args)) ? ['run', ...args] : ['run', ...projectArgs(TRACKS.join(',')), ...args]
}

/** Vitest's command line, reporting a flag it cannot parse in one line (exit 2) rather than with a stack trace. */
const VITEST_CLI = join(PROJECT_ROOT, 'lib', 'cli', 'commands', 'run-vitest.js')

/** `orgbench run [filters...]`: the benchmark itself, i.e. `vitest run` with the given filters and flags. */
export const runCommand: CommandModule = (parent, ctx) => {
  parent
    .command('run')
    .description(
      'run the benchmark: the same as "npx vitest run <filters>" (default: every benchmark project, which -t and other flags narrow; a --project or a file filter replaces it; the learning loop runs apart, with --project learning); settings come from ORGBENCH_* variables',
    )
    .argument('[args...]', 'Vitest filters and flags, e.g. benchmarks/enterprise, --project finance or -t "single"')
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .action(async (args: string[]) => {
      const argv = await vitestArgs(args)
      ctx.exitCode = await new Promise<number>((resolve) => {
        const child = spawn(process.execPath, [VITEST_CLI, ...argv], { stdio: 'inherit', cwd: process.cwd() })
        child.on('exit', (code, signal) => resolve(code ?? (signal ? 130 : 1)))
      })
    })
}
