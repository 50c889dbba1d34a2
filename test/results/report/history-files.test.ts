import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { UserError } from '../../../lib/errors.js'
import { historyRunFiles } from '../../../lib/results/report/history-files.js'
import { tempDir } from '../../support/temp.js'

describe('historyRunFiles', () => {
  test('a folder gives the run files directly in it, sorted; a file is taken as it is', () => {
    const dir = tempDir()
    const runs = join(dir, 'runs')
    mkdirSync(runs)
    for (const name of ['b.json', 'a.json.br', 'a.records.jsonl.gz', 'LATEST']) writeFileSync(join(runs, name), '')
    const single = join(dir, 'elsewhere.json')
    writeFileSync(single, '')
    expect(historyRunFiles([runs, single])).toEqual([join(runs, 'a.json.br'), join(runs, 'b.json'), single])
  })

  test("a run's plain and compacted files, in one folder or two, are one run, read from the compacted file", () => {
    const dir = tempDir()
    const [committed, merged] = [join(dir, 'committed'), join(dir, 'merged')]
    for (const d of [committed, merged]) mkdirSync(d)
    for (const name of ['r1.json', 'r1.json.br', 'r2.json']) writeFileSync(join(committed, name), '')
    writeFileSync(join(merged, 'r2.json.br'), '')
    writeFileSync(join(merged, 'r3.json'), '')
    expect(historyRunFiles([committed, merged])).toEqual([join(committed, 'r1.json.br'), join(merged, 'r2.json.br'), join(merged, 'r3.json')])
  })

  test.each([['a folder', 'runs'], ['a run file', 'run.json']])('%s that does not exist is refused by name, not read as no runs', (_, name) => {
    const missing = join(tempDir(), name)
    expect(() => historyRunFiles([missing])).toThrow(new UserError(`${missing}: no such run file or folder (expected a run file, or a folder of run files such as results/runs)`))
  })
})
