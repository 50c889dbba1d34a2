import { describe, expect, test } from 'vitest'
import { costByRoleChart, differenceChart, labelRoom, learningCurveChart, perTaskChart, placeLabels, qualityVsCostChart, scoreDomain, winRateChart } from '../../../lib/results/report/charts.js'

const count = (svgText: string, pattern: RegExp) => (svgText.match(pattern) ?? []).length
const attr = (svgText: string, topology: string, name: string) => Number(new RegExp(`data-topology="${topology}"[^>]*data-${name}="([^"]+)"`).exec(svgText)?.[1])

describe('qualityVsCostChart', () => {
  const chart = qualityVsCostChart([
    { topology: 'single', color: '#111', score: { mean: 70, ci: { lo: 60, hi: 80 } }, cost: { mean: 0.01, ci: { lo: 0.008, hi: 0.012 } } },
    { topology: 'star', color: '#222', score: { mean: 90, ci: null }, cost: { mean: 0.05, ci: null } },
    { topology: 'unpriced', color: '#333', score: { mean: 80, ci: null }, cost: { mean: null, ci: null } },
  ])
  test('draws one point per topology that has both a score and a cost', () => {
    expect(count(chart, /class="point"/g)).toBe(2)
    expect(attr(chart, 'star', 'score')).toBe(90)
    expect(chart).not.toContain('unpriced')
  })
  test('a higher score sits higher and a higher cost further right', () => {
    const circle = (t: string) => new RegExp(`data-topology="${t}"[\\s\\S]*?<circle cx="([\\d.]+)" cy="([\\d.]+)"`).exec(chart)!.slice(1).map(Number)
    const [sx, sy] = circle('single')
    const [tx, ty] = circle('star')
    expect(tx!).toBeGreaterThan(sx!)
    expect(ty!).toBeLessThan(sy!)
  })
  test('intervals become whiskers: two for single, none for star', () => {
    const single = chart.slice(chart.indexOf('data-topology="single"'), chart.indexOf('data-topology="star"'))
    expect(count(single, /class="whisker"/g)).toBe(2)
  })
  test('a score over fewer tasks than its cost is a dashed ring, named with its coverage in the key', () => {
    const partial = qualityVsCostChart([{ topology: 'hrm', color: '#222', score: { mean: 94.3, ci: null }, cost: { mean: 0.19, ci: null }, coverage: '1 of 3 tasks' }])
    expect(partial).toContain('data-coverage="1 of 3 tasks"')
    expect(partial).toContain('hrm · 94.3 over 1 of 3 tasks · $0.1900')
    expect(count(partial, /stroke-dasharray="3 2"/g)).toBe(2)
    expect(count(chart, /stroke-dasharray="3 2"/g)).toBe(0)
  })
  test('says so when nothing can be drawn', () => {
    expect(qualityVsCostChart([])).toContain('data-empty="true"')
  })
  test('a key beside the plot names every point with its score and cost, so points that coincide stay readable', () => {
    expect(chart).toContain('>single · 70.0 · $0.0100</text>')
    // The key prints dollars as every table does (format.ts usd), not rounded like an axis tick.
    expect(chart).toContain('>star · 90.0 · $0.0500</text>')
  })
})

describe('placeLabels', () => {
  test('moves a label down until it no longer overlaps an earlier one', () => {
    expect(placeLabels([{ x: 0, y: 100, width: 50 }, { x: 10, y: 105, width: 50 }, { x: 200, y: 100, width: 50 }])).toEqual([
      { x: 0, y: 100 },
      { x: 10, y: 118 },
      { x: 200, y: 100 },
    ])
  })
})

