import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { PROJECT_ROOT } from '../../lib/tasks/registry.js'
import { sharedTempDir, tempDir } from './temp.js'

// The second test looks at what the first left: in declaration order whatever --sequence.shuffle says.
describe('temporary folders of the tests', { shuffle: false }, () => {
  let made = ''
  test('tempDir gives the running test an empty folder of its own', () => {
    made = tempDir('orgbench-temp-test-')
    expect(readdirSync(made)).toEqual([])
  })

  test('and removes it when that test ends', () => {
    expect(made).not.toBe('')
    expect(existsSync(made)).toBe(false)
  })

  let shared = ''
  describe('a block with a shared folder', () => {
    shared = sharedTempDir('orgbench-temp-shared-')
    test('sharedTempDir gives the block\'s tests one empty folder, which outlives each test', () => {
      expect(readdirSync(shared)).toEqual([])
    })

    test('and is still there for the next test of the block', () => {
      expect(existsSync(shared)).toBe(true)
    })
  })

  test('and is removed once the block has run', () => {
    expect(shared).not.toBe('')
    expect(existsSync(shared)).toBe(false)
  })

  test('a test file that makes a folder with mkdtempSync also removes one (else each run leaves it in the system\'s temporary folder); tempDir does both', () => {
    const files = readdirSync(join(PROJECT_ROOT, 'test'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.startsWith('fixtures') && f !== join('support', 'temp.test.ts'))
    const making = files.filter((f) => readFileSync(join(PROJECT_ROOT, 'test', f), 'utf8').includes('mkdtempSync('))
    expect(making.length).toBeGreaterThan(0)
    const leaving = making.filter((f) => !/\brmSync\(/.test(readFileSync(join(PROJECT_ROOT, 'test', f), 'utf8')))
    expect(leaving).toEqual([])
  })
})
