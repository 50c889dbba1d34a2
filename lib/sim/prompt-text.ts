/*
 * A prompt is mostly its task's block, which the simulator knows (the request reader found it, see
 * request-body.ts). Looking for a passage in the prompt then needs to scan only the rest: whether
 * the block holds the passage is remembered per block. The answer is the prompt's own includes.
 */

/** Where a known text stands in a prompt: prompt.slice(start, start + text.length) === text. */
export interface KnownSpan {
  start: number
  text: string
}

/** Answers remembered per known text (a task's block) and passage; started again past this many. */
const MAX_ANSWERS = 4096
const answers = new Map<string, Map<string, boolean>>()
let counted = 0

/** How many times a known text was scanned for a passage (for tests: once per text and passage). */
export function knownScans(): number {
  return counted
}

function knownIncludes(text: string, passage: string): boolean {
  let byPassage = answers.get(text)
  if (!byPassage) answers.set(text, (byPassage = new Map()))
  let found = byPassage.get(passage)
  if (found === undefined) {
    if (byPassage.size >= MAX_ANSWERS) byPassage.clear()
    byPassage.set(passage, (found = text.includes(passage)))
    counted++
  }
  return found
}

/** A prompt and, when known, where its task's block stands in it. */
export class PromptText {
  constructor(
    readonly text: string,
    readonly known: KnownSpan | null = null,
  ) {}

  /** Exactly `text.includes(passage)`. */
  includes(passage: string): boolean {
    const k = this.known
    if (!k || passage.length === 0 || passage.length > k.text.length) return this.text.includes(passage)
    const end = k.start + k.text.length
    // An occurrence starts before the known text (so it ends before start + length - 1), lies
    // within it, or ends after it (so it starts after end - length).
    return (
      this.text.slice(0, k.start + passage.length - 1).includes(passage) ||
      knownIncludes(k.text, passage) ||
      this.text.slice(Math.max(0, end - passage.length + 1)).includes(passage)
    )
  }
}
