/**
 * Token estimate used wherever no tokenizer is at hand (task listings, the simulator's usage):
 * about four characters per token for English prose and code.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4)
}

/** A markdown fence longer than any backtick run inside `content`, so the content cannot close it. */
export function fenceFor(content: string): string {
  const longest = Math.max(2, ...[...content.matchAll(/`+/g)].map((m) => m[0].length))
  return '`'.repeat(longest + 1)
}
