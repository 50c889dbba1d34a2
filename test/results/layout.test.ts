import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { journalDir, namesIn, recordsFileName, runFilePath } from '../../lib/results/layout.js'
import { tempDir } from '../support/temp.js'

describe('the results layout', () => {
  test('a run file, its records beside it, its journal in its own folder', () => {
    expect(runFilePath('out', 'sim-1')).toBe(join('out', 'sim-1.json'))
    expect(recordsFileName('sim-1.json')).toBe('sim-1.records.jsonl.gz')
    expect(journalDir('out', 'sim-1')).toBe(join('out', 'journal', 'sim-1'))
  })

  test('namesIn: a folder that does not exist yet has no names; any other failure is thrown', () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'a.json'), '{}')
    expect(namesIn(dir)).toEqual(['a.json'])
    expect(namesIn(join(dir, 'missing'))).toEqual([])
    expect(() => namesIn(join(dir, 'a.json'))).toThrow(/ENOTDIR/)
  })
})
