import { createRequire } from 'node:module'
import { describe, expect, onTestFinished, test } from 'vitest'
import { readGrades } from '../../lib/human/grades.js'
import { renderGraderPage } from '../../lib/human/page.js'
import type { GraderPacket, KeyFile } from '../../lib/human/schema.js'

// The page runs here in jsdom, parsed from its HTML with its inline script; clicking through it in Chromium is `npm run human:check` (CI's browser job).
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

/*
 * The part of jsdom this test uses, typed here: jsdom's published types bring the DOM library into
 * the whole project's type check, where it replaces Node's MessageEvent and fetch types.
 */
interface PageElement {
  textContent: string | null
  readonly children: Iterable<PageElement> & { [index: number]: PageElement }
  readonly options: Iterable<PageElement>
  className: string
  value: string
  checked: boolean
  disabled: boolean
  type: string
  download: string
  href: string
  getAttribute(name: string): string | null
  click(): void
  dispatchEvent(event: object): boolean
}
interface PageWindow {
  document: { activeElement: PageElement | null; getElementById(id: string): PageElement | null; querySelector(selector: string): PageElement | null; querySelectorAll(selector: string): Iterable<PageElement> }
  localStorage: { length: number; key(index: number): string | null; getItem(key: string): string | null; setItem(key: string, value: string): void; removeItem(key: string): void }
  dispatchEvent(event: object): boolean
  URL: { createObjectURL(blob: PageBlob): string }
  HTMLAnchorElement: { prototype: { click(this: PageElement): void } }
  Storage: { prototype: { setItem(key: string, value: string): void } }
  Event: new (type: string, init?: { bubbles?: boolean }) => object
  StorageEvent: new (type: string, init: { key: string; oldValue: string | null; newValue: string | null }) => object
  FileReader: new () => { result: unknown; error: unknown; onload: (() => void) | null; onerror: (() => void) | null; readAsText(blob: PageBlob): void }
  scrollTo(...args: unknown[]): void
  confirm(message: string): boolean
}
interface PageBlob {
  type: string
}
const { JSDOM, VirtualConsole } = createRequire(import.meta.url)('jsdom') as {
  JSDOM: new (html: string, options: { url: string; runScripts: 'dangerously'; virtualConsole: object; beforeParse(window: PageWindow): void }) => { window: PageWindow }
  VirtualConsole: new () => { on(event: 'jsdomError' | 'error', listener: (...args: never[]) => void): void }
}

/** An opened page: its document, what it downloaded, what it asked to confirm, and its storage to open it again with. */
interface Page {
  document: PageWindow['document']
  window: PageWindow
  downloads: Array<{ name: string; blob: PageBlob }>
  confirmations: string[]
  storage(): Record<string, string>
}

/**
 * Opens the page as a browser would, from its HTML, running its script, with `storage` as the
 * browser's storage for its origin. jsdom makes no object URLs and does not download: a link
 * clicked with a download name is recorded with the Blob it points to. An error in the page's
 * script, or a browser feature it uses that is missing here, fails the test.
 */
