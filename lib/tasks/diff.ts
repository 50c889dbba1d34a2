/** Parsing and rendering of unified diffs, so that ground truth can point at new-file line numbers. */

export interface DiffLine {
  /** Line number in the new file; null for removed lines. */
  newLine: number | null
  /** Line number in the old file; null for added lines. */
  oldLine: number | null
  kind: 'add' | 'remove' | 'context'
  text: string
}

export interface DiffFile {
  path: string
  lines: DiffLine[]
}

const HUNK = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/

/** Parses a unified diff (git style) into files and numbered lines. Throws on a malformed hunk. */
export function parseUnifiedDiff(text: string): DiffFile[] {
  const files: DiffFile[] = []
  let current: DiffFile | undefined
  let oldNo = 0
  let newNo = 0
  let inHunk = false
  for (const raw of text.split('\n')) {
    if (raw.startsWith('diff --git ')) {
      inHunk = false
      current = undefined
      continue
    }
    if (!inHunk && raw.startsWith('+++ ')) {
      const path = raw.slice(4).trim().replace(/^b\//, '')
      current = { path, lines: [] }
      files.push(current)
      inHunk = false
      continue
    }
    if (raw.startsWith('--- ') && !inHunk) continue
    const hunk = HUNK.exec(raw)
    if (hunk) {
      if (!current) throw new Error(`hunk header before any "+++" file header: ${raw}`)
      oldNo = Number(hunk[1])
      newNo = Number(hunk[2])
      inHunk = true
      continue
    }
    if (!inHunk || !current) continue
    if (raw.startsWith('+')) current.lines.push({ newLine: newNo++, oldLine: null, kind: 'add', text: raw.slice(1) })
    else if (raw.startsWith('-')) current.lines.push({ newLine: null, oldLine: oldNo++, kind: 'remove', text: raw.slice(1) })
    else if (raw.startsWith(' ')) {
      current.lines.push({ newLine: newNo++, oldLine: oldNo++, kind: 'context', text: raw.slice(1) })
    }
  }
  return files
}

/** The new-file line numbers a diff shows for a file (added and context lines). */
export function visibleNewLines(file: DiffFile): Set<number> {
  return new Set(file.lines.flatMap((l) => (l.newLine === null ? [] : [l.newLine])))
}

/**
 * Renders a diff the way review tools show it: a gutter with the new-file line number
 * (blank for removed lines), then the diff marker and the line, verbatim.
 */
export function renderDiffWithGutter(text: string): string {
  const out: string[] = []
  let newNo = 0
  let inHunk = false
  for (const raw of text.replace(/\n$/, '').split('\n')) {
    const hunk = HUNK.exec(raw)
    if (hunk) {
      newNo = Number(hunk[2])
      inHunk = true
      out.push(`      ${raw}`)
      continue
    }
    if (raw.startsWith('diff --git ')) inHunk = false
    if (inHunk && (raw.startsWith('+') || raw.startsWith(' '))) {
      out.push(`${String(newNo++).padStart(5)} ${raw}`)
    } else {
      out.push(`      ${raw}`)
    }
  }
  return out.join('\n')
}
