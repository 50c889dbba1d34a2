import { describe, expect, test } from 'vitest'
import { parseUnifiedDiff, renderDiffWithGutter, visibleNewLines } from '../../lib/tasks/diff.js'

const DIFF = `diff --git a/app/users.py b/app/users.py
index 1111111..2222222 100644
--- a/app/users.py
+++ b/app/users.py
@@ -10,4 +10,5 @@ def load(user_id):
     row = db.get(user_id)
-    return row
+    if row is None:
+        raise KeyError(user_id)
+    return row
 
diff --git a/app/new.py b/app/new.py
new file mode 100644
--- /dev/null
+++ b/app/new.py
@@ -0,0 +1,2 @@
+def f():
+    return 1
`

describe('parseUnifiedDiff', () => {
  test('numbers every line on the side it exists on', () => {
    const files = parseUnifiedDiff(DIFF)
    expect(files.map((f) => f.path)).toEqual(['app/users.py', 'app/new.py'])
    expect(files[0]!.lines).toEqual([
      { newLine: 10, oldLine: 10, kind: 'context', text: '    row = db.get(user_id)' },
      { newLine: null, oldLine: 11, kind: 'remove', text: '    return row' },
      { newLine: 11, oldLine: null, kind: 'add', text: '    if row is None:' },
      { newLine: 12, oldLine: null, kind: 'add', text: '        raise KeyError(user_id)' },
      { newLine: 13, oldLine: null, kind: 'add', text: '    return row' },
      { newLine: 14, oldLine: 12, kind: 'context', text: '' },
    ])
    expect(files[1]!.lines.map((l) => [l.newLine, l.kind])).toEqual([
      [1, 'add'],
      [2, 'add'],
    ])
  })

  test('a line that starts with "+++" or "---" inside a hunk is content, not a header', () => {
    const files = parseUnifiedDiff('--- a/x.md\n+++ b/x.md\n@@ -1,2 +1,2 @@\n---- old rule\n++++ new rule\n same\n')
    expect(files).toHaveLength(1)
    expect(files[0]!.lines.map((l) => [l.kind, l.text])).toEqual([
      ['remove', '--- old rule'],
      ['add', '+++ new rule'],
      ['context', 'same'],
    ])
  })

  test('hunk headers without counts and several hunks per file', () => {
    const files = parseUnifiedDiff('+++ b/a.ts\n@@ -1 +1 @@\n-a\n+b\n@@ -40,1 +40,2 @@\n c\n+d\n')
    expect([...visibleNewLines(files[0]!)]).toEqual([1, 40, 41])
  })

  test('a hunk before any file header is malformed', () => {
    expect(() => parseUnifiedDiff('@@ -1 +1 @@\n+x\n')).toThrow('hunk header before any "+++" file header: @@ -1 +1 @@')
  })

  test('text that is not a diff has no files', () => {
    expect(parseUnifiedDiff('just some prose\n')).toEqual([])
  })
})

describe('visibleNewLines', () => {
  test('holds added and context lines, not removed ones', () => {
    expect([...visibleNewLines(parseUnifiedDiff(DIFF)[0]!)].sort((a, b) => a - b)).toEqual([10, 11, 12, 13, 14])
  })
})

describe('renderDiffWithGutter', () => {
  test('puts the new-file line number left of added and context lines, blank for the rest', () => {
    expect(renderDiffWithGutter('--- a/x.py\n+++ b/x.py\n@@ -7,3 +7,3 @@\n a = 1\n-b = 2\n+b = 3\n c = 4\n')).toBe(
      [
        '      --- a/x.py',
        '      +++ b/x.py',
        '      @@ -7,3 +7,3 @@',
        '    7  a = 1',
        '      -b = 2',
        '    8 +b = 3',
        '    9  c = 4',
      ].join('\n'),
    )
  })

  test('the gutter agrees with the parser on every visible line', () => {
    const rendered = renderDiffWithGutter(DIFF).split('\n')
    const numbered = rendered.filter((l) => /^\s*\d+ /.test(l)).map((l) => Number(l.slice(0, 5)))
    const parsed = parseUnifiedDiff(DIFF).flatMap((f) => [...visibleNewLines(f)])
    expect(numbered).toEqual(parsed)
  })
})
