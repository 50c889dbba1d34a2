import { describe, expect, test } from 'vitest'
import { ReplyMemo } from '../../lib/sim/reply-memo.js'

const body = (text: string) => Buffer.from(text)

describe('ReplyMemo', () => {
  test('serves a reply only to a body equal byte for byte to the one it answered', () => {
    const memo = new ReplyMemo()
    memo.set('k1', body('{"a":1}'), 'one')
    expect(memo.get('k1', body('{"a":1}'))).toBe('one')
    // Same key and length, other bytes: not the same request.
    expect(memo.get('k1', body('{"a":2}'))).toBeUndefined()
    expect(memo.get('k2', body('{"a":1}'))).toBeUndefined()
    expect(memo.hits).toBe(1)
  })

  test('keeps a copy: a body changed after it was answered does not change what is remembered', () => {
    const memo = new ReplyMemo()
    const sent = body('{"a":1}')
    memo.set('k1', sent, 'one')
    sent.write('2', 5)
    expect(memo.get('k1', body('{"a":1}'))).toBe('one')
  })

  test('forgets the oldest replies when the ring comes round to their bytes', () => {
    // Each reply takes 10 bytes of body and 2 × 3 of reply: 16 of the ring's 60.
    const memo = new ReplyMemo(60)
    for (const n of [1, 2, 3, 4]) memo.set(`k${n}`, body(`body-${n}....`), `r-${n}`)
    expect(memo.size).toBe(3)
    expect(memo.get('k1', body('body-1....'))).toBeUndefined()
    expect([2, 3, 4].map((n) => memo.get(`k${n}`, body(`body-${n}....`)))).toEqual(['r-2', 'r-3', 'r-4'])
  })

  test('never serves a reply whose body was overwritten, whatever the sizes', () => {
    const memo = new ReplyMemo(200)
    const sent: Array<{ key: string; body: Buffer; text: string }> = []
    let seed = 7
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31)
    for (let i = 0; i < 300; i++) {
      // Few keys and bodies, each sent many times with a new reply: a stale copy would show.
      const request = { key: `k${next() % 3}`, body: body(`x${next() % 3}`.repeat(1 + (next() % 20))), text: `r${i}` }
      memo.set(request.key, request.body, request.text)
      sent.push(request)
      const served = sent.map((r) => memo.get(r.key, r.body))
      // Every reply served is the one given for that very body; the newest is always kept.
      served.forEach((text, j) => text === undefined || expect(text).toBe(sent.findLast((r) => r.key === sent[j]!.key && r.body.equals(sent[j]!.body))!.text))
      expect(served.at(-1)).toBe(request.text)
    }
    expect(memo.size).toBeGreaterThan(2)
  })

  test('the ring grows as replies are kept, with every body it held', () => {
    const memo = new ReplyMemo(4 * 1024 * 1024)
    const bodies = ['a', 'b', 'c'].map((c) => body(c.repeat(600_000)))
    bodies.forEach((b, i) => memo.set(`k${i}`, b, `r${i}`))
    expect(bodies.map((b, i) => memo.get(`k${i}`, b))).toEqual(['r0', 'r1', 'r2'])
  })

  test('replacing a reply keeps one; a reply larger than the ring is not kept', () => {
    const memo = new ReplyMemo(60)
    memo.set('k1', body('body-1....'), 'r-1')
    memo.set('k1', body('body-1....'), 'r-1')
    memo.set('k2', body('body-2....'), 'r-2')
    expect(memo.size).toBe(2)
    memo.set('k3', body('x'.repeat(61)), '')
    expect(memo.size).toBe(2)
    expect(memo.get('k3', body('x'.repeat(61)))).toBeUndefined()
  })
})
