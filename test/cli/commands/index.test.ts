import { describe, expect, test } from 'vitest'
import { COMMAND_NAMES, isCommandName, loadCommands } from '../../../lib/cli/commands/index.js'
import { gateCommandModule } from '../../../lib/cli/commands/gate.js'
import { memoryCommand } from '../../../lib/cli/commands/memory.js'
import { simCommand } from '../../../lib/cli/commands/sim.js'

describe('COMMAND_NAMES', () => {
  test('every top-level command, in the order the help lists them', () => {
    expect(COMMAND_NAMES).toEqual(['run', 'plan', 'tasks', 'sim', 'gate', 'report', 'rescore', 'calibrate', 'calibration', 'human', 'memory', 'cache', 'schema', 'docs', 'perf', 'reliability', 'shards', 'ci'])
  })
})

describe('isCommandName', () => {
  test('is true for each command name as typed, and for nothing else: not a subcommand, another case, or a property every object has', () => {
    expect(COMMAND_NAMES.every(isCommandName)).toBe(true)
    for (const word of ['show', 'Gate', 'gate ', '', 'constructor', 'toString', 'hasOwnProperty', '__proto__']) expect(isCommandName(word), word).toBe(false)
  })
})

describe('loadCommands', () => {
  test("loads the named commands' modules, in the order given", async () => {
    expect(await loadCommands(['memory', 'gate', 'sim'])).toEqual([memoryCommand, gateCommandModule, simCommand])
  })

  test('loads every command by default, one module each', async () => {
    const all = await loadCommands()
    expect(all).toHaveLength(COMMAND_NAMES.length)
    expect(new Set(all).size).toBe(COMMAND_NAMES.length)
    expect(all.every((m) => typeof m === 'function')).toBe(true)
  })
})
