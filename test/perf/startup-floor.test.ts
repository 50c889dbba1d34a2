import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { timedFloor, writeFloorProject } from '../../perf/checks/startup-floor.js'
import { startSimulator } from '../../lib/sim/server.js'
import { tempDir } from '../support/temp.js'

describe('the bare Vitest project the startup figure is set against', () => {
  test('makes its one call to the endpoint it is given, and is timed', { timeout: 60_000 }, async () => {
    const sim = await startSimulator()
    try {
      const dir = writeFloorProject(join(tempDir(), 'floor'))
      expect(existsSync(join(dir, 'node_modules', 'openai'))).toBe(true)
      const run = await timedFloor(dir, sim.url)
      expect(run.wallMs).toBeGreaterThan(0)
      expect(sim.stats.completions).toBe(1)
      // Its module cache is its own, not the project's (reached through the node_modules link).
      expect(readdirSync(join(dir, '.module-cache')).length).toBeGreaterThan(0)
    } finally {
      await sim.close()
    }
  })

  test('fails, with its output, when its call fails: a failed run is never a time', { timeout: 60_000 }, async () => {
    const dir = writeFloorProject(join(tempDir(), 'floor'))
    await expect(timedFloor(dir, 'http://127.0.0.1:9/v1')).rejects.toThrow(/the bare Vitest project failed \(exit 1\):[\s\S]*Connection error/)
  })
})
