import { setImmediate as nextTurn } from 'node:timers/promises'
import { describe, expect, test } from 'vitest'
import { batcher, ChannelMessage } from '../../lib/gateway/protocol.js'

describe('batcher: what a thread sends in one turn of its event loop leaves as one post', () => {
  test('messages of the same turn go together, in order; a later turn starts a new batch', async () => {
    const posts: number[][] = []
    const send = batcher<number>((batch) => posts.push(batch))
    send(1)
    send(2)
    await Promise.resolve()
    send(3)
    expect(posts).toEqual([])
    await nextTurn()
    expect(posts).toEqual([[1, 2, 3]])
    send(4)
    await nextTurn()
    expect(posts).toEqual([[1, 2, 3], [4]])
  })
})

describe('ChannelMessage', () => {
  test('a batch holds at least one valid message from a named session', () => {
    expect(ChannelMessage.safeParse({ conn: 'abcdef0123', messages: [{ t: 'cancel', id: 1 }] }).success).toBe(true)
    expect(ChannelMessage.safeParse({ conn: 'abcdef0123', messages: [] }).success).toBe(false)
    expect(ChannelMessage.safeParse({ conn: 'abcdef0123', messages: [{ t: 'cancel', id: -1 }] }).success).toBe(false)
    expect(ChannelMessage.safeParse({ conn: 'abcdef0123', message: { t: 'cancel', id: 1 } }).success).toBe(false)
  })
})
