import { setImmediate as nextTurn } from 'node:timers/promises'
import { describe, expect, test } from 'vitest'
import { batcher, channelMessage, ClientMessage } from '../../lib/gateway/protocol.js'

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

describe('channelMessage: a post on the in-process channel', () => {
  test('a batch holds at least one message, from a named session; anything else is dropped', () => {
    const post = { conn: 'abcdef0123', messages: [{ t: 'cancel', id: 1 }] }
    expect(channelMessage(post)).toBe(post)
    expect(channelMessage({ conn: 'abcdef0123', messages: [] })).toBeNull()
    expect(channelMessage({ conn: 'abc', messages: [{ t: 'cancel', id: 1 }] })).toBeNull()
    expect(channelMessage({ conn: 'abcdef0123', message: { t: 'cancel', id: 1 } })).toBeNull()
    expect(channelMessage({ conn: 'abcdef0123', messages: [null] })).toBeNull()
    expect(channelMessage('{"conn":"abcdef0123"}')).toBeNull()
    expect(channelMessage(null)).toBeNull()
  })
})

describe('ClientMessage: a line from a worker in another process', () => {
  test('each message is validated', () => {
    expect(ClientMessage.safeParse({ t: 'cancel', id: 1 }).success).toBe(true)
    expect(ClientMessage.safeParse({ t: 'cancel', id: -1 }).success).toBe(false)
    expect(ClientMessage.safeParse({ t: 'grant', id: 1 }).success).toBe(false)
  })
})
