import { describe, expect, test } from 'vitest'
import { oldFileWarning, oldFileWarnings } from '../../lib/results/old-file.js'

describe('the warning of a run read from an older results file', () => {
  test('names the version, the file and what it lacks', () => {
    expect(oldFileWarning(2, 'run.json', 'the judge\'s prompts were not stored')).toBe("read from a version-2 results file (run.json): the judge's prompts were not stored")
  })

  test('is told apart from the run\'s other warnings', () => {
    const old = oldFileWarning(1, 'run.json', 'its status is inferred')
    expect(oldFileWarnings({ warnings: ['journal line 3 is incomplete; ignored', old] })).toEqual([old])
    expect(oldFileWarnings({ warnings: [] })).toEqual([])
  })
})
