import { describe, expect, test } from 'vitest'
import { readGrades } from '../../lib/human/grades.js'
import { renderGraderPage } from '../../lib/human/page.js'
import type { GraderPacket, KeyFile } from '../../lib/human/schema.js'
import { MiniPage } from '../support/mini-dom.js'

// The page's logic runs here on a minimal DOM; clicking through it in Chromium is `npm run human:check` (CI's browser job).
const TRICKY = 'Deliverable one </script><script>alert(1)</script> <!-- & \u2028 "quoted"'
const packet: GraderPacket = {
  exportId: 'sim-run-h1',
  scale: { min: 0, max: 10 },
  tasks: [
    { id: 'review', title: 'Review the diff', prompt: '# Brief\nReview <this> & that.', rubric: [{ key: 'accuracy', description: 'Right findings' }, { key: 'depth', description: 'Reasons given' }] },
    { id: 'plan', title: 'Plan the migration', prompt: 'Plan it.', rubric: [{ key: 'clarity', description: 'Readable' }] },
  ],
  items: [
    { id: 'h001', task: 'review', a: TRICKY, b: 'Deliverable two' },
    { id: 'h002', task: 'plan', a: 'Plan A', b: 'Plan B' },
  ],
}
const side = { topology: 'single', judgeScores: null, length: 1 }
const key: KeyFile = {
  kind: 'orgbench-human-key',
  version: 1,
  exportId: packet.exportId,
  runId: 'sim-run',
  simulated: true,
  judgeModel: 'sim-judge',
  seed: 1,
  rubric: { review: ['accuracy', 'depth'], plan: ['clarity'] },
  items: packet.items.map((i) => ({ id: i.id, task: i.task, trial: 1, a: side, b: side, judgePreference: null, judgeOrdersAgreed: null })),
}

const html = renderGraderPage(packet)
const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)]

