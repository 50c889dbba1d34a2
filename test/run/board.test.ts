import { describe, expect, test } from 'vitest'
import { Board } from '../../lib/run/board.js'

describe('Board', () => {
  test('a waiter gets the value published later', async () => {
    const board = new Board<number>()
    const waiting = board.wait('star#1')
    board.publish('star#1', 42)
    await expect(waiting).resolves.toBe(42)
  })

  test('a value published earlier is there for later waiters', async () => {
    const board = new Board<string>()
    board.publish('single#2', 'deliverable')
    await expect(board.wait('single#2')).resolves.toBe('deliverable')
  })

  test('null tells waiters that the producer failed', async () => {
    const board = new Board<string>()
    board.publish('single#1', null)
    await expect(board.wait('single#1')).resolves.toBeNull()
  })

  test('the first publication wins; keys are independent', async () => {
    const board = new Board<number>()
    board.publish('k', 1)
    board.publish('k', 2)
    board.publish('other', 3)
    await expect(board.wait('k')).resolves.toBe(1)
    await expect(board.wait('other')).resolves.toBe(3)
  })
})
