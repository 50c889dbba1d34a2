import { describe, expect, test } from 'vitest'
import { simulatorVersionsSkipped, skippedVersionsWarning } from '../../lib/memory/skipped.js'
import { defaultStoredLessons, writeVersion } from '../../lib/memory/store.js'
import { tempDir } from '../support/temp.js'

const evidence = (simulated: boolean) => ({ runId: 'run-1', simulated, ...(simulated ? {} : { provider: 'openai', model: 'gpt' }), settings: { iterations: 3, trainTrials: 2, heldOutTrials: 4, budgetTokens: 400 }, arms: [], differences: [] })
const write = (dir: string, task: string, simulated: boolean | null) => writeVersion(dir, task, { writtenBy: 'r', lessons: defaultStoredLessons(), protocol: {}, dropped: [], evidence: simulated === null ? null : evidence(simulated) })

describe('versions a real-model run passes over', () => {
  test('the simulator-learned versions newer than the one a real run reads', () => {
    const dir = tempDir()
    write(dir, 'a', true)
    write(dir, 'a', false)
    write(dir, 'a', true)
    write(dir, 'b', null)
    expect(simulatorVersionsSkipped(dir, 'a')).toEqual(['a@v3'])
    expect(simulatorVersionsSkipped(dir, 'b')).toEqual([])
    expect(simulatorVersionsSkipped(dir, 'none')).toEqual([])
  })
  test("one warning names them, for the run's tasks only", () => {
    const dir = tempDir()
    write(dir, 'a', true)
    write(dir, 'c', true)
    expect(skippedVersionsWarning(dir, null, 'real-x')).toBe(`ORGBENCH_MEMORY=persisted: a@v1, c@v1 in ${dir} were learned against the simulator, which a run against real-x never reads: its tasks read the latest version learned against a real model, or the default lessons`)
    expect(skippedVersionsWarning(dir, ['a'], 'real-x')).toContain('a@v1 in')
    expect(skippedVersionsWarning(dir, ['b'], 'real-x')).toBeNull()
    expect(skippedVersionsWarning(`${dir}/missing`, null, 'real-x')).toBeNull()
  })
})
