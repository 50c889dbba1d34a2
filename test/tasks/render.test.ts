import { describe, expect, test } from 'vitest'
import { DiffError, renderDiffWithGutter } from '../../lib/tasks/diff.js'
import { renderInput } from '../../lib/tasks/render.js'

describe('renderInput', () => {
  test('a diff gets the new-file line-number gutter', () => {
    const diff = '--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n'
    expect(renderInput('diff', diff)).toBe(renderDiffWithGutter(diff))
    expect(renderInput('diff', diff)).toContain('    1 +b')
  })

  test('a diff input that is no diff (prose, an empty file, headers without a hunk) is a DiffError saying what was expected', () => {
    expect(() => renderInput('diff', 'not a diff at all\n')).toThrow('expected a unified diff, found no "+++ b/<path>" file header')
    expect(() => renderInput('diff', '')).toThrow(DiffError)
    expect(() => renderInput('diff', '--- a/x\n+++ b/x\n')).toThrow('expected a unified diff, found no hunk ("@@ -a,b +c,d @@")')
  })

  test.each(['markdown', 'json', 'log', 'csv', 'text'] as const)('%s is shown verbatim, without its final newline', (format) => {
    expect(renderInput(format, 'line 1\n  line 2\n')).toBe('line 1\n  line 2')
    expect(renderInput(format, 'no newline')).toBe('no newline')
  })
})
