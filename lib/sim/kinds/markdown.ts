import type { SimContext } from '../context.js'

export interface ReferenceDeliverables {
  strong: string
  weak: string
}

interface Section {
  heading: string
  paragraphs: string[]
}

function sections(markdown: string): Section[] {
  const out: Section[] = []
  let current: Section | undefined
  for (const block of markdown.split(/\n\s*\n/)) {
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

/**
 * Simulated design deliverable, assembled from the task's strong reference deliverable:
 * each paragraph is covered per the profile (must-pass material as a severe item, the rest as
 * ordinary items in focus for the role matching its section), gaps are filled with generic prose.
 */
export function simulateMarkdown(ctx: SimContext, refs: ReferenceDeliverables): string {
  const mustPass = ctx.task.checklist.filter((c) => c.mustPass).map((c) => c.patterns.map((p) => new RegExp(p, 'i')))
  const filler = refs.weak
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p && !p.startsWith('#'))
  const roles = ctx.task.roles
  const out: string[] = [`# ${ctx.task.title}`]
  sections(refs.strong).forEach((section, j) => {
    const owner = roles[j % roles.length]!.id
    const kept = section.paragraphs.filter((paragraph, k) => {
      const severe = mustPass.some((patterns) => patterns.some((re) => re.test(paragraph)))
      return ctx.decide(
        { id: `s${j}p${k}`, difficulty: severe ? 'CRITICAL' : 'MEDIUM', focusWords: [], focusRoles: [owner] },
        ctx.prompt.includes(paragraph),
      ).found
    })
    out.push(`## ${section.heading}`)
    if (kept.length > 0) out.push(...kept)
    else if (filler.length > 0) out.push(ctx.pick(filler, j, 'filler'))
  })
  return out.join('\n\n') + '\n'
}
