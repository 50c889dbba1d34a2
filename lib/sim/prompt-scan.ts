import { PairMemo } from './pair-memo.js'
import type { PromptText } from './prompt-text.js'

/*
 * `matchAll` of a delimited pattern (a fenced block, a candidate between markers) over a prompt in
 * parts (prompt-text.ts), with the task's block scanned once per block instead of once per request.
 *
 * The matches of the whole text are those of each part alone, in order, unless a match could
 * straddle a boundary or a part's edge changes a match. Every match starts with a match of
 * `opening`, which ends at a line break and holds no other. So a match can cross a boundary only
 * from a place where the opening matches and no match of the part alone starts or lies (a match
 * that part alone cannot close), or from an opening that itself straddles the boundary (found in
 * the lines either side). Then, and where a part's first match starts at its very start (a line
 * start there depends on the part before) or, for a pattern that looks past its end (`$`), where a
 * part's last match ends at its very end, the whole text is scanned instead.
 */

export interface Delimited {
  /** Global; never matches the empty string. */
  pattern: RegExp
  /** Global; matches wherever a match of `pattern` starts, and ends at its first line break. */
  opening: RegExp
  /** Whether `pattern` reads past a match's end (`$`, a lookahead). */
  peeksPastEnd: boolean
}

/** A match's groups: [whole match, group 1, ...]. */
export type Groups = ReadonlyArray<string | undefined>

interface PartScan {
  matches: Groups[]
  /** Whether the first match starts at 0, and the last ends at the part's end. */
  atStart: boolean
  atEnd: boolean
  /** Where the last match ends (0 without one). */
  lastEnd: number
  /** Whether the opening matches somewhere no match starts or lies (a match this part cannot close). */
  open: boolean
}

function scanPart(text: string, d: Delimited): PartScan {
  const matches: Groups[] = []
  let atStart = false
  let lastEnd = 0
  let open = false
  for (const m of text.matchAll(d.pattern)) {
    if (m.index === 0) atStart = true
    open ||= openingIn(text, d, lastEnd, m.index)
    matches.push([...m])
    lastEnd = m.index + m[0].length
  }
  open ||= openingIn(text, d, lastEnd, text.length)
  return { matches, atStart, atEnd: matches.length > 0 && lastEnd === text.length, lastEnd, open }
}

/** Whether the opening matches in `text` at a place from `from` up to (not including) `to`. */
function openingIn(text: string, d: Delimited, from: number, to: number): boolean {
  if (from >= to) return false
  d.opening.lastIndex = from
  const m = d.opening.exec(text)
  return m !== null && m.index < to
}

/**
 * Whether the opening matches across the end of `head`: from a place in `head` at or past `from`,
 * up to a line break in `tail`. Scanned over the last line of head and the first line of tail.
 */
function openingAcross(head: string, tail: string, from: number, d: Delimited): boolean {
  const lineStart = head.lastIndexOf('\n') + 1
  const lineEnd = tail.indexOf('\n')
  const window = head.slice(lineStart) + (lineEnd === -1 ? tail : tail.slice(0, lineEnd + 1))
  d.opening.lastIndex = Math.max(0, from - lineStart)
  const m = d.opening.exec(window)
  return m !== null && m.index < head.length - lineStart
}

/** Scans remembered per pattern and block; started again past this many blocks. */
const MAX_BLOCKS = 256
const blockScans = new PairMemo<Delimited, string, PartScan>(MAX_BLOCKS)

/** How many times a block was scanned (for tests: once per pattern and block). */
export function blockScanCount(): number {
  return blockScans.computed
}

const blockScan = (block: string, d: Delimited): PartScan => blockScans.get(d, block, () => scanPart(block, d))

const whole = (text: string, d: Delimited): Groups[] => [...text.matchAll(d.pattern)].map((m) => [...m])

/** Exactly the groups of `prompt.text.matchAll(d.pattern)`, in order. */
export function matchesOf(prompt: PromptText, d: Delimited): Groups[] {
  const block = prompt.block
  if (block === null) return whole(prompt.text, d)
  const { before, after } = prompt
  const head = scanPart(before, d)
  const known = blockScan(block, d)
  const tail = scanPart(after, d)
  const straddles =
    // An opening could then run from before the block to after it.
    !block.includes('\n') ||
    head.open ||
    known.open ||
    openingAcross(before, block, head.lastEnd, d) ||
    openingAcross(block, after, known.lastEnd, d) ||
    (known.atStart && before !== '' && !before.endsWith('\n')) ||
    (tail.atStart && !block.endsWith('\n')) ||
    (d.peeksPastEnd && (head.atEnd || (known.atEnd && after !== '')))
  if (straddles) return whole(prompt.text, d)
  return [...head.matches, ...known.matches, ...tail.matches]
}
