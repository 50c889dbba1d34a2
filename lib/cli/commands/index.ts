import type { CommandModule } from '../program.js'
import { cacheCommand } from './cache.js'
import { calibrateCommand } from './calibrate.js'
import { gateCommandModule } from './gate.js'
import { perfCommand } from './perf.js'
import { planCommand } from './plan.js'
import { reliabilityCommand } from './reliability.js'
import { reportCommand } from './report.js'
import { rescoreCommand } from './rescore.js'
import { runCommand } from './run.js'
import { schemaCommand } from './schema.js'
import { simCommand } from './sim.js'
import { tasksCommand } from './tasks.js'

/** Every `orgbench` command, in the order `orgbench --help` lists them. */
export const COMMANDS: readonly CommandModule[] = [runCommand, planCommand, tasksCommand, simCommand, gateCommandModule, reportCommand, rescoreCommand, calibrateCommand, cacheCommand, schemaCommand, perfCommand, reliabilityCommand]
