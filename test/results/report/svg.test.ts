import { describe, expect, test } from 'vitest'
import { emptyChart, esc, legend, linearScale, logScale, logTicks, niceTicks, px, svg } from '../../../lib/results/report/svg.js'

describe('svg helpers', () => {
  test('escape markup in text and attributes', () => {
    expect(esc(`<a href="x">&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;')
  })
  test('linear and log scales map domain ends to range ends', () => {
    const lin = linearScale([0, 100], [400, 0])
    expect([lin(0), lin(50), lin(100)]).toEqual([400, 200, 0])
    const log = logScale([0.01, 1], [0, 200])
    expect([log(0.01), log(0.1), log(1)].map((v) => Number(v.toFixed(6)))).toEqual([0, 100, 200])
    expect(log(0)).toBe(0)
  })
  test('nice ticks step by 1, 2 or 5 × 10^k', () => {
    expect(niceTicks(0, 100)).toEqual([0, 20, 40, 60, 80, 100])
    expect(niceTicks(-12, 12, 6)).toEqual([-10, -5, 0, 5, 10])
    expect(logTicks(0.003, 0.6)).toEqual([0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5])
  })
  test('coordinates are rounded to two decimals', () => {
    expect(px(1 / 3)).toBe('0.33')
  })
  test('a chart is an svg element named by data-chart with a title', () => {
    const out = svg('demo', { width: 100, height: 50, left: 0, right: 0, top: 0, bottom: 0 }, 'A & B', ['<g/>'])
    expect(out).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" class="chart" data-chart="demo" viewBox="0 0 100 50"/)
    expect(out).toContain('<title>A &amp; B</title>')
    expect(emptyChart('demo', 't', 'nothing')).toContain('data-empty="true"><tspan x="16" dy="0">nothing</tspan></text>')
    expect(legend(0, 10, [{ label: 'single', color: '#000' }]).join('')).toContain('data-legend="single"')
  })
  test('an empty chart breaks a long reason into lines that fit its box, and grows to hold them', () => {
    const reason = 'Only one run of this model and task set: pass several runs of the same model to see a curve (other models are compared per model).'
    const out = emptyChart('learning-curve', 't', reason)
    const lines = [...out.matchAll(/<tspan x="16" dy="(\d+)">([^<]*)<\/tspan>/g)]
    expect(lines.map((m) => m[2]).join(' ')).toBe(reason)
    expect(lines.map((m) => m[1])).toEqual(['0', '20', '20'])
    // 14 px text at up to 8.5 px a character, from x = 16 inside the box.
    const [width, height] = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(out)!.slice(1).map(Number) as [number, number]
    for (const m of lines) expect(16 + m[2]!.length * 8.5).toBeLessThanOrEqual(width - 16)
    // Room for the last line (baseline 44 + 2 × 20) and, below it, the SIMULATED mark.
    expect(height).toBeGreaterThanOrEqual(44 + 2 * 20 + 16)
  })
})
