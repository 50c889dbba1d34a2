import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { openRun, readAllRecords } from '../../lib/results/read.js'
import { copyRun } from '../../lib/results/store.js'
import { tempDir } from '../support/temp.js'
import { makeRecord, writeRunFixture } from './fixtures.js'

const records = [1, 2, 3].map((trial) => makeRecord({ trial, headline: 70 + trial }))

describe('copyRun', () => {
  test('writes the layout the name asks for: plain for .json, compacted (brotli, read back) for .json.br', async () => {
    const dir = tempDir()
    await writeRunFixture(join(dir, 'run.json'), records, { runId: 'real-run', simulated: false })
    const source = openRun(join(dir, 'run.json'))
    const plain = await copyRun(source, join(dir, 'copy.json'))
    const compacted = await copyRun(source, join(dir, 'copy.json.br'))
    expect(plain.records.file).toBe('copy.records.jsonl.gz')
    expect(compacted.records.file).toBe('copy.records.jsonl.br')
    for (const name of ['copy.json', 'copy.json.br']) {
      const back = openRun(join(dir, name))
      expect(back.run.runId).toBe('real-run')
      expect(await readAllRecords(back)).toEqual(records)
    }
  })

  test('two copies in one folder, one plain and one compacted under the same name, keep their own records', async () => {
    const dir = tempDir()
    await writeRunFixture(join(dir, 'a.json'), records, { runId: 'run-a', simulated: false })
    await writeRunFixture(join(dir, 'b.json'), records.slice(0, 2), { runId: 'run-b', simulated: false })
    await copyRun(openRun(join(dir, 'a.json')), join(dir, 'baselines', 'm.json'))
    await copyRun(openRun(join(dir, 'b.json')), join(dir, 'baselines', 'm.json.br'))
    expect(await readAllRecords(openRun(join(dir, 'baselines', 'm.json')))).toHaveLength(3)
    expect(await readAllRecords(openRun(join(dir, 'baselines', 'm.json.br')))).toHaveLength(2)
  })

  test('refuses any other name before writing anything', async () => {
    const dir = tempDir()
    await writeRunFixture(join(dir, 'run.json'), records, { runId: 'real-run', simulated: false })
    const source = openRun(join(dir, 'run.json'))
    for (const name of ['copy', 'copy.json.gz', 'copy.txt']) {
      await expect(copyRun(source, join(dir, 'out', name))).rejects.toThrow(`${join(dir, 'out', name)}: expected a run file name ending in .json (plain) or .json.br (compacted); nothing was written`)
    }
    expect(readdirSync(dir)).toEqual(['run.json', 'run.records.jsonl.gz'])
  })
})
