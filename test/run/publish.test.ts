import { describe, expect, test } from 'vitest'
import { ATTACHMENT_MESSAGE_MAX, fitMessage } from '../../lib/run/publish.js'

describe('fitMessage', () => {
  test('keeps a short message as it is', () => {
    expect(fitMessage('judge 96.5 (sim-judge): clarity 9.0/10')).toBe('judge 96.5 (sim-judge): clarity 9.0/10')
  })

  test('cuts a long one to the limit, marked with an ellipsis, so the attachment file Vitest names after it stays under 255 bytes', () => {
    const dims = Array.from({ length: 8 }, (_, i) => `a_long_rubric_dimension_${i} 10.0/10`).join(', ')
    const cut = fitMessage(`judge 96.5 (sim-judge): ${dims} · vs single: tie (orders disagreed)`)
    expect(cut).toHaveLength(ATTACHMENT_MESSAGE_MAX)
    expect(cut.endsWith('…')).toBe(true)
    expect(cut.startsWith('judge 96.5 (sim-judge): a_long_rubric_dimension_0 10.0/10')).toBe(true)
    // Vitest's file name: the message (at most 3 bytes a character once sanitised), "-", a 40-hex hash, ".json".
    expect(Buffer.byteLength(cut) + 1 + 40 + 5).toBeLessThanOrEqual(255)
  })
})
