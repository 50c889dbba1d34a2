import type { Page } from 'playwright-core'
import { NARROW_WIDTH, openNarrow, type PageWidth, sidewaysProblems } from '../../page-width.js'
import { type ChartProbe, smallTextProblems } from './check.js'

/**
 * Measures every chart (svg[data-chart]) of the page open in `tab`: its rendered size, its marks,
 * whether it says it has no data, the text it cuts off at its edge (an SVG shows nothing beyond
 * its box, so such text is lost), and the size its smallest text is drawn at.
 */
export async function probeCharts(tab: Page): Promise<ChartProbe[]> {
  return tab.$$eval('svg[data-chart]', (els) =>
    els.map((el) => {
      const box = el.getBoundingClientRect()
      const view = el.ownerDocument.defaultView!
      // How much the chart is scaled to fit the page: its text is drawn at font-size × scale.
      const viewWidth = Number((el.getAttribute('viewBox') ?? '').split(/\s+/)[2])
      const scale = viewWidth > 0 ? box.width / viewWidth : 1
      const texts = [...el.querySelectorAll('text')]
      const sizes = texts.map((t) => Number.parseFloat(view.getComputedStyle(t).fontSize) * scale)
      const cutText = texts
        .filter((t) => {
          const r = t.getBoundingClientRect()
          return r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1)
        })
        .map((t) => (t.textContent ?? '').trim())
      return {
        name: el.getAttribute('data-chart') ?? '',
        width: box.width,
        height: box.height,
        marks: el.querySelectorAll('[data-topology]').length,
        empty: el.querySelector('[data-empty]') !== null,
        cutText,
        smallestText: sizes.length > 0 ? Math.min(...sizes) : null,
      }
    }),
  )
}

/**
 * A page with charts (`page` names it), reloaded or opened at `url` in a window NARROW_WIDTH px
 * wide: it must not scroll sideways, and its charts' text, shrunk to fit, must stay readable.
 */
export async function checkChartsNarrow(tab: Page, page: string, url?: string): Promise<{ width: PageWidth; charts: ChartProbe[]; problems: string[] }> {
  const width = await openNarrow(tab, { url })
  const charts = await probeCharts(tab)
  return { width, charts, problems: [...sidewaysProblems(page, width), ...smallTextProblems(page, NARROW_WIDTH, charts)] }
}
