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

/** A diff whose hunk headers disagree with their bodies, or that is otherwise malformed. */
export class DiffError extends Error {
  constructor(
    message: string,
    /** The hunk at fault, when there is one: its number within its file, the file and the header. */
    readonly hunk?: { n: number; file: string; header: string; detail: string },
  ) {
    super(message)
    this.name = 'DiffError'
  }

  /** The message with the input id after the file: "hunk 2 of app/x.py in d03 (@@ ... @@): ...". */
  within(input: string): string {
    return this.hunk ? `hunk ${this.hunk.n} of ${this.hunk.file} in ${input} (${this.hunk.header}): ${this.hunk.detail}` : `${this.message} (in ${input})`
  }
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/

/** One raw line of a diff, classified; body lines carry their line numbers. */
type ScannedLine = { raw: string } & ({ kind: 'meta' } | { kind: 'file'; path: string } | { kind: 'hunk'; newStart: number } | DiffLine)

interface OpenHunk {
  /** 1-based number of the hunk within its file. */
  n: number
  header: string
  oldStart: number
  oldCount: number
  newStart: number
  newCount: number
  oldSeen: number
  newSeen: number
}

const complete = (h: OpenHunk) => h.oldSeen === h.oldCount && h.newSeen === h.newCount
const isBody = (raw: string) => raw === '' || raw[0] === '+' || raw[0] === '-' || raw[0] === ' '

/** The header's counts next to the body's, on the side(s) that disagree. */
function mismatch(h: OpenHunk, path: string, oldSeen: number, newSeen: number): DiffError {
  const sides: string[] = []
  if (newSeen !== h.newCount) sides.push(`header says +${h.newStart},${h.newCount} but the body has ${newSeen} new line${newSeen === 1 ? '' : 's'}`)
  if (oldSeen !== h.oldCount) sides.push(`header says -${h.oldStart},${h.oldCount} but the body has ${oldSeen} old line${oldSeen === 1 ? '' : 's'}`)
  const detail = sides.join('; ')
  return new DiffError(`hunk ${h.n} of ${path} (${h.header}): ${detail}`, { n: h.n, file: path, header: h.header, detail })
}

/**
 * Walks a unified diff (git style) line by line. A hunk ends when its body has as many old and
 * new lines as its header announces (so content lines that start with "---" or "+++" stay
 * content); a body that is shorter or longer than its header is a DiffError naming the hunk.
 * An empty line inside a hunk is an empty context line, as git apply reads it.
 */
function scan(text: string): ScannedLine[] {
  const raws = text.split('\n')
  if (raws[raws.length - 1] === '') raws.pop()
  const out: ScannedLine[] = []
  let path: string | null = null
  let hunksInFile = 0
  let hunk: OpenHunk | null = null
  let oldNo = 0
  let newNo = 0
  for (let i = 0; i < raws.length; i++) {
    const raw = raws[i]!
    if (hunk && !complete(hunk)) {
      const room = { old: hunk.oldSeen < hunk.oldCount, new: hunk.newSeen < hunk.newCount }
      if (raw.startsWith('\\')) {
        out.push({ raw, kind: 'meta' })
        continue
      }
      const kind = raw[0] === '+' ? 'add' : raw[0] === '-' ? 'remove' : raw === '' || raw[0] === ' ' ? 'context' : null
      const fits = kind === 'add' ? room.new : kind === 'remove' ? room.old : kind === 'context' ? room.old && room.new : false
      if (!fits) {
        // The body goes on past what the header announced, or stops short of it: count what is really there.
        let oldSeen = hunk.oldSeen
        let newSeen = hunk.newSeen
        for (let j = i; j < raws.length && isBody(raws[j]!) && !raws[j]!.startsWith('--- ') && !raws[j]!.startsWith('+++ '); j++) {
          const r = raws[j]!
          if (r[0] === '+') newSeen++
          else if (r[0] === '-') oldSeen++
          else {
            oldSeen++
            newSeen++
          }
        }
        throw mismatch(hunk, path!, oldSeen, newSeen)
      }
      const body = raw.slice(1)
      if (kind === 'add') {
        out.push({ raw, kind, newLine: newNo++, oldLine: null, text: body })
        hunk.newSeen++
      } else if (kind === 'remove') {
        out.push({ raw, kind, newLine: null, oldLine: oldNo++, text: body })
        hunk.oldSeen++
      } else {
        out.push({ raw, kind: 'context', newLine: newNo++, oldLine: oldNo++, text: body })
        hunk.oldSeen++
        hunk.newSeen++
      }
      continue
    }
    const header = HUNK.exec(raw)
    if (header) {
      if (path === null) throw new DiffError(`hunk header before any "+++" file header: ${raw}`)
      hunk = {
        n: ++hunksInFile,
        header: header[0],
        oldStart: Number(header[1]),
        oldCount: header[2] === undefined ? 1 : Number(header[2]),
        newStart: Number(header[3]),
        newCount: header[4] === undefined ? 1 : Number(header[4]),
        oldSeen: 0,
        newSeen: 0,
      }
      oldNo = hunk.oldStart
      newNo = hunk.newStart
      out.push({ raw, kind: 'hunk', newStart: hunk.newStart })
      continue
    }
    if (raw.startsWith('diff --git ')) {
      path = null
      hunk = null
      hunksInFile = 0
    } else if (raw.startsWith('+++ ')) {
      path = raw.slice(4).trim().replace(/^b\//, '')
      hunk = null
      hunksInFile = 0
      out.push({ raw, kind: 'file', path })
      continue
    } else if (hunk && raw !== '' && isBody(raw) && !raw.startsWith('--- ')) {
      // A complete hunk followed by more body lines before any header: the header undercounts.
      throw mismatch(hunk, path!, hunk.oldSeen + countOld(raws, i), hunk.newSeen + countNew(raws, i))
    }
    out.push({ raw, kind: 'meta' })
  }
  if (hunk && !complete(hunk)) throw mismatch(hunk, path!, hunk.oldSeen, hunk.newSeen)
  return out
}

function bodyRun(raws: string[], from: number): string[] {
  const run: string[] = []
  for (let j = from; j < raws.length && isBody(raws[j]!) && !raws[j]!.startsWith('--- ') && !raws[j]!.startsWith('+++ '); j++) run.push(raws[j]!)
  return run
}
const countOld = (raws: string[], from: number) => bodyRun(raws, from).filter((r) => r[0] !== '+').length
const countNew = (raws: string[], from: number) => bodyRun(raws, from).filter((r) => r[0] !== '-').length

/**
 * Parses a unified diff (git style) into files and numbered lines. Throws a DiffError naming the
 * hunk when a hunk header's line counts disagree with its body, or when a hunk comes before any
 * file header. Text before the first file header (a title, a description) is ignored.
 */
export function parseUnifiedDiff(text: string): DiffFile[] {
  const files: DiffFile[] = []
  let current: DiffFile | undefined
  for (const line of scan(text)) {
    if (line.kind === 'file') {
      current = { path: line.path, lines: [] }
      files.push(current)
    } else if (line.kind === 'add' || line.kind === 'remove' || line.kind === 'context') {
      current!.lines.push({ newLine: line.newLine, oldLine: line.oldLine, kind: line.kind, text: line.text })
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
 * (blank for removed lines and everything else), then the line, verbatim. Throws like
 * parseUnifiedDiff on a malformed diff, so the gutter and the parser always agree, and throws a
 * DiffError on text that is no diff at all (no file header or no hunk: prose, an empty file).
 */
export function renderDiffWithGutter(text: string): string {
  const lines = scan(text.replace(/\n$/, ''))
  if (!lines.some((l) => l.kind === 'file')) throw new DiffError('expected a unified diff, found no "+++ b/<path>" file header')
  if (!lines.some((l) => l.kind === 'hunk')) throw new DiffError('expected a unified diff, found no hunk ("@@ -a,b +c,d @@")')
  return lines
    .map((line) => (line.kind !== 'meta' && 'newLine' in line && line.newLine !== null ? `${String(line.newLine).padStart(5)} ${line.raw}` : `      ${line.raw}`))
    .join('\n')
}
