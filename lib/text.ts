/**
 * Token estimate used wherever no tokenizer is at hand (task listings, the simulator's usage):
 * about four characters per token for English prose and code.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4)
}

/** A markdown fence longer than any backtick run inside `content`, so the content cannot close it. */
export function fenceFor(content: string): string {
  // A scan with indexOf: prompts quote tens of KB per call, and a regular expression's match objects cost several times more.
  let longest = 2
  for (let at = content.indexOf('`'); at !== -1; ) {
    let end = at + 1
    while (content.charCodeAt(end) === 96) end++
    if (end - at > longest) longest = end - at
    at = content.indexOf('`', end)
  }
  return '`'.repeat(longest + 1)
}

/**
 * Edit distance (insertions, deletions, substitutions, and swaps of two neighbouring characters)
 * between two strings: a swap is one typing slip ("trails" for "trials"), not two substitutions.
 */
export function editDistance(a: string, b: string): number {
  let beforePrevious: number[] = []
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) current[j] = Math.min(current[j]!, beforePrevious[j - 2]! + 1)
    }
    beforePrevious = previous
    previous = current
  }
  return previous[b.length]!
}

/**
 * The candidate closest to `name` (for "did you mean ...?"), ignoring case: the nearest within
 * `maxDistance` edits, else the only candidate that `name` (3 characters or more) begins, as a
 * shortened id does; undefined when there is none or the beginning is shared.
 */
export function closestMatch(name: string, candidates: readonly string[], maxDistance = 3): string | undefined {
  const wanted = name.toLowerCase()
  let best: { candidate: string; distance: number } | undefined
  for (const candidate of candidates) {
    const distance = editDistance(wanted, candidate.toLowerCase())
    if (distance <= maxDistance && (best === undefined || distance < best.distance)) best = { candidate, distance }
  }
  if (best !== undefined || wanted.length < 3) return best?.candidate
  const begun = candidates.filter((candidate) => candidate.toLowerCase().startsWith(wanted))
  return begun.length === 1 ? begun[0] : undefined
}

/**
 * A whole number with commas between thousands ("12,345"), as en-US writes it. Not through
 * toLocaleString: its first use in a process loads locale data (about 15 ms), and a benchmark
 * worker's first case notice would pay it.
 */
export function thousands(n: number): string {
  const whole = Math.round(n)
  const digits = String(Math.abs(whole)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return whole < 0 ? `-${digits}` : digits
}

/**
 * A line of prose broken at spaces into lines of at most `width` characters (a longer single word
 * stays whole); a line that fits is returned as it is. The line's leading spaces stay on its first
 * line; continuations start with `indent`.
 */
export function wrap(line: string, width: number, indent = ''): string[] {
  if (line.length <= width) return [line]
  const lead = /^ */.exec(line)![0]
  const out: string[] = []
  let current = lead
  for (const word of line.slice(lead.length).split(' ')) {
    const next = current.trim() === '' ? `${current}${word}` : `${current} ${word}`
    if (next.length > width && current.trim() !== '') {
      out.push(current)
      current = `${indent}${word}`
    } else current = next
  }
  out.push(current)
  return out
}

/** `text` with every character that means something in a regular expression escaped, to match it literally. */
export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
