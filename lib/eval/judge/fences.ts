/**
 * Where a markdown document's code blocks are. The blinder neither blinds nor normalises what is
 * inside a fenced one, and keeps the whitespace of an indented one: code is handed to the judge as
 * written.
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

/** A line indented as code: four spaces or a tab. */
const CODE_INDENT = /^(?: {4}|\t)/
/** A list item's marker at the start of a line; what is indented under one belongs to the item. */
const LIST_ITEM = /^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:\s|$)/

/**
 * Which prose lines (by `lineKinds`) belong to an indented code block: an indented line after a
 * blank line (or the document's start) that is not inside a list, the indented lines after it, and
 * the blank lines between them. An indented line right under text continues that paragraph, and one
 * under a list item continues the item.
 */
export function indentedCodeLines(lines: readonly string[], kinds: readonly LineKind[]): boolean[] {
  const code = lines.map(() => false)
  let inList = false
  let inCode = false
  let afterBlank = true
  for (const [i, line] of lines.entries()) {
    if (kinds[i] !== 'prose') {
      inList = inCode = false
      afterBlank = false
      continue
    }
    if (line.trim() === '') {
      afterBlank = true
      continue
    }
    if (CODE_INDENT.test(line)) {
      if (inCode || (afterBlank && !inList)) {
        // The blank lines since the block's last line are inside it.
        for (let j = i - 1; j >= 0 && lines[j]!.trim() === '' && inCode; j--) code[j] = true
        code[i] = inCode = true
      }
    } else {
      inCode = false
      inList = LIST_ITEM.test(line) || (inList && !afterBlank)
    }
    afterBlank = false
  }
  return code
}
