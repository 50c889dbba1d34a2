/**
 * Whether a line of a markdown document is an item of a list. A line the blinder would take for a
 * sign-off ("- Reviewer", "— the coordinator") is content when it is one: a list of agents, owners or
 * approvers names them as its subject.
 */

/** A list item's marker: a bullet, a dash or a number ("1." and "2)" alike); null for any other line. */
function listMarker(line: string): string | null {
  const m = /^\s*([-*+—–~]{1,2}|\d{1,2}[.)])\s/.exec(line)
  return m ? m[1]!.replace(/^\d+/, '1') : null
}

/** A line that leads into a list ("Agents that may declare an incident:"). */
const LEAD_IN = /:[*_]*\s*$/

/** The nearest line before (`step` -1) or after (1) line `from` that is not blank. */
export const nearestNonBlank = (lines: readonly string[], from: number, step: 1 | -1): string | undefined => {
  for (let i = from + step; i >= 0 && i < lines.length; i += step) if (lines[i]!.trim() !== '') return lines[i]
  return undefined
}

/** The markers of a markdown list, which a line that leads into a list may start alone. */
const MARKDOWN_LIST_MARKER = /^(?:[-*+]|1[.)])$/

/**
 * Whether line `i` is an item of a list: it has a marker and sits next to another item with the same
 * marker (blank lines between items allowed), or it is a markdown list item under a line that leads
 * into a list. "- Reviewer" in a list of agents is an item, never a sign-off.
 */
export function isListItem(lines: readonly string[], i: number): boolean {
  const marker = listMarker(lines[i]!)
  if (marker === null) return false
  const before = nearestNonBlank(lines, i, -1)
  const after = nearestNonBlank(lines, i, 1)
  if ((before !== undefined && listMarker(before) === marker) || (after !== undefined && listMarker(after) === marker)) return true
  return before !== undefined && (MARKDOWN_LIST_MARKER.test(marker) || DASH_MARKER.test(marker)) && LEAD_IN.test(before)
}

/** A dash that opens a line as a bullet would ("Final gate approver:" / "— Security Engineer"). */
const DASH_MARKER = /^[—–]$/

/** Whether the nearest non-blank line after line `i` is an item of a markdown list ("- Planner (default)"): line `i` leads into it. */
export function leadsIntoList(lines: readonly string[], i: number): boolean {
  const after = nearestNonBlank(lines, i, 1)
  const marker = after === undefined ? null : listMarker(after)
  return marker !== null && MARKDOWN_LIST_MARKER.test(marker)
}