function open(storage: Record<string, string> = {}, confirmAnswer = true, { storageBlocked = false, source = html } = {}): Page {
  const downloads: Page['downloads'] = []
  const confirmations: string[] = []
  const errors: string[] = []
  const virtualConsole = new VirtualConsole()
  virtualConsole.on('jsdomError', (e: Error) => errors.push(e.message))
  virtualConsole.on('error', (...args: unknown[]) => errors.push(args.map(String).join(' ')))
  onTestFinished(() => expect(errors).toEqual([]))
  const dom = new JSDOM(source, {
    url: 'http://grader.test/',
    runScripts: 'dangerously',
    virtualConsole,
    beforeParse(window) {
      for (const [k, v] of Object.entries(storage)) window.localStorage.setItem(k, v)
      // As a browser that blocks site data does: any use of localStorage throws.
      if (storageBlocked)
        Object.defineProperty(window, 'localStorage', {
          get() {
            throw new Error("SecurityError: Failed to read the 'localStorage' property from 'Window': Access is denied for this document.")
          },
        })
      const blobs = new Map<string, PageBlob>()
      window.URL.createObjectURL = (blob: PageBlob) => {
        const url = `blob:http://grader.test/${blobs.size + 1}`
        blobs.set(url, blob)
        return url
      }
      const click = window.HTMLAnchorElement.prototype.click
      window.HTMLAnchorElement.prototype.click = function (this: PageElement) {
        if (this.download) downloads.push({ name: this.download, blob: blobs.get(this.href)! })
        else click.call(this)
      }
      window.scrollTo = () => {}
      window.confirm = (message: string) => {
        confirmations.push(message)
        return confirmAnswer
      }
    },
  })
  const { window } = dom
  return {
    document: window.document,
    window,
    downloads,
    confirmations,
    storage: () => Object.fromEntries(Array.from({ length: window.localStorage.length }, (_, i) => window.localStorage.key(i)!).map((k) => [k, window.localStorage.getItem(k)!])),
  }
}
const all = (page: Page, tag: string) => [...page.document.querySelectorAll(tag)]
const byId = (page: Page, id: string) => page.document.getElementById(id)!
const testId = (page: Page, id: string) => {
  const found = page.document.querySelector(`[data-testid="${id}"]`)
  if (!found) throw new Error(`no element with data-testid="${id}"`)
  return found
}
/** A Blob's text, read as the page's own code would read it. */
const textOf = (page: Page, blob: PageBlob) =>
  new Promise<string>((resolve, reject) => {
    const reader = new page.window.FileReader()
    reader.onload = () => resolve(reader.result as string)
    reader.onerror = () => reject(reader.error)
    reader.readAsText(blob)
  })
const heading = (page: Page) => all(page, 'h2')[0]!.textContent
const progress = (page: Page) => byId(page, 'progress').textContent
/** What a person's change to a form control sends. */
const changed = (page: Page, control: PageElement, type: 'change' | 'input') => control.dispatchEvent(new page.window.Event(type, { bubbles: true }))

/** A person cannot change a disabled control. */
function usable(control: PageElement): PageElement {
  if (control.disabled) throw new Error(`the ${control.getAttribute('data-testid')} control is disabled`)
  return control
}
function score(page: Page, item: string, target: 'A' | 'B', dimension: string, value: string): void {
  const select = usable(all(page, 'select').find((s) => s.getAttribute('data-item') === item && s.getAttribute('data-target') === target && s.getAttribute('data-dimension') === dimension)!)
  select.value = value
  changed(page, select, 'change')
}
function prefer(page: Page, preference: 'A' | 'B' | 'tie'): void {
  const radio = usable(testId(page, `preference-${preference}`))
  radio.checked = true
  changed(page, radio, 'change')
}
/** Types a name and leaves the field, as a person does before grading or downloading. */
function name(page: Page, grader: string): void {
  const input = byId(page, 'grader')
  input.value = grader
  changed(page, input, 'input')
  changed(page, input, 'change')
}
/** Types a name without leaving the field. */
function typeName(page: Page, grader: string): void {
  const input = byId(page, 'grader')
  input.value = grader
  changed(page, input, 'input')
}
const controls = (page: Page) => [...all(page, 'select'), ...all(page, 'input').filter((i) => i.type === 'radio')]
/** What the browser tells `to` when another tab of the same page (`from`) writes `key`: the storage event. */
function deliver(from: Page, to: Page, key: string): void {
  const oldValue = to.window.localStorage.getItem(key)
  const newValue = from.storage()[key] ?? null
  if (newValue === null) to.window.localStorage.removeItem(key)
  else to.window.localStorage.setItem(key, newValue)
  to.window.dispatchEvent(new to.window.StorageEvent('storage', { key, oldValue, newValue }))
}
const scores = (page: Page) => all(page, 'select').map((s) => s.value)
const saved = (page: Page) => byId(page, 'saved').textContent
async function downloaded(page: Page): Promise<string> {
  testId(page, 'download').click()
  return textOf(page, page.downloads.at(-1)!.blob)
}
/** Grades the first item completely: both sides on every dimension, and a preference. */
function gradeFirst(page: Page): void {
  score(page, 'h001', 'A', 'accuracy', '7')
  score(page, 'h001', 'B', 'accuracy', '9')
  score(page, 'h001', 'A', 'depth', '0')
  score(page, 'h001', 'B', 'depth', '10')
  prefer(page, 'B')
}

