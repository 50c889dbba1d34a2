import { describe, expect, test } from 'vitest'
import { DiffError, parseUnifiedDiff, renderDiffWithGutter, visibleNewLines } from '../../lib/tasks/diff.js'

const DIFF = `diff --git a/app/users.py b/app/users.py
index 1111111..2222222 100644
--- a/app/users.py
+++ b/app/users.py
@@ -10,3 +10,5 @@ def load(user_id):
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

  test('a title and description before the first file are ignored', () => {
    const files = parseUnifiedDiff(`Title: Load users\n\n- raises on a missing user\n\n${DIFF}`)
    expect(files.map((f) => f.path)).toEqual(['app/users.py', 'app/new.py'])
  })

  test('an empty line inside a hunk is an empty context line', () => {
    const files = parseUnifiedDiff('+++ b/a.py\n@@ -1,3 +1,3 @@\n a\n\n-b\n+c\n')
    expect(files[0]!.lines.map((l) => [l.kind, l.newLine])).toEqual([
      ['context', 1],
      ['context', 2],
      ['remove', null],
      ['add', 3],
    ])
  })
})

describe('hunk headers that disagree with their bodies', () => {
  const twoHunks = (second: string) => `--- a/app/x.py\n+++ b/app/x.py\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n${second}`

  test('a header that announces more new lines than the body has names the file, the hunk and both counts', () => {
    const error = (() => {
      try {
        parseUnifiedDiff(twoHunks('@@ -10,2 +10,4 @@ def f():\n x\n+y\n y2\n'))
      } catch (e) {
        return e
      }
    })() as DiffError
    expect(error).toBeInstanceOf(DiffError)
    expect(error.message).toBe('hunk 2 of app/x.py (@@ -10,2 +10,4 @@): header says +10,4 but the body has 3 new lines')
    expect(error.within('d07')).toBe('hunk 2 of app/x.py in d07 (@@ -10,2 +10,4 @@): header says +10,4 but the body has 3 new lines')
  })

  test('a body that stops short of its header', () => {
    expect(() => parseUnifiedDiff(twoHunks('@@ -10,2 +10,3 @@\n x\n+y\n'))).toThrow('hunk 2 of app/x.py (@@ -10,2 +10,3 @@): header says +10,3 but the body has 2 new lines; header says -10,2 but the body has 1 old line')
  })

  test('a body that runs on past its header, before the next file', () => {
    const diff = `${twoHunks('@@ -10,1 +10,1 @@\n x\n+y\n-z\n')}diff --git a/b.py b/b.py\n`
    expect(() => parseUnifiedDiff(diff)).toThrow('hunk 2 of app/x.py (@@ -10,1 +10,1 @@): header says +10,1 but the body has 2 new lines; header says -10,1 but the body has 2 old lines')
  })

  test('only the side that disagrees is named', () => {
    expect(() => parseUnifiedDiff('+++ b/a.ts\n@@ -5,2 +5,3 @@\n a\n+b\n+c\n')).toThrow('hunk 1 of a.ts (@@ -5,2 +5,3 @@): header says -5,2 but the body has 1 old line')
  })

  test('the renderer refuses the same diffs, so the gutter can never disagree with the parser', () => {
    expect(() => renderDiffWithGutter('+++ b/a.ts\n@@ -5,2 +5,3 @@\n a\n+b\n+c\n')).toThrow(DiffError)
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
