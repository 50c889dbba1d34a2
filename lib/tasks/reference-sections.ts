/*
 * How a design task's reference deliverables (fixtures/calibration/<id>/strong.md and weak.md) are
 * read: as "## " sections of paragraphs. The simulator writes its deliverables from them, section
 * by section and paragraph by paragraph, and `tasks --check` refuses files it could not read so.
 */

/** A "## " section of a reference deliverable: its heading and the paragraphs under it. */
export interface ReferenceSection {
  heading: string
  paragraphs: string[]
}

/** The "## " sections of a Markdown text, each with its paragraphs; text before the first "## " heading is not part of any. */
export function referenceSections(markdown: string): ReferenceSection[] {
  const out: ReferenceSection[] = []
  let current: ReferenceSection | undefined
  for (const block of markdown.replace(/^\uFEFF/, '').split(/\n\s*\n/)) {
    const text = block.trim()
    if (!text) continue
    const heading = /^##\s+(.+)$/m.exec(text)
    if (text.startsWith('## ') && heading) {
      current = { heading: heading[1]!.trim(), paragraphs: [] }
      out.push(current)
      const rest = text.split('\n').slice(1).join('\n').trim()
      if (rest) current.paragraphs.push(rest)
    } else if (current) current.paragraphs.push(text)
  }
  return out
}

/** What a text that holds no usable section has instead, for a message. */
function whatItHas(markdown: string): string {
  if (markdown.trim() === '') return 'an empty file'
  const headings = [...markdown.matchAll(/^(#{1,6})\s+\S.*$/gm)].map((m) => m[0].trim())
  const other = headings.filter((h) => !h.startsWith('## '))
  if (other.length > 0) return `no "## " section with a paragraph under it (its headings: ${other.slice(0, 3).map((h) => `"${h}"`).join(', ')}${other.length > 3 ? ', ...' : ''})`
  return 'no "## " section with a paragraph under it'
}

/**
 * What keeps the simulator from writing deliverables from a strong and a weak reference, one line
 * each naming the file (shown as `strongFile`, `weakFile`) and what was expected; empty when both
 * can be read. strong.md needs "## " sections with paragraphs (each paragraph is a point a
 * simulated agent may state); weak.md a section with generic prose for each of strong.md's, in
 * the same order (the simulator takes the vague prose of strong.md's n-th section from weak.md's n-th).
 */
export function referenceProblems(refs: { strong: string; weak: string }, strongFile: string, weakFile: string): string[] {
  const strong = referenceSections(refs.strong)
  const weak = referenceSections(refs.weak)
  const problems: string[] = []
  if (!strong.some((s) => s.paragraphs.length > 0)) {
    problems.push(`${strongFile}: expected "## " sections with paragraphs under them (each paragraph is a point a simulated agent may state), got ${whatItHas(refs.strong)}`)
  }
  if (!weak.some((s) => s.paragraphs.length > 0)) {
    problems.push(`${weakFile}: expected the "## " sections of strong.md, in the same order, with generic prose under them, got ${whatItHas(refs.weak)}`)
  } else if (weak.length < strong.length) {
    problems.push(`${weakFile}: expected a "## " section for each of the ${strong.length} of strong.md, in the same order, got ${weak.length}`)
  }
  return problems
}