describe('perTaskChart', () => {
  test('one point per task × topology with a score, labelled by task, on an axis that spans the means and every whisker', () => {
    const topologies = [{ topology: 'single', color: '#1' }, { topology: 'star', color: '#2' }]
    const chart = perTaskChart(
      [
        { task: 'a', bars: [{ topology: 'single', color: '#1', mean: 72, ci: { lo: 64, hi: 81 } }, { topology: 'star', color: '#2', mean: 86, ci: null }] },
        { task: 'b', bars: [{ topology: 'single', color: '#1', mean: null, ci: null }] },
      ],
      topologies,
    )
    expect(count(chart, /class="bar"/g)).toBe(2)
    const cy = (t: string) => Number(new RegExp(`data-task="a" data-topology="${t}"[^>]*>.*?<circle [^>]*cy="([\\d.]+)"`).exec(chart)![1])
    expect(cy('star')).toBeLessThan(cy('single'))
    // The means alone span 70–90; single's interval [64, 81] takes the axis down to 60, so its whisker is drawn whole.
    expect(chart).toContain('headline score (axis 60–90 of 0–100)')
    expect(chart).toMatch(/data-task="a" data-topology="single"[^>]*><line x1="[\d.]+" y1="(?!310")[\d.]+" /)
    expect(chart).toContain('>b</text>')
  })
  test('a legend too long for one row (the compute-matched arms) wraps inside the chart, and the plot moves down below it', () => {
    const names = ['single', 'self_refine', 'star', 'pipeline', 'peer_review', 'hrm', 'self_decompose', 'self_refine@pipeline', 'self_refine@peer_review', 'self_refine@hrm', 'self_refine@self_decompose']
    const topologies = names.map((topology, i) => ({ topology, color: `#${i}` }))
    const chart = perTaskChart([{ task: 'a', bars: topologies.map((t) => ({ ...t, mean: 80, ci: null })) }, { task: 'b', bars: [] }], topologies)
    const width = Number(/<svg[^>]*viewBox="0 0 ([\d.]+) /.exec(chart)![1])
    const items = [...chart.matchAll(/<rect x="([\d.]+)" y="([\d.]+)"[^>]*data-legend="([^"]+)"/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]), label: m[3]! }))
    expect(items.map((i) => i.label)).toEqual(names)
    for (const i of items) expect(i.x + 24 + i.label.length * 7.5 - 10).toBeLessThanOrEqual(width - 20)
    const rows = new Set(items.map((i) => i.y)).size
    expect(rows).toBeGreaterThan(1)
    const lowestLegend = Math.max(...items.map((i) => i.y))
    const points = [...chart.matchAll(/<circle [^>]*cy="([\d.]+)"/g)].map((m) => Number(m[1]))
    expect(Math.min(...points)).toBeGreaterThan(lowestLegend + 10)
  })
  test('whiskers that reach 100 from means in the 80s are drawn to 100, not cut at 90', () => {
    const topologies = [{ topology: 'single', color: '#1' }, { topology: 'star', color: '#2' }]
    const bars = [
      { topology: 'single', color: '#1', mean: 87.3, ci: { lo: 68.6, hi: 100 } },
      { topology: 'star', color: '#2', mean: 82.7, ci: { lo: 68.1, hi: 97.3 } },
    ]
    const chart = perTaskChart([{ task: 'close', bars }], topologies)
    expect(chart).toContain('headline score (axis 60–100 of 0–100)')
    const whisker = (t: string) => new RegExp(`data-topology="${t}"[^>]*><line x1="[\\d.]+" y1="([\\d.]+)" x2="[\\d.]+" y2="([\\d.]+)"`).exec(chart)!.slice(1).map(Number)
    const [top, bottom] = [36, 470 - 160]
    const at = (v: number) => bottom - ((v - 60) / 40) * (bottom - top)
    expect(whisker('single')[0]).toBeCloseTo(at(68.6), 0)
    expect(whisker('single')[1]).toBeCloseTo(at(100), 0)
    expect(whisker('star')[0]).toBeCloseTo(at(68.1), 0)
    expect(whisker('star')[1]).toBeCloseTo(at(97.3), 0)
  })
  test('the axis spans the data rounded to tens, at least 20 points wide', () => {
    expect(scoreDomain([64, 81, 86])).toEqual([60, 90])
    expect(scoreDomain([95, 98])).toEqual([80, 100])
    expect(scoreDomain([0, 3])).toEqual([0, 20])
    expect(scoreDomain([])).toEqual([0, 100])
  })
})

describe('differenceChart and winRateChart', () => {
  test('a marker per baseline that could be paired', () => {
    const chart = differenceChart([
      { topology: 'star', vsSingle: { mean: 5, ci: { lo: 1, hi: 9 } }, vsSelfRefine: { mean: -2, ci: null } },
      { topology: 'single', vsSingle: null, vsSelfRefine: null },
    ])
    expect(count(chart, /class="difference"/g)).toBe(2)
    expect(chart).toContain('data-against="self_refine" data-value="-2"')
    expect(chart).not.toContain('data-topology="single"')
  })
  test('win-rate bars are proportional to the rate', () => {
    const chart = winRateChart([
      { topology: 'star', color: '#1', against: 'single', rate: 0.5, ci: { lo: 0.3, hi: 0.7 }, n: 10 },
      { topology: 'hrm', color: '#2', against: 'single', rate: 1, ci: null, n: 4 },
    ])
    const width = (t: string) => Number(new RegExp(`data-topology="${t}"[\\s\\S]*?<rect [^>]*width="([\\d.]+)"`).exec(chart)![1])
    expect(width('hrm')).toBeCloseTo(2 * width('star'), 1)
    expect(chart).toContain('n=10')
    expect(winRateChart([])).toContain('No pairwise judgements')
  })
  test('a win-rate whisker past 0 or 100 % (an older run file) stays within the plot, off the row labels', () => {
    const chart = winRateChart([{ topology: 'star', color: '#1', against: 'single', rate: 0.75, ci: { lo: -2.4266, hi: 3.9266 }, n: 4 }])
    const bar = /<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/.exec(chart)!.slice(1).map(Number)
    const whisker = /<line x1="([\d.]+)" y1="[\d.]+" x2="([\d.]+)"[^>]*class="whisker dark"/.exec(chart)!.slice(1).map(Number)
    const full = bar[1]! / 0.75
    expect(whisker[0]).toBeCloseTo(bar[0]!, 1)
    expect(whisker[1]).toBeCloseTo(bar[0]! + full, 1)
  })
})

describe('row labels', () => {
  // A label right-aligned at x starts at about x − 7.2 px a character (12 px text): it must start inside the chart.
  const labelStart = (chart: string, label: string) => {
    const x = Number(new RegExp(`<text x="([\\d.]+)"[^>]*text-anchor="end"[^>]*>${label}</text>`).exec(chart)![1])
    return x - label.length * 7.2
  }
  const long = 'self_refine@self_decompose'
  test('the label column grows with the longest label, so a compute-matched variant\'s name is not cut at the chart\'s edge', () => {
    const diff = differenceChart([{ topology: long, vsSingle: { mean: 1, ci: { lo: -1, hi: 3 } }, vsSelfRefine: null }])
    expect(labelStart(diff, long)).toBeGreaterThanOrEqual(0)
    const wins = winRateChart([{ topology: long, color: '#1', against: 'single', rate: 0.5, ci: null, n: 4 }])
    expect(labelStart(wins, `${long} vs single`)).toBeGreaterThanOrEqual(0)
    const cost = costByRoleChart([{ topology: long, parts: [{ category: 'specialists', usd: 0.03 }] }], [{ category: 'specialists', color: '#2' }])
    expect(labelStart(cost, long)).toBeGreaterThanOrEqual(0)
  })
  test('short labels keep the usual layout', () => {
    expect(labelRoom(['star', 'hrm'], 130)).toBe(130)
  })
})

describe('costByRoleChart and learningCurveChart', () => {
  test('stacks role segments in category order', () => {
    const categories = [{ category: 'coordinator', color: '#1' }, { category: 'specialists', color: '#2' }]
    const chart = costByRoleChart([{ topology: 'star', parts: [{ category: 'specialists', usd: 0.03 }, { category: 'coordinator', usd: 0.01 }] }], categories)
    expect([...chart.matchAll(/data-category="([^"]+)"/g)].map((m) => m[1])).toEqual(['coordinator', 'specialists'])
  })
  test('a curve needs two runs; each series becomes one path', () => {
    expect(learningCurveChart(['r1'], [])).toContain('data-empty="true"')
    const chart = learningCurveChart(['r1', 'r2', 'r3'], [{ topology: 'star', color: '#1', values: [80, null, 90] }])
    expect(count(chart, /<path /g)).toBe(1)
    expect(count(chart, /<circle /g)).toBe(2)
  })
})
