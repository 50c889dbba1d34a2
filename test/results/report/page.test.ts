import { expect, test } from 'vitest'
import { pageHead } from '../../../lib/results/report/page.js'

test('a page head carries an escaped title and the inline CSS, and loads nothing', () => {
  const head = pageHead('a <b> & c', 'body { margin: 0 }').join('\n')
  expect(head).toContain('<title>a &lt;b&gt; &amp; c</title>')
  expect(head).toContain('<style>body { margin: 0 }</style>')
  expect(head).toMatch(/<body>$/)
  expect(head).not.toMatch(/<script|<link|src=/)
})
