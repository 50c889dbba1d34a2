import { Command, CommanderError, InvalidArgumentError, Option } from 'commander'
import { isUserError, UserError } from '../errors.js'
import { fsCodeText, fsErrorLine, isFsError, isPathlessFsError } from '../fs-errors.js'
import { COMMAND_NAMES, isCommandName, loadCommands } from './commands/index.js'
import type { CliIO } from './io.js'

/** What a command's action receives besides its own arguments. */
export interface CliContext {
  io: CliIO
  /** Set by an action to end the process with this status (default 0). */
  exitCode: number
  /** The command being run ("orgbench gate"), for messages. */
  running: string
}

/** A command of `orgbench`: adds itself (and its subcommands) to the parent it is given. */
export type CommandModule = (parent: Command, ctx: CliContext) => void

/** The full name of a command as typed: "orgbench report check". */
export function commandPath(cmd: Command): string {
  const names: string[] = []
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name())
  return names.join(' ')
}

/** Parses an integer option within bounds, or says which flag was wrong and what it expects. */
export function intOption(min: number, max: number) {
  return (value: string): number => {
    if (!/^-?\d+$/.test(value) || Number(value) < min || Number(value) > max) throw new InvalidArgumentError(`expected an integer from ${min} to ${max}`)
    return Number(value)
  }
}

/** Parses a number option. */
export function numberOption(value: string): number {
  const x = Number(value)
  if (value.trim() === '' || !Number.isFinite(x)) throw new InvalidArgumentError('expected a number')
  return x
}

/** An option restricted to a set of values, with the set in its help. */
export function choiceOption(flags: string, description: string, choices: readonly string[]): Option {
  return new Option(flags, description).choices(choices)
}

/**
 * A preAction hook refusing flags of `dependents` (option names such as 'out') given on the command
 * line without the option `needed`, which they only shape: "--out: only meaningful with --prompt".
 */
export function onlyWith(needed: string, dependents: readonly string[]) {
  return (command: Command): void => {
    if (command.getOptionValue(needed) !== undefined) return
    const flag = (name: string) => command.options.find((o) => o.attributeName() === name)?.long ?? `--${name}`
    const given = dependents.filter((name) => command.getOptionValueSource(name) === 'cli')
    if (given.length > 0) throw new UserError(`${given.map(flag).join(', ')}: only meaningful with ${flag(needed)}`)
  }
}

/**
 * Builds the `orgbench` program with `commands` (see loadCommands). Every command and subcommand
 * gets --help; a parse error (unknown flag, missing or invalid argument) prints one line naming the
 * problem plus the usage, and exits 2.
 */
export function createProgram(ctx: CliContext, commands: readonly CommandModule[]): Command {
  const program = new Command('orgbench')
    .description('Does a multi-agent LLM organisation beat a single agent on real enterprise work, and at what cost?')
    .exitOverride()
    .helpCommand(false)
    // Needed for a command to keep its own flags before its subcommand (report: \`report check --out\` is not report's --out).
    .enablePositionalOptions()
    .showSuggestionAfterError(true)
    .configureHelp({ helpWidth: 100, sortSubcommands: false })
  for (const add of commands) add(program, ctx)
  configureOutput(program, ctx.io)
  program.hook('preAction', (_root, action) => {
    ctx.running = commandPath(action)
  })
  return program
}

/** Routes commander's output through `io`; its error messages become "<command>: <problem>" plus the usage. */
function configureOutput(cmd: Command, io: CliIO): void {
  cmd.exitOverride()
  cmd.configureOutput({
    writeOut: (s) => io.out(s.replace(/\n$/, '')),
    writeErr: (s) => io.err(s.replace(/\n$/, '')),
    outputError: (message) => usageError(cmd, message.replace(/^error: /, '').trim(), io),
  })
  for (const sub of cmd.commands) configureOutput(sub, io)
}

/** A parse error as every command prints one: "<command>: <problem>", the usage, and where the help is. */
function usageError(cmd: Command, problem: string, io: CliIO): void {
  io.err(`${commandPath(cmd)}: ${problem}`)
  io.err(`usage: ${commandPath(cmd)} ${cmd.usage()}`)
  io.err(`(run "${commandPath(cmd)} --help" for details)`)
}

/**
 * The command `argv` names when it is one that only groups subcommands (orgbench memory) and no
 * subcommand follows; null otherwise. Commander prints such a command's whole help as an error;
 * orgbench names what is missing in one line, as for a missing argument. An unknown subcommand or
 * flag is commander's to report (with a suggestion), and --help still shows the help.
 */
function groupWithoutCommand(program: Command, argv: readonly string[]): Command | null {
  let cmd = program
  for (const token of argv) {
    if (token.startsWith('-')) return null
    const sub = cmd.commands.find((c) => c.name() === token || c.aliases().includes(token))
    if (!sub) return null
    cmd = sub
  }
  // Commander keeps a command's action in a field of its own; a group has none.
  const hasAction = (cmd as unknown as { _actionHandler?: unknown })._actionHandler != null
  return cmd !== program && cmd.commands.length > 0 && !hasAction ? cmd : null
}

/**
 * Runs `orgbench` with `argv` (without "node" and the script) and returns the exit status:
 * 0 success, 1 a failed check (a gate FAIL, a missed target), 2 unusable input. User problems
 * are reported in one message without a stack trace, and so is a file-system error on a path that
 * no command turned into one (a file or folder the user named is missing, unwritable, of the wrong
 * kind); anything else is a bug and keeps its stack.
 */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const ctx: CliContext = { io, exitCode: 0, running: 'orgbench' }
  // Only the command being run is loaded; no command, a flag or a typo (help, suggestions) needs them all.
  const first = argv[0]
  const program = createProgram(ctx, await loadCommands(first !== undefined && isCommandName(first) ? [first] : COMMAND_NAMES))
  if (argv.length === 0) {
    program.outputHelp()
    return 0
  }
  const group = groupWithoutCommand(program, argv)
  if (group) {
    usageError(group, `missing command: expected one of ${group.commands.map((c) => c.name()).join(', ')}`, io)
    return 2
  }
  try {
    await program.parseAsync([...argv], { from: 'user' })
    return ctx.exitCode
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? 0 : 2
    if (isUserError(e)) {
      io.err(`${ctx.running}: ${e.message}`)
      return 2
    }
    if (isFsError(e)) {
      io.err(`${ctx.running}: ${fsErrorLine(e)}`)
      return 2
    }
    // A writer that did not say where it wrote: still one line, with the system call that failed.
    if (isPathlessFsError(e)) {
      io.err(`${ctx.running}: ${e.syscall} failed: ${fsCodeText(e.code)}`)
      return 2
    }
    throw e
  }
}
