import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { baselineFile, findBaseline } from '../../lib/ci/baseline.js'
import { tempDir } from '../support/temp.js'
import { trials, writeRunFixture } from '../results/fixtures.js'

describe('baselineFile', () => {
  test("is the model's slug under baselines/, compacted", () => {
    expect(baselineFile('/r', 'openai/gpt-4o-mini')).toBe('/r/baselines/openai-gpt-4o-mini.json.br')
    expect(baselineFile('/r', 'Llama 3.3 70B')).toBe('/r/baselines/llama-3.3-70b.json.br')
  })
})

describe('findBaseline', () => {
  test("with the model's own baseline: that one, even beside a legacy baseline.json", async () => {
    const root = tempDir()
    mkdirSync(join(root, 'baselines'))
    const own = baselineFile(root, 'sim-strong')
    await writeRunFixture(own, trials([80, 81]), { runId: 'own' })
    await writeRunFixture(join(root, 'baseline.json'), trials([80, 81]), { runId: 'legacy' })
    expect(findBaseline(root, 'sim-strong')).toEqual({ path: own, note: `baseline ${own}` })
  })

  test('with only the legacy baseline.json: used for the model it was made from, and named as the reason for any other', async () => {
    const root = tempDir()
    const legacy = join(root, 'baseline.json')
    await writeRunFixture(legacy, trials([80, 81]), { runId: 'legacy', model: 'sim-strong' })
    expect(findBaseline(root, 'sim-strong')).toEqual({ path: legacy, note: `baseline ${legacy}` })
    expect(findBaseline(root, 'gpt-4o')).toEqual({ path: null, note: `no baseline for gpt-4o yet (${legacy} is of sim-strong); run the workflow by hand with update_baseline once a real run of gpt-4o has been reviewed` })
  })

  test('with neither: null, naming the file the model would have', () => {
    const root = tempDir()
    expect(findBaseline(root, 'gpt-4o')).toEqual({ path: null, note: `no baseline for gpt-4o yet (${join(root, 'baselines', 'gpt-4o.json.br')}); run the workflow by hand with update_baseline once a real run has been reviewed` })
  })
})
