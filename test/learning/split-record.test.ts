import { describe, expect, test } from 'vitest'
import { loadConfig } from '../../lib/config.js'
import { splitEntry } from '../../lib/learning/split-record.js'
import { LearningSplit } from '../../lib/results/learning-settings.js'
import { loadRegistry } from '../../lib/tasks/registry.js'
import { idsHash, splitInputs } from '../../lib/tasks/split.js'

const registry = await loadRegistry()
const config = loadConfig({ env: { ORGBENCH_LEARN_TRAIN_TRIALS: '2', ORGBENCH_LEARN_HELDOUT_TRIALS: '3' }, cwd: '/nonexistent' })

describe('the split as the results file records it', () => {
  test('a split task: the ids of each side with their hash, and the seeds', () => {
    const task = registry.get('code_review_execution')
    const s = splitInputs(task)
    const entry = LearningSplit.parse(splitEntry(task, config))
    expect(entry).toMatchObject({ mode: 'inputs', unit: 'diff input', fraction: 0.3, reason: null, trainSeeds: [1, 2], heldOutSeeds: [3, 4, 5] })
    expect(entry.heldOut).toEqual({ ids: s.mode === 'inputs' ? s.heldOutIds : [], sha256: idsHash(entry.heldOut!.ids) })
    expect(entry.train!.ids.length + entry.heldOut!.ids.length).toBe(14)
  })

  test('a seed-only task says so, with its reason', () => {
    expect(splitEntry(registry.get('incident_response_execution'), config)).toMatchObject({ mode: 'seeds', unit: null, train: null, heldOut: null, reason: expect.stringMatching(/one incident/), heldOutSeeds: [3, 4, 5] })
  })
})
