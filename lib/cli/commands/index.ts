import type { CommandModule } from '../program.js'
import { calibrateCommand } from './calibrate.js'
import { calibrationCommand } from './calibration.js'
import { ciCommand } from './ci.js'
import { docsCommand } from './docs.js'
import { gateCommandModule } from './gate.js'
import { humanCommand } from './human.js'
import { perfCommand } from './perf.js'
import { reportCommand } from './report.js'
import { rescoreCommand } from './rescore.js'
import { runCommand } from './run.js'
import { schemaCommand } from './schema.js'
import { shardsCommand } from './shards.js'
import { simCommand } from './sim.js'
import { tasksCommand } from './tasks.js'

/** Every `orgbench` command, in the order `orgbench --help` lists them. */
export const COMMANDS: readonly CommandModule[] = [runCommand, tasksCommand, simCommand, gateCommandModule, reportCommand, rescoreCommand, calibrateCommand, calibrationCommand, humanCommand, schemaCommand, docsCommand, perfCommand, shardsCommand, ciCommand]