/** Ann grades the first item; Bob, opening the page after her in the same browser, gives A's accuracy `bobScore`. */
function annThenBob(bobScore: string): { ann: Page; bob: Page } {
  const ann = open()
  name(ann, 'Ann')
  gradeFirst(ann)
  const bob = open(ann.storage())
  name(bob, 'Bob')
  score(bob, 'h001', 'A', 'accuracy', bobScore)
  return { ann, bob }
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

  test('in a window narrower than 900 px it is one column: the item list a strip across the top, the deliverables stacked, the header not pinned', () => {
    const narrow = /@media \(max-width:899px\)\{([^]*?)\n\}/.exec(html)?.[1] ?? ''
    for (const rule of ['header{position:static}', '#layout{display:block}', 'nav{position:sticky;top:0;', '.pair{grid-template-columns:1fr}']) expect(narrow).toContain(rule)
    // Wider, the item list sticks below the header's measured height, not below a fixed guess.
    expect(html).toContain('nav{width:190px;padding:10px;position:sticky;top:calc(var(--header-height,46px) + 8px)')
  })

  test('a simulated run is labelled as such beside the heading and in the title; a real one is not', () => {
    const simulated = renderGraderPage({ ...packet, simulated: { agents: true, judge: false } })
    expect(simulated).toContain('<title>Blind grading sim-run-h1 (SIMULATED)</title>')
    expect(simulated).toContain('<h1>Blind grading</h1>\n  <strong class="simulated" data-testid="simulated">SIMULATED run: the deliverables are simulated, the judge is a real model</strong>')
    expect(html).not.toContain('SIMULATED')
  })

  test("escapes the export's id in the title", () => {
    expect(renderGraderPage({ ...packet, exportId: 'a<b>&"c"' })).toContain('<title>Blind grading a&lt;b&gt;&amp;&quot;c&quot;</title>')
  })
})

