import type { CommandModule } from '../program.js'

/*
 * Every `orgbench` command, in the order `orgbench --help` lists them, each module loaded only when
 * it is needed. A command's module brings what its action uses (the simulator, the task registry,
 * the report renderers, the CI steps...): all of them together cost about 1.8 s of CPU to load,
 * and `orgbench sim` needs none of the others.
 */
const LOADERS = {
  run: async () => (await import('./run.js')).runCommand,
  plan: async () => (await import('./plan.js')).planCommand,
  tasks: async () => (await import('./tasks.js')).tasksCommand,
  sim: async () => (await import('./sim.js')).simCommand,
  gate: async () => (await import('./gate.js')).gateCommandModule,
  report: async () => (await import('./report.js')).reportCommand,
  rescore: async () => (await import('./rescore.js')).rescoreCommand,
  calibrate: async () => (await import('./calibrate.js')).calibrateCommand,
  calibration: async () => (await import('./calibration.js')).calibrationCommand,
  human: async () => (await import('./human.js')).humanCommand,
  memory: async () => (await import('./memory.js')).memoryCommand,
  cache: async () => (await import('./cache.js')).cacheCommand,
  schema: async () => (await import('./schema.js')).schemaCommand,
  docs: async () => (await import('./docs.js')).docsCommand,
  perf: async () => (await import('./perf.js')).perfCommand,
  reliability: async () => (await import('./reliability.js')).reliabilityCommand,
  shards: async () => (await import('./shards.js')).shardsCommand,
  ci: async () => (await import('./ci.js')).ciCommand,
} satisfies Record<string, () => Promise<CommandModule>>

/** The name of a top-level command, as typed after `orgbench`. */
export type CommandName = keyof typeof LOADERS

/** Every top-level command, in help order. */
export const COMMAND_NAMES = Object.keys(LOADERS) as CommandName[]

/** Whether `word` names a top-level command. */
export const isCommandName = (word: string): word is CommandName => Object.hasOwn(LOADERS, word)

/** The modules of the named commands (every command by default), in the order given. */
export function loadCommands(names: readonly CommandName[] = COMMAND_NAMES): Promise<CommandModule[]> {
  return Promise.all(names.map((name) => LOADERS[name]()))
}
