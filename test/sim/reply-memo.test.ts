import { describe, expect, test } from 'vitest'
import { ReplyMemo } from '../../lib/sim/reply-memo.js'

describe('ReplyMemo', () => {
  test('serves a reply only to the key and body digest it answered', () => {
    const memo = new ReplyMemo()
    memo.set('k1', 'd1', 'one')
    expect(memo.get('k1', 'd1')).toBe('one')
    expect(memo.get('k1', 'd2')).toBeUndefined()
    expect(memo.get('k2', 'd1')).toBeUndefined()
    expect(memo.hits).toBe(1)
  })

  test('forgets the oldest replies beyond its capacity in characters', () => {
    const memo = new ReplyMemo(10)
    for (const n of [1, 2, 3, 4]) memo.set(`k${n}`, 'd', `r-${n}`)
    expect(memo.size).toBe(3)
    expect(memo.get('k1', 'd')).toBeUndefined()
    expect([2, 3, 4].map((n) => memo.get(`k${n}`, 'd'))).toEqual(['r-2', 'r-3', 'r-4'])
  })

  test('replacing a reply keeps one and counts it once; a reply larger than the capacity is not kept', () => {
    const memo = new ReplyMemo(9)
    memo.set('k1', 'd', 'r-1')
    memo.set('k1', 'd', 'r-1')
    memo.set('k2', 'd', 'r-2')
    memo.set('k3', 'd', 'r-3')
    expect(memo.size).toBe(3)
    memo.set('k4', 'd', 'x'.repeat(10))
    expect(memo.size).toBe(3)
    expect(memo.get('k4', 'd')).toBeUndefined()
  })

  test('whatever the sizes, what it serves is the newest reply given for that key and digest', () => {
    const memo = new ReplyMemo(200)
    const sent: Array<{ key: string; digest: string; text: string }> = []
    let seed = 7
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31)
    for (let i = 0; i < 300; i++) {
      const request = { key: `k${next() % 3}`, digest: `d${next() % 3}`, text: `r${i}`.repeat(1 + (next() % 20)) }
      memo.set(request.key, request.digest, request.text)
      sent.push(request)
      const served = sent.map((r) => memo.get(r.key, r.digest))
      served.forEach((text, j) => text === undefined || expect(text).toBe(sent.findLast((r) => r.key === sent[j]!.key && r.digest === sent[j]!.digest)!.text))
      expect(served.at(-1)).toBe(request.text)
    }
    expect(memo.size).toBeGreaterThan(2)
  })
})
