import { describe, expect, test } from 'vitest'
import { referenceProblems, referenceSections } from '../../lib/tasks/reference-sections.js'

describe('referenceSections', () => {
  test('reads "## " sections with their paragraphs; a title and text before the first section belong to none', () => {
    const text = '# Plan\n\nAn introduction.\n\n## 1. Timeline\nSix weekends.\n\nOne floor each.\n\n### A detail\n\n## 2. Budget\n\n180,000 EUR.\n'
    expect(referenceSections(text)).toEqual([
      { heading: '1. Timeline', paragraphs: ['Six weekends.', 'One floor each.', '### A detail'] },
      { heading: '2. Budget', paragraphs: ['180,000 EUR.'] },
    ])
  })

  test('reads no section from "### " headings or an empty text', () => {
    expect(referenceSections('### Timeline\n\nSix weekends.\n')).toEqual([])
    expect(referenceSections('')).toEqual([])
  })
})

describe('referenceProblems', () => {
  const strong = '## Timeline\n\nSix weekends.\n\n## Budget\n\n180,000 EUR.\n'
  test('none for a strong and a weak reference with as many sections', () => {
    expect(referenceProblems({ strong, weak: '## Timeline\n\nA while.\n\n## Budget\n\nEnough.\n\n## Conclusion\n\nFine.\n' }, 's.md', 'w.md')).toEqual([])
  })

  test('a section with a heading only is no point to state', () => {
    expect(referenceProblems({ strong: '## Timeline\n\n## Budget\n', weak: strong }, 's.md', 'w.md')).toEqual([
      's.md: expected "## " sections with paragraphs under them (each paragraph is a point a simulated agent may state), got no "## " section with a paragraph under it',
    ])
  })
})
