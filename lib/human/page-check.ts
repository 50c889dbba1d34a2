import { type PageWidth, sidewaysProblems } from '../page-width.js'

/*
 * What `orgbench human check` expects of the grading page's layout in a narrow window (a tablet, a
 * phone, half a screen). The browser measures; this pure function judges, so the rules are
 * unit-tested without a browser.
 */

/** A deliverable narrower than this, in px, shows a few characters a line: too narrow to grade. */
export const READABLE_DELIVERABLE_PX = 300

/** What the browser measured of the grading page in a window `width.width` px wide. */
export interface GraderLayoutProbe {
  width: PageWidth
  /** The rendered widths of the deliverables A and B. */
  deliverables: number[]
  /** Score controls whose box reaches beyond the window. */
  scoresOutside: number
  /** After scrolling down: px of the item list's first entry hidden under the header (0 when none). */
  listCovered: number
}

/** Problems with the grading page's layout; empty when it passes. */
export function graderLayoutProblems(p: GraderLayoutProbe): string[] {
  const at = `the grading page at ${p.width.width} px`
  const problems = sidewaysProblems('the grading page', p.width)
  const narrow = p.deliverables.filter((w) => w < READABLE_DELIVERABLE_PX)
  if (narrow.length > 0) problems.push(`${at}: ${narrow.length} deliverable(s) narrower than ${READABLE_DELIVERABLE_PX} px (${narrow.map(Math.round).join(', ')})`)
  if (p.scoresOutside > 0) problems.push(`${at}: ${p.scoresOutside} score control(s) lie beyond the window's edge`)
  if (p.listCovered > 0) problems.push(`${at}: after scrolling, the header hides ${Math.round(p.listCovered)} px of the item list's first entry`)
  return problems
}
