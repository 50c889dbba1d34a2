import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { padMarkdown } from '../../../lib/eval/judge/padding.js'
import { PROJECT_ROOT } from '../../../lib/tasks/registry.js'

const strong = readFileSync(join(PROJECT_ROOT, 'fixtures', 'calibration', 'contract_review', 'strong.md'), 'utf8')
const paragraphs = (text: string) => text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean)

describe('padMarkdown', () => {
  test('reaches the requested length, keeps every paragraph in order and repeats none', () => {
    const padded = padMarkdown(strong, 2)
    expect(padded.length).toBeGreaterThanOrEqual(2 * strong.length)
    expect(padded.length).toBeLessThan(2.1 * strong.length)
    const kept = paragraphs(padded).filter((p) => paragraphs(strong).includes(p))
    expect(kept).toEqual(paragraphs(strong))
    expect(new Set(paragraphs(padded)).size).toBe(paragraphs(padded).length)
  })

  test('adds no values: no digits, no code, no new headings', () => {
    const added = paragraphs(padMarkdown(strong, 3)).filter((p) => !paragraphs(strong).includes(p))
    expect(added.length).toBeGreaterThan(10)
    for (const p of added) expect(p).not.toMatch(/\d|`|^#/)
  })

  test('spreads the padding over the sections', () => {
    const padded = padMarkdown('# T\n\n## A\n\nOne.\n\n## B\n\nTwo.\n', 40)
    const [a, b] = padded.split(/\n(?=## B)/)
    expect(paragraphs(a!).length).toBeGreaterThan(2)
    expect(paragraphs(b!).length).toBeGreaterThan(2)
  })
})