describe('the grading page in use', () => {
  test('the item list tells items of one task apart by their trial, and shows each title whole under its id', () => {
    const trials = { ...packet, items: [1, 2, 3].map((trial, i) => ({ id: `h00${i + 1}`, task: 'review', trial, a: `A${trial}`, b: `B${trial}` })) }
    const page = open({}, true, { source: renderGraderPage(trials) })
    const buttons = [...all(page, 'nav')[0]!.children]
    expect(buttons.map((b) => b.children[0]!.textContent)).toEqual(['Review the diff', 'Review the diff', 'Review the diff'])
    expect(buttons.map((b) => b.textContent)).toEqual(['h001 · trial 1Review the diff', 'h002 · trial 2Review the diff', 'h003 · trial 3Review the diff'])
    expect(html).toMatch(/nav button \.title\{display:block;white-space:normal;/)
  })

  test('opens on the first item: the task in full, both deliverables verbatim, a 0-10 choice per side and dimension, a preference', () => {
    const page = open()
    expect([...all(page, 'nav')[0]!.children].map((b) => [b.textContent, b.getAttribute('title')])).toEqual([['h001Review the diff', 'Review the diff'], ['h002Plan the migration', 'Plan the migration']])
    expect(progress(page)).toBe('0 of 2 items fully graded')
    expect(heading(page)).toBe('Item h001 (1 of 2): Review the diff')
    expect(all(page, 'summary').map((e) => e.textContent)).toEqual(['The task exactly as it was given: brief, constraints and inputs'])
    expect(all(page, 'pre').map((e) => e.textContent)).toEqual(['# Brief\nReview <this> & that.', TRICKY, 'Deliverable two'])
    expect(['A', 'B'].map((s) => testId(page, `deliverable-${s}`).children[0]!.textContent)).toEqual(['Deliverable A', 'Deliverable B'])
    const selects = all(page, 'select')
    expect(selects.map((s) => `${s.getAttribute('data-target')} ${s.getAttribute('data-dimension')}`)).toEqual(['A accuracy', 'B accuracy', 'A depth', 'B depth'])
    expect([...selects[0]!.options].map((o) => o.textContent)).toEqual(['–', ...Array.from({ length: 11 }, (_, i) => String(i))])
    expect(all(page, 'input').filter((i) => i.type === 'radio').map((r) => r.value)).toEqual(['A', 'B', 'tie'])
    expect([testId(page, 'previous').disabled, testId(page, 'next').disabled]).toEqual([true, false])
  })

  test('an item counts as graded once every score of both sides and the preference are given; clearing a score undoes it', () => {
    const page = open()
    name(page, 'Ann')
    score(page, 'h001', 'A', 'accuracy', '7')
    score(page, 'h001', 'B', 'accuracy', '9')
    score(page, 'h001', 'A', 'depth', '0')
    prefer(page, 'B')
    expect(progress(page)).toBe('0 of 2 items fully graded')
    score(page, 'h001', 'B', 'depth', '10')
    expect(progress(page)).toBe('1 of 2 items fully graded')
    expect(testId(page, 'item-h001').className).toBe('done current')
    score(page, 'h001', 'A', 'depth', '')
    expect(progress(page)).toBe('0 of 2 items fully graded')
  })

  test('Next, Previous and the item list move between items', () => {
    const page = open()
    testId(page, 'next').click()
    expect(heading(page)).toBe('Item h002 (2 of 2): Plan the migration')
    expect([testId(page, 'previous').disabled, testId(page, 'next').disabled]).toEqual([false, true])
    testId(page, 'item-h001').click()
    expect(heading(page)).toBe('Item h001 (1 of 2): Review the diff')
  })

  test('refuses to download without a name, and puts the focus on the name field', () => {
    const page = open()
    testId(page, 'download').click()
    expect(byId(page, 'message').textContent).toBe('Enter your name first: it goes into every row.')
    expect(page.document.activeElement).toBe(byId(page, 'grader'))
    expect(page.downloads).toEqual([])
  })

  test('downloads the answers as a grades CSV, named after the export and the grader, that the import reads back', async () => {
    const page = open()
    name(page, '  Ada "Lovelace", QA ')
    gradeFirst(page)
    testId(page, 'download').click()
    expect(byId(page, 'message').textContent).toBe('')
    expect(page.downloads.map((d) => d.name)).toEqual(['grades-sim-run-h1-Ada_Lovelace_QA.csv'])
    expect(page.downloads[0]!.blob.type).toBe('text/csv')
    const text = await textOf(page, page.downloads[0]!.blob)
    const who = '"Ada ""Lovelace"", QA"'
    expect(text).toBe(
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
    expect(readGrades([{ name: page.downloads[0]!.name, text }], key)).toEqual([
      { grader: 'Ada "Lovelace", QA', item: 'h001', preference: 'B', scores: { A: { accuracy: 7, depth: 0 }, B: { accuracy: 9, depth: 10 } } },
    ])
  })

  test('graders whose names are in any script download files of different names', () => {
    const names = ['مريم', 'Иван', '李雷', 'Zoë O\'Brien, Jr.'].map((grader) => {
      const page = open()
      name(page, grader)
      score(page, 'h001', 'A', 'accuracy', '5')
      testId(page, 'download').click()
      return page.downloads[0]!.name
    })
    expect(names).toEqual(['grades-sim-run-h1-مريم.csv', 'grades-sim-run-h1-Иван.csv', 'grades-sim-run-h1-李雷.csv', 'grades-sim-run-h1-Zoë_O_Brien_Jr_.csv'])
  })

  test("keeps a grader's answers in the browser's storage under the export and their name: the page opens empty, and the name brings them back", () => {
    const first = open()
    name(first, 'Ada')
    gradeFirst(first)
    expect(saved(first)).toBe('Kept in this browser for Ada.')
    expect(Object.keys(first.storage())).toEqual(['orgbench-grades-sim-run-h1/Ada'])
    const again = open(first.storage())
    expect([byId(again, 'grader').value, progress(again), scores(again)]).toEqual(['', '0 of 2 items fully graded', ['', '', '', '']])
    expect(saved(again)).toBe('Enter your name to grade: your answers are kept in this browser under it.')
    name(again, ' Ada ')
    expect([progress(again), scores(again)]).toEqual(['1 of 2 items fully graded', ['7', '9', '0', '10']])
    expect(saved(again)).toBe('Your 5 answer(s) saved in this browser are back, Ada.')
  })

  test("a second grader in the same browser starts empty and downloads only their own answers; the first grader's stay saved", async () => {
    const ann = open()
    name(ann, 'Ann')
    gradeFirst(ann)
    const bob = open(ann.storage())
    name(bob, 'Bob')
    expect([progress(bob), scores(bob)]).toEqual(['0 of 2 items fully graded', ['', '', '', '']])
    score(bob, 'h001', 'A', 'accuracy', '3')
    expect(await downloaded(bob)).toBe('export,grader,item,target,dimension,value\nsim-run-h1,Bob,h001,A,accuracy,3\n')
    const annAgain = open(bob.storage())
    name(annAgain, 'Ann')
    expect(scores(annAgain)).toEqual(['7', '9', '0', '10'])
  })

  test('without a name nothing can be answered, and the page says answers are kept under a name', () => {
    const page = open()
    expect(controls(page).map((c) => c.disabled)).toEqual([true, true, true, true, true, true, true])
    expect(saved(page)).toBe('Enter your name to grade: your answers are kept in this browser under it.')
    testId(page, 'next').click()
    expect(controls(page).every((c) => c.disabled)).toBe(true)
  })

  test('a name typed, even before the field is left, opens the controls; the first answer is kept under it', () => {
    const page = open()
    typeName(page, 'Ann')
    expect(controls(page).some((c) => c.disabled)).toBe(false)
    score(page, 'h001', 'A', 'accuracy', '4')
    expect(Object.keys(page.storage())).toEqual(['orgbench-grades-sim-run-h1/Ann'])
    expect(saved(page)).toBe('Kept in this browser for Ann.')
    name(page, '')
    expect(controls(page).every((c) => c.disabled)).toBe(true)
  })

  test('another name starts an empty page and says where the answers stay', () => {
    const page = open()
    name(page, 'Ann')
    gradeFirst(page)
    name(page, 'Bob')
    expect([progress(page), scores(page)]).toEqual(['0 of 2 items fully graded', ['', '', '', '']])
    expect(saved(page)).toBe('Nothing saved for Bob in this browser yet: an empty page. The answers of Ann stay saved under that name.')
    expect(JSON.parse(page.storage()['orgbench-grades-sim-run-h1/Ann']!).answers.h001.preference).toBe('B')
  })

  test('a browser that blocks site data keeps nothing, and the page says so from the start, as a warning, rather than "kept"', () => {
    const page = open({}, true, { storageBlocked: true })
    const warning = 'This browser keeps nothing of this page (its site data is blocked): download your grades before you close or reload it.'
    expect([saved(page), byId(page, 'saved').className]).toEqual([warning, 'error'])
    name(page, 'Ann')
    gradeFirst(page)
    expect([saved(page), progress(page)]).toEqual([warning, '1 of 2 items fully graded'])
  })

  test('storage that stops taking answers (full, or blocked meanwhile) turns the note into the warning', () => {
    const page = open()
    name(page, 'Ann')
    expect(saved(page)).toBe('Kept in this browser for Ann.')
    page.window.Storage.prototype.setItem = () => {
      throw new Error('QuotaExceededError')
    }
    score(page, 'h001', 'A', 'accuracy', '7')
    expect(saved(page)).toMatch(/^This browser keeps nothing of this page/)
  })

  test('two tabs of the page for the same grader keep the answers of both: neither writes its older answers over the other', async () => {
    const slot = 'orgbench-grades-sim-run-h1/Ann'
    const one = open()
    name(one, 'Ann')
    score(one, 'h001', 'A', 'accuracy', '7')
    const two = open(one.storage())
    name(two, 'Ann')
    score(one, 'h001', 'B', 'accuracy', '9')
    deliver(one, two, slot)
    expect(scores(two)).toEqual(['7', '9', '', ''])
    expect(saved(two)).toBe('Kept in this browser for Ann, with the answers given in another tab of this page.')
    testId(two, 'item-h002').click()
    score(two, 'h002', 'A', 'clarity', '3')
    deliver(two, one, slot)
    expect(JSON.parse(two.storage()[slot]!).answers).toEqual({ h001: { preference: '', A: { accuracy: 7 }, B: { accuracy: 9 } }, h002: { preference: '', A: { clarity: 3 }, B: {} } })
    expect(await downloaded(one)).toBe('export,grader,item,target,dimension,value\nsim-run-h1,Ann,h001,A,accuracy,7\nsim-run-h1,Ann,h001,B,accuracy,9\nsim-run-h1,Ann,h002,A,clarity,3\n')
  })

  test("another grader's answers written in another tab leave this page alone; this grader's removed there are removed here", () => {
    const { ann, bob } = annThenBob('2')
    deliver(bob, ann, 'orgbench-grades-sim-run-h1/Bob')
    expect(scores(ann)).toEqual(['7', '9', '0', '10'])
    const annAgain = open(ann.storage())
    name(annAgain, 'Ann')
    testId(annAgain, 'start-over').click()
    deliver(annAgain, ann, 'orgbench-grades-sim-run-h1/Ann')
    expect([progress(ann), saved(ann)]).toEqual(['0 of 2 items fully graded', 'The answers of Ann were removed in another tab of this page.'])
  })

  test("Start over asks first, then empties the page and removes this grader's saved answers, and no one else's", () => {
    const { bob } = annThenBob('3')
    testId(bob, 'start-over').click()
    expect(bob.confirmations).toEqual(['Start over with an empty page? The 1 answer(s) of Bob are removed from this browser: download them first to keep them.'])
    expect([byId(bob, 'grader').value, progress(bob), scores(bob)]).toEqual(['', '0 of 2 items fully graded', ['', '', '', '']])
    expect(bob.document.activeElement).toBe(byId(bob, 'grader'))
    expect(Object.keys(bob.storage())).toEqual(['orgbench-grades-sim-run-h1/Ann'])
  })

  test('Start over declined leaves the page and the saved answers as they were', () => {
    const page = open({}, false)
    name(page, 'Ann')
    gradeFirst(page)
    testId(page, 'start-over').click()
    expect(page.confirmations).toHaveLength(1)
    expect([byId(page, 'grader').value, progress(page)]).toEqual(['Ann', '1 of 2 items fully graded'])
    expect(Object.keys(page.storage())).toEqual(['orgbench-grades-sim-run-h1/Ann'])
  })

  test("answers an earlier version of the page kept for the whole export are filed under their grader's name", () => {
    const legacy = JSON.stringify({ grader: 'Ada', answers: { h001: { preference: 'A', A: { accuracy: 4 }, B: {} } } })
    const page = open({ 'orgbench-grades-sim-run-h1': legacy })
    expect(progress(page)).toBe('0 of 2 items fully graded')
    expect(Object.keys(page.storage())).toEqual(['orgbench-grades-sim-run-h1/Ada'])
    name(page, 'Ada')
    expect(scores(page)).toEqual(['4', '', '', ''])
  })

  test('unreadable storage is ignored: the name starts an empty page rather than failing', () => {
    const page = open({ 'orgbench-grades-sim-run-h1/Ada': '{not json', 'orgbench-grades-sim-run-h1': '{not json' })
    name(page, 'Ada')
    expect(progress(page)).toBe('0 of 2 items fully graded')
  })
})
