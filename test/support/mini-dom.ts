import { runInNewContext } from 'node:vm'

/*
 * Just enough of a browser to run a self-contained page's inline script in this process: elements
 * with children, text, attributes, properties and event listeners, localStorage, Blob and object
 * URLs, and downloads made by clicking a link. Not a browser: layout, CSS and real events are
 * absent (pages are walked in Chromium by their browser checks); this runs a page's logic.
 */

/** A text node, as document.createTextNode makes it. */
export class MiniText {
  parent: MiniElement | null = null
  constructor(readonly textContent: string) {}
}

/** An element: the properties pages set (value, checked, disabled, ...) are plain fields. */
export class MiniElement {
  parent: MiniElement | null = null
  children: Array<MiniElement | MiniText> = []
  readonly attributes = new Map<string, string>()
  private readonly listeners = new Map<string, Array<(event: unknown) => void>>()
  private text = ''
  className = ''
  value = ''
  checked = false
  disabled = false
  type = ''
  name = ''
  title = ''
  href = ''
  download = ''

  constructor(
    readonly tagName: string,
    private readonly page: MiniPage,
  ) {}

  get textContent(): string {
    return this.text + this.children.map((c) => c.textContent).join('')
  }
  set textContent(value: string) {
    this.children = []
    this.text = String(value)
  }
  appendChild<T extends MiniElement | MiniText>(child: T): T {
    child.parent = this
    this.children.push(child)
    return child
  }
  remove(): void {
    if (this.parent) this.parent.children = this.parent.children.filter((c) => c !== this)
    this.parent = null
  }
  setAttribute(name: string, value: unknown): void {
    this.attributes.set(name, String(value))
  }
  getAttribute(name: string): string | null {
    return this.attributes.get(name) ?? null
  }
  addEventListener(type: string, listener: (event: unknown) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener])
  }
  /** Runs the listeners of `type`, as the browser does when a person acts. */
  dispatch(type: string): void {
    for (const l of this.listeners.get(type) ?? []) l({ type, target: this })
  }
  click(): void {
    if (this.tagName === 'a' && this.download) this.page.downloads.push({ name: this.download, text: this.page.blobs.get(this.href)!.text })
    this.dispatch('click')
  }
  focus(): void {
    this.page.focused = this
  }
  /** Every element below this one, depth first. */
  *descendants(): Generator<MiniElement> {
    for (const c of this.children) {
      if (c instanceof MiniElement) {
        yield c
        yield* c.descendants()
      }
    }
  }
}

/** A page: its elements by id, its storage (shared with later openings of it) and what it downloaded. */
export class MiniPage {
  readonly body = new MiniElement('body', this)
  readonly byId = new Map<string, MiniElement>()
  readonly blobs = new Map<string, { text: string; type: string }>()
  readonly downloads: Array<{ name: string; text: string }> = []
  focused: MiniElement | null = null

  constructor(readonly storage: Map<string, string> = new Map()) {}

  /** Adds an element of the page's static HTML, with its attributes (an id makes it one getElementById finds). */
  element(tag: string, attributes: Record<string, string>, text = ''): MiniElement {
    const el = this.body.appendChild(new MiniElement(tag, this))
    for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value)
    el.textContent = text
    if (attributes.id) this.byId.set(attributes.id, el)
    return el
  }

  /** The first element with this data-testid, anywhere on the page. */
  testId(id: string): MiniElement {
    const found = [...this.body.descendants()].find((e) => e.getAttribute('data-testid') === id)
    if (!found) throw new Error(`no element with data-testid="${id}"`)
    return found
  }

  /** Runs a script in a context that has this page's document, window, storage, Option, Blob and URL. */
  run(script: string): void {
    const page = this
    class Option extends MiniElement {
      constructor(text: string, value: string) {
        super('option', page)
        this.textContent = text
        this.value = value
      }
    }
    class Blob {
      readonly text: string
      readonly type: string
      constructor(parts: string[], options: { type?: string } = {}) {
        this.text = parts.join('')
        this.type = options.type ?? ''
      }
    }
    const document = {
      body: this.body,
      getElementById: (id: string) => this.byId.get(id) ?? null,
      createElement: (tag: string) => new MiniElement(tag, page),
      createTextNode: (text: string) => new MiniText(text),
    }
    const localStorage = { getItem: (k: string) => this.storage.get(k) ?? null, setItem: (k: string, v: string) => void this.storage.set(k, String(v)) }
    const URL = {
      createObjectURL: (blob: Blob) => {
        const url = `blob:${this.blobs.size + 1}`
        this.blobs.set(url, blob)
        return url
      },
    }
    runInNewContext(script, { document, localStorage, Option, Blob, URL, window: { scrollTo: () => {} } })
  }
}