/** Opens the page: its static elements (by id, from the HTML), then its inline script. `storage` is the browser's, kept across openings. */
function open(storage = new Map<string, string>()): MiniPage {
  const page = new MiniPage(storage)
  const body = html.slice(html.indexOf('<body>'), html.indexOf('<script'))
  for (const [, tag, attributes] of body.matchAll(/<([a-z0-9]+)( [^>]*\bid="[^"]+"[^>]*)>/g)) page.element(tag!, Object.fromEntries([...attributes!.matchAll(/([a-z-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]])))
  page.element('script', { id: 'packet', type: 'application/json' }, scripts[0]![2])
  page.run(scripts[1]![2]!)
  return page
}
const all = (page: MiniPage, tag: string) => [...page.body.descendants()].filter((e) => e.tagName === tag)
const heading = (page: MiniPage) => all(page, 'h2')[0]!.textContent
const progress = (page: MiniPage) => page.byId.get('progress')!.textContent

function score(page: MiniPage, item: string, target: 'A' | 'B', dimension: string, value: string): void {
  const select = all(page, 'select').find((s) => s.getAttribute('data-item') === item && s.getAttribute('data-target') === target && s.getAttribute('data-dimension') === dimension)!
  select.value = value
  select.dispatch('change')
}
function prefer(page: MiniPage, preference: 'A' | 'B' | 'tie'): void {
  const radio = page.testId(`preference-${preference}`)
  radio.checked = true
  radio.dispatch('change')
}
function name(page: MiniPage, grader: string): void {
  const input = page.byId.get('grader')!
  input.value = grader
  input.dispatch('input')
}
/** Grades the first item completely: both sides on every dimension, and a preference. */
function gradeFirst(page: MiniPage): void {
  score(page, 'h001', 'A', 'accuracy', '7')
  score(page, 'h001', 'B', 'accuracy', '9')
  score(page, 'h001', 'A', 'depth', '0')
  score(page, 'h001', 'B', 'depth', '10')
  prefer(page, 'B')
}

describe('the grading page as a file', () => {
  test('is self-contained: no script, style, image or link fetched from anywhere', () => {
    expect(html).not.toMatch(/\b(src|href)=/)
    expect(html).not.toMatch(/https?:\/\//)
    expect(html).not.toMatch(/@import|url\(/)
  })

  test('embeds the data so that no deliverable can close its script element, and it reads back exactly', () => {
    expect(scripts.map((s) => s[1])).toEqual([' id="packet" type="application/json"', ''])
    expect(html.match(/<\/script>/g)).toHaveLength(2)
    expect(scripts[0]![2]).not.toMatch(/[<>&]/)
    expect(JSON.parse(scripts[0]![2]!)).toEqual(packet)
  })

  test("escapes the export's id in the title", () => {
    expect(renderGraderPage({ ...packet, exportId: 'a<b>&"c"' })).toContain('<title>Blind grading a&lt;b&gt;&amp;&quot;c&quot;</title>')
  })
})

describe('the grading page in use', () => {
  test('opens on the first item: the task in full, both deliverables verbatim, a 0-10 choice per side and dimension, a preference', () => {
    const page = open()
    expect(all(page, 'nav')[0]!.children.map((b) => b.textContent)).toEqual(['h001 · Review the diff', 'h002 · Plan the migration'])
    expect(progress(page)).toBe('0 of 2 items fully graded')
    expect(heading(page)).toBe('Item h001 (1 of 2): Review the diff')
    expect(all(page, 'summary').map((e) => e.textContent)).toEqual(['The task exactly as it was given: brief, constraints and inputs'])
    expect(all(page, 'pre').map((e) => e.textContent)).toEqual(['# Brief\nReview <this> & that.', TRICKY, 'Deliverable two'])
    expect(['A', 'B'].map((s) => page.testId(`deliverable-${s}`).children[0]!.textContent)).toEqual(['Deliverable A', 'Deliverable B'])
    const selects = all(page, 'select')
    expect(selects.map((s) => `${s.getAttribute('data-target')} ${s.getAttribute('data-dimension')}`)).toEqual(['A accuracy', 'B accuracy', 'A depth', 'B depth'])
    expect(selects[0]!.children.map((o) => o.textContent)).toEqual(['–', ...Array.from({ length: 11 }, (_, i) => String(i))])
    expect(all(page, 'input').filter((i) => i.type === 'radio').map((r) => r.value)).toEqual(['A', 'B', 'tie'])
    expect([page.testId('previous').disabled, page.testId('next').disabled]).toEqual([true, false])
  })

  test('an item counts as graded once every score of both sides and the preference are given; clearing a score undoes it', () => {
    const page = open()
    score(page, 'h001', 'A', 'accuracy', '7')
    score(page, 'h001', 'B', 'accuracy', '9')
    score(page, 'h001', 'A', 'depth', '0')
    prefer(page, 'B')
    expect(progress(page)).toBe('0 of 2 items fully graded')
    score(page, 'h001', 'B', 'depth', '10')
    expect(progress(page)).toBe('1 of 2 items fully graded')
    expect(page.testId('item-h001').className).toBe('done current')
    score(page, 'h001', 'A', 'depth', '')
    expect(progress(page)).toBe('0 of 2 items fully graded')
  })

  test('Next, Previous and the item list move between items', () => {
    const page = open()
    page.testId('next').click()
    expect(heading(page)).toBe('Item h002 (2 of 2): Plan the migration')
    expect([page.testId('previous').disabled, page.testId('next').disabled]).toEqual([false, true])
    page.testId('item-h001').click()
    expect(heading(page)).toBe('Item h001 (1 of 2): Review the diff')
  })

  test('refuses to download without a name, and puts the focus on the name field', () => {
    const page = open()
    gradeFirst(page)
    page.testId('download').click()
    expect(page.byId.get('message')!.textContent).toBe('Enter your name first: it goes into every row.')
    expect(page.focused).toBe(page.byId.get('grader'))
    expect(page.downloads).toEqual([])
  })

  test('downloads the answers as a grades CSV, named after the export and the grader, that the import reads back', () => {
    const page = open()
    gradeFirst(page)
    name(page, '  Ada "Lovelace", QA ')
    page.testId('download').click()
    expect(page.byId.get('message')!.textContent).toBe('')
    expect(page.downloads.map((d) => d.name)).toEqual(['grades-sim-run-h1-Ada_Lovelace_QA.csv'])
    const who = '"Ada ""Lovelace"", QA"'
    expect(page.downloads[0]!.text).toBe(
      [
        'export,grader,item,target,dimension,value',
        `sim-run-h1,${who},h001,pair,preference,B`,
        `sim-run-h1,${who},h001,A,accuracy,7`,
        `sim-run-h1,${who},h001,A,depth,0`,
        `sim-run-h1,${who},h001,B,accuracy,9`,
        `sim-run-h1,${who},h001,B,depth,10`,
        '',
      ].join('\n'),
    )
    expect(readGrades([{ name: page.downloads[0]!.name, text: page.downloads[0]!.text }], key)).toEqual([
      { grader: 'Ada "Lovelace", QA', item: 'h001', preference: 'B', scores: { A: { accuracy: 7, depth: 0 }, B: { accuracy: 9, depth: 10 } } },
    ])
  })

  test("keeps the name and answers in the browser's storage for this export: reopening the page picks up where it was", () => {
    const storage = new Map<string, string>()
    const first = open(storage)
    gradeFirst(first)
    name(first, 'Ada')
    expect([...storage.keys()]).toEqual(['orgbench-grades-sim-run-h1'])
    const again = open(storage)
    expect(progress(again)).toBe('1 of 2 items fully graded')
    expect(again.byId.get('grader')!.value).toBe('Ada')
    expect(all(again, 'select').map((s) => s.value)).toEqual(['7', '9', '0', '10'])
  })

  test('unreadable storage is ignored: the page starts empty rather than failing', () => {
    const page = open(new Map([['orgbench-grades-sim-run-h1', '{not json']]))
    expect(progress(page)).toBe('0 of 2 items fully graded')
    expect(page.byId.get('grader')!.value).toBe('')
  })
})
