/*
 * How a checklist reads a deliverable: passage by passage, as a reviewer does. Both the pattern
 * scorer (lib/eval/checklist.ts) and the simulated checklist judge (lib/sim/checklist-judge.ts) read
 * it through this one reader, so a table or a numbered procedure spread over lines is one passage
 * to both.
 */

import { lineKinds } from './judge/fences.js'

export interface Passage {
  /** The passage exactly as it stands in the deliverable (a line, or a multi-line block). */
  text: string
  /** What a reader sees it with: its heading, and a table row's header. */
  context: string
}

/** The judge's reading leaves out lines shorter than this: too short to quote as evidence. */
const MIN_QUOTED_LINE = 12

/**
 * The passages of a deliverable, each with its context: every heading, table row (with its header),
 * list item and paragraph line of at least 12 characters, then each multi-line block (a paragraph,
 * a list, a table, a fenced code block: lines up to a blank line) as a whole, so that a schema
 * spread over lines is read as one passage. With `everyLine`, nothing is left out: short lines and
 * one-line blocks (a lone table row) are read too, as a pattern needs no quote.
 */
export function passages(text: string, { everyLine = false }: { everyLine?: boolean } = {}): Passage[] {
  const minLine = everyLine ? 1 : MIN_QUOTED_LINE
  const out: Passage[] = []
  let heading = ''
  let header = ''
  let block: string[] = []
  const endBlock = () => {
    if (block.length > (everyLine ? 0 : 1)) out.push({ text: block.join('\n'), context: heading })
    block = []
  }
  const lines = text.split('\n')
  // Fences as the blinder finds them: a fenced code block is one block, blank lines and all.
  const kinds = lineKinds(lines)
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim()
    if (!line && kinds[i] !== 'code') {
      header = ''
      endBlock()
      continue
    }
    block.push(raw)
    if (kinds[i] !== 'prose') continue
    if (/^#{1,6}\s/.test(line)) {
      heading = line
      out.push({ text: line, context: '' })
      continue
    }
    if (line.startsWith('|')) {
      if (/^\|[\s|:-]+\|$/.test(line)) continue
      if (!header) header = line
      else out.push({ text: line, context: `${heading} ${header}` })
      continue
    }
    const item = /^(?:[-*+]|\d+[.)])\s+(.*)$/.exec(line)
    const body = item ? item[1]! : line
    if (body.length >= minLine) out.push({ text: body, context: heading })
  }
  endBlock()
  return out
}
