/**
 * Where a markdown document's fenced code blocks are. The blinder neither blinds nor normalises
 * what is inside one: code is handed to the judge byte for byte.
 */

/** What a line of a markdown document is: prose, a fence's opening or closing line, or code inside a fence. */
export type LineKind = 'prose' | 'fence' | 'code'

/**
 * The kind of every line. A fence opens with three or more backticks or tildes and closes with a
 * line of only the same character, at least as many; a longer fence holds a shorter one, and a
 * fence that never closes runs to the end of the document.
 */
export function lineKinds(lines: readonly string[]): LineKind[] {
  let fence: string | null = null
  return lines.map((line) => {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1]
    if (fence === null) {
      if (!marker) return 'prose'
      fence = marker
      return 'fence'
    }
    if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) {
      fence = null
      return 'fence'
    }
    return 'code'
  })
}
