import { readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { capCountPath, countedBySessions, writeCapCount } from '../../lib/gateway/cap-log.js'
import { tempDir } from '../support/temp.js'

test("a session's count is replaced whole, and the most any earlier session counted, spent plus in flight, is what a resume reads", () => {
  const dir = tempDir()
  expect(countedBySessions(dir)).toBe(0)
  expect(countedBySessions(join(dir, 'missing'))).toBe(0)
  writeCapCount(capCountPath(dir, 1), { spentUsd: 1, reservedUsd: 0.5 })
  writeCapCount(capCountPath(dir, 1), { spentUsd: 1.2, reservedUsd: 0.6 })
  writeCapCount(capCountPath(dir, 2), { spentUsd: 2, reservedUsd: 0 })
  expect(readdirSync(dir).sort()).toEqual(['cap-count-1.json', 'cap-count-2.json'])
  expect(countedBySessions(dir, 2)).toBeCloseTo(1.8, 10)
  expect(countedBySessions(dir)).toBe(2)
  // A file that cannot be read counts nothing: the journal's count stands.
  writeFileSync(capCountPath(dir, 3), '{"spentUsd": 9')
  expect(countedBySessions(dir)).toBe(2)
})
