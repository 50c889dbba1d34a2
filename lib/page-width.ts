import type { Page } from 'playwright-core'

/*
 * Whether a page fits the width of the window it is shown in: measured in the browser, judged
 * here. A page that is wider than its window scrolls sideways as a whole, and what sticks out is
 * cut at the window's edge; a wide table or chart belongs in a frame that scrolls on its own.
 */

/** The width of a phone, or of a window beside another, at which the browser checks measure pages again. */
export const NARROW_WIDTH = 400

/** What the browser measured of a page's width. */
export interface PageWidth {
  /** The window's width in px. */
  width: number
  /** The page's width in px: more than `width` when it scrolls sideways. */
  scrollWidth: number
  /** The outermost elements that reach beyond the window (tag.class, at most three). */
  overflowing: string[]
}

/**
 * Measures the page open in `tab` at its current window width. What sticks out is, preferably, the
 * outermost element whose box reaches beyond the window; when no box does, the innermost element
 * whose content does (a word too long to break). Elements inside a frame that clips or scrolls
 * its content are not counted: they cannot widen the page.
 */
export async function measurePageWidth(tab: Page): Promise<PageWidth> {
  // No named function inside: the page runs this code as it is, without the helpers the TypeScript loader adds for names.
  return tab.$eval('html', (root) => {
    const view = root.ownerDocument.defaultView!
    const width = view.innerWidth
    const free = [...root.ownerDocument.body.querySelectorAll('*')].filter((el) => {
      for (let up = el.parentElement; up && up !== root.ownerDocument.body; up = up.parentElement) if (view.getComputedStyle(up).overflowX !== 'visible') return false
      return true
    })
    const boxOut = new Set(free.filter((el) => el.getBoundingClientRect().right > width + 1))
    const contentOut = new Set(free.filter((el) => view.getComputedStyle(el).overflowX === 'visible' && el.getBoundingClientRect().left + el.scrollWidth > width + 1))
    const culprits =
      boxOut.size > 0
        ? [...boxOut].filter((el) => !el.parentElement || !boxOut.has(el.parentElement))
        : [...contentOut].filter((el) => ![...el.children].some((child) => contentOut.has(child)))
    const overflowing = culprits.slice(0, 3).map((el) => `${el.tagName.toLowerCase()}${typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}`)
    return { width, scrollWidth: root.scrollWidth, overflowing }
  })
}

/**
 * The page open in `tab` reloaded, or `url` opened, in a window NARROW_WIDTH px wide (`height` px
 * high, 900 unless told), and its width measured there.
 */
export async function openNarrow(tab: Page, options: { url?: string; height?: number } = {}): Promise<PageWidth> {
  await tab.setViewportSize({ width: NARROW_WIDTH, height: options.height ?? 900 })
  if (options.url === undefined) await tab.reload({ waitUntil: 'load' })
  else await tab.goto(options.url, { waitUntil: 'load' })
  return measurePageWidth(tab)
}

/** A problem when the page scrolls sideways at its window's width, naming what sticks out; otherwise none. */
export function sidewaysProblems(page: string, m: PageWidth): string[] {
  if (m.scrollWidth <= m.width + 1) return []
  const what = m.overflowing.length > 0 ? ` (${m.overflowing.join(', ')} reach beyond it)` : ''
  return [`${page} at ${m.width} px: the page is ${m.scrollWidth} px wide and scrolls sideways${what}`]
}
