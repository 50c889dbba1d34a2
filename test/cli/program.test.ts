import { Command } from 'commander'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { COMMAND_NAMES, loadCommands } from '../../lib/cli/commands/index.js'
import { UserError } from '../../lib/errors.js'
import { commandPath, createProgram, onlyWith, runCli } from '../../lib/cli/program.js'
import { tempDir } from '../support/temp.js'

afterEach(() => {
  vi.unstubAllEnvs()
})

const ctx = () => ({ io: { out: () => {}, err: () => {} }, exitCode: 0, running: 'orgbench' })
const every = await loadCommands()

async function cli(...argv: string[]) {
  const out: string[] = []
  const err: string[] = []
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) })
  return { code, out: out.join('\n'), err: err.join('\n') }
}

/** Every command and subcommand of `orgbench`, as the words one types after it. */
function allCommands(): string[][] {
  const found: string[][] = []
  const visit = (cmd: Command, path: string[]) => {
    for (const sub of cmd.commands) {
      found.push([...path, sub.name()])
      visit(sub, [...path, sub.name()])
    }
  }
  visit(createProgram(ctx(), every), [])
  return found
}

describe('orgbench', () => {
  const commands = allCommands()

  test('has the commands the npm scripts alias', () => {
    expect(commands.map((c) => c.join(' '))).toEqual(expect.arrayContaining(['run', 'tasks', 'sim', 'gate', 'report', 'report check', 'rescore', 'calibrate', 'schema', 'perf', 'shards check', 'plan', 'cache stats', 'cache prune', 'cache clear', 'reliability']))
  })

  test.each(commands)('%s --help prints its usage and exits 0', async (...path) => {
    const r = await cli(...path, '--help')
    expect(r.code).toBe(0)
    expect(r.out).toContain(`Usage: orgbench ${path.join(' ')}`)
    expect(r.err).toBe('')
  })

  test.each(commands.filter((c) => c[0] !== 'run'))('%s rejects an unknown flag in one line plus the usage, exit 2', async (...path) => {
    const r = await cli(...path, '--no-such-flag')
    expect(r.code).toBe(2)
    const lines = r.err.split('\n')
    // A command with required options names a missing one first; either way, one line naming the problem.
    expect(lines[0]).toMatch(new RegExp(`^orgbench ${path.join(' ')}: (unknown option '--no-such-flag'|required option '--[a-z-]+ <[a-z]+>' not specified)$`))
    expect(lines[1]).toMatch(new RegExp(`^usage: orgbench ${path.join(' ')} `))
    expect(r.err).not.toMatch(/\n\s+at /)
  })

  test('the help without a command lists every command, in the order of COMMAND_NAMES', async () => {
    const r = await cli('--help')
    expect(r.code).toBe(0)
    const listed = [...r.out.matchAll(/^  ([a-z]+)\b/gm)].map((m) => m[1])
    expect(listed).toEqual(COMMAND_NAMES)
  })

  test('a command runs with only its own module loaded and still parses its flags', async () => {
    expect(await loadCommands(['sim'])).toHaveLength(1)
    const r = await cli('sim', '--port', 'x', '--help')
    expect(r.code).toBe(0)
    expect(r.out).toContain('Usage: orgbench sim')
  })

  test('a missing argument names it, without a stack trace', async () => {
    const r = await cli('rescore')
    expect(r.code).toBe(2)
    expect(r.err).toContain("orgbench rescore: missing required argument 'file'")
  })

  test('a command that groups subcommands, called without one, names what is missing in one line instead of printing its help; its --help still shows the help', async () => {
    expect(await cli('memory')).toEqual({
      code: 2,
      out: '',
      err: 'orgbench memory: missing command: expected one of show, diff, reset, export\nusage: orgbench memory [options] [command]\n(run "orgbench memory --help" for details)',
    })
    expect((await cli('calibration')).err.split('\n')[0]).toBe('orgbench calibration: missing command: expected one of record, check')
    expect((await cli('memory', 'shwo')).err).toContain("orgbench memory: unknown command 'shwo'")
    const help = await cli('memory', '--help')
    expect(help.code).toBe(0)
    expect(help.out).toContain('Usage: orgbench memory')
  })

  test('an unknown command suggests the closest one', async () => {
    const r = await cli('gat')
    expect(r.code).toBe(2)
    expect(r.err).toContain("unknown command 'gat'")
    expect(r.err).toContain('gate')
  })

  test('a user error inside a command is one message naming the command, exit 2', async () => {
    const r = await cli('report', '/nonexistent/run.json')
    expect(r.code).toBe(2)
    expect(r.err).toBe('orgbench report: /nonexistent/run.json: cannot read the results file: no such file or folder (ENOENT); expected a run file such as results/runs/<run-id>.json')
  })

  test('an output path of the wrong kind is one line naming it and what was expected, exit 2 (not 1, which means a failed check)', async () => {
    const folder = tempDir()
    const r = await cli('tasks', '--prompt', 'code_review_execution', '--out', folder)
    expect(r).toEqual({ code: 2, out: '', err: `orgbench tasks: ${folder}: is a folder, expected a file path` })
  })

  test('a file-system error on a path that no command turned into a message is still one line, exit 2', async () => {
    const file = join(tempDir(), 'notes.txt')
    writeFileSync(file, '')
    vi.stubEnv('ORGBENCH_CACHE_DIR', file)
    const r = await cli('cache', 'stats')
    expect(r.code).toBe(2)
    expect(r.err).toBe(`orgbench cache stats: ${file}: a file where a folder was expected (ENOTDIR)`)
  })

  test.each([
    [['--topology', 'star'], '--topology'],
    [['--out', 'prompt.txt'], '--out'],
    [['--topology', 'single', '--memory', 'off'], '--topology, --memory'],
  ])('tasks %j without --prompt is refused, not silently ignored, exit 2', async (flags, named) => {
    const r = await cli('tasks', ...flags)
    expect(r).toEqual({ code: 2, out: '', err: `orgbench tasks: ${named}: only meaningful with --prompt` })
  })

  test('commandPath names nested commands in full', () => {
    const program = createProgram(ctx(), every)
    const check = program.commands.find((c) => c.name() === 'report')!.commands.find((c) => c.name() === 'check')!
    expect(commandPath(check)).toBe('orgbench report check')
  })
})

describe('onlyWith', () => {
  const command = (...argv: string[]) => {
    const cmd = new Command('x').exitOverride().option('--prompt <task>').option('--top-k <n>', 'a flag with a default', '3').option('--out <file>')
    cmd.hook('preAction', onlyWith('prompt', ['topK', 'out'])).action(() => {})
    return cmd.parseAsync(argv, { from: 'user' })
  }

  test('flags given on the command line without the one they depend on are named, by their flag', async () => {
    await expect(command('--top-k', '3', '--out', 'f')).rejects.toThrow(new UserError('--top-k, --out: only meaningful with --prompt'))
  })

  test('a default value is not a flag given; with the flag they depend on, anything goes', async () => {
    await expect(command()).resolves.toBeDefined()
    await expect(command('--prompt', 't', '--top-k', '5', '--out', 'f')).resolves.toBeDefined()
  })
})
