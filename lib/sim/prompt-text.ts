/*
 * A prompt is mostly its task's block, which the simulator knows (the request reader found it, see
 * request-body.ts). A prompt read from a request is therefore kept as three parts: the text before
 * the block, the block (one string per task, shared by every request that quotes it) and the text
 * after. Joining them would copy some 100 KB per request (and such a large string costs a memory
 * mapping of its own); the whole text is built only for a reader that needs it. Looking for a
 * passage needs to scan only the parts around the block: whether the block holds the passage is
 * remembered per block. The answers are the whole text's own.
 */

import { PairMemo } from './pair-memo.js'

/**
 * What a block says about a passage no longer than itself: whether it holds the passage, and how
 * an occurrence could cross one of its edges (by how many characters of the passage would lie in
 * the block): at its start, where the passage ends with the block's first characters; at its end,
 * where it begins with the block's last characters. Both are mostly empty.
 */
interface BlockAnswer {
  inside: boolean
  atStart: number[]
  atEnd: number[]
}

/** Answers remembered per known text (a task's block) and passage; started again past this many. */
const MAX_ANSWERS = 4096
const answers = new PairMemo<string, string, BlockAnswer>(MAX_ANSWERS)
let joined = 0

/** How many times a known text was scanned for a passage (for tests: once per text and passage). */
export function knownScans(): number {
  return answers.computed
}

/** How many times the whole text of a prompt in parts was built (for tests: none for what is converted). */
export function wholeTexts(): number {
  return joined
}

const blockAnswer = (block: string, passage: string): BlockAnswer => answers.get(block, passage, () => answerFor(block, passage))

function answerFor(block: string, passage: string): BlockAnswer {
  const atStart: number[] = []
  const atEnd: number[] = []
  const n = passage.length
  for (let inBlock = 1; inBlock < n; inBlock++) {
    if (passage.charCodeAt(n - inBlock) === block.charCodeAt(0) && passage.startsWith(block.slice(0, inBlock), n - inBlock)) atStart.push(inBlock)
    if (passage.charCodeAt(inBlock - 1) === block.charCodeAt(block.length - 1) && block.endsWith(passage.slice(0, inBlock))) atEnd.push(inBlock)
  }
  return { inside: block.includes(passage), atStart, atEnd }
}

/** A prompt: whole (`block` null, the text is `before`), or as the text before its task's block, the block and the text after. */
export class PromptText {
  private whole: string | null

  constructor(
    readonly before: string,
    readonly block: string | null = null,
    readonly after = '',
  ) {
    this.whole = block === null ? before : null
  }

  /** A prompt as given: a PromptText as it is, a string as a whole prompt. */
  static of(prompt: string | PromptText): PromptText {
    return typeof prompt === 'string' ? new PromptText(prompt) : prompt
  }

  /** The whole prompt: before + block + after, built on first use. */
  get text(): string {
    if (this.whole === null) {
      this.whole = this.before + this.block! + this.after
      joined++
    }
    return this.whole
  }

  get length(): number {
    return this.before.length + (this.block?.length ?? 0) + this.after.length
  }

  /** Exactly `text.includes(passage)`. */
  includes(passage: string): boolean {
    if (this.block === null) return this.before.includes(passage)
    return this.before.includes(passage) || this.includesOverBlock(passage) || this.after.includes(passage)
  }

  /** Whether the passage occurs in the whole text at a place that overlaps the block (false without a block). */
  includesOverBlock(passage: string): boolean {
    const block = this.block
    if (block === null || passage.length > this.length) return false
    const edge = passage.length - 1
    if (edge === -1) return true
    // Such a place starts at most length - 1 characters before the block and ends at most
    // length - 1 after it; a passage no longer than the block lies in it or crosses one edge.
    if (passage.length > block.length) return (this.before.slice(-edge) + block + this.after.slice(0, edge)).includes(passage)
    const answer = blockAnswer(block, passage)
    return (
      answer.inside ||
      answer.atStart.some((inBlock) => this.before.endsWith(passage.slice(0, passage.length - inBlock))) ||
      answer.atEnd.some((inBlock) => this.after.startsWith(passage.slice(inBlock)))
    )
  }
}
