import { describe, expect, test } from 'vitest'
import { passages } from '../../lib/eval/passages.js'

describe('passages', () => {
  test('headings, table rows with their header, list items and long lines, then each multi-line block whole', () => {
    const text = ['## Limits', '', '| Stage | Drawdown |', '|---|---|', '| HALT | 20 % of NAV |', '', '1. Remove liquidity from every pool.', '2. Swap every token to USDC.', '', 'ok'].join('\n')
    expect(passages(text)).toEqual([
      { text: '## Limits', context: '' },
      { text: '| HALT | 20 % of NAV |', context: '## Limits | Stage | Drawdown |' },
      { text: '| Stage | Drawdown |\n|---|---|\n| HALT | 20 % of NAV |', context: '## Limits' },
      { text: 'Remove liquidity from every pool.', context: '## Limits' },
      { text: 'Swap every token to USDC.', context: '## Limits' },
      { text: '1. Remove liquidity from every pool.\n2. Swap every token to USDC.', context: '## Limits' },
    ])
    expect(passages(text, { everyLine: true }).map((p) => p.text)).toContain('ok')
  })

  test('a fenced block is one block, blank lines included, and its lines are not read one by one; ~~~ fences too', () => {
    for (const fence of ['```', '~~~']) {
      const text = ['Intro line that is long enough.', '', `${fence}python`, 'halt_at = 0.20', '', 'def unwind():', '    swap_all("USDC")', fence, '', 'After the code, a long line.'].join('\n')
      const texts = passages(text).map((p) => p.text)
      expect(texts).toContain(`${fence}python\nhalt_at = 0.20\n\ndef unwind():\n    swap_all("USDC")\n${fence}`)
      expect(texts).not.toContain('def unwind():')
      expect(texts).toContain('After the code, a long line.')
    }
  })
})
