import { describe, expect, test } from 'vitest'
import { allAgents } from '../../lib/topologies/agent.js'

const after = <T>(ms: number, value: T, fail = false) =>
  new Promise<T>((resolve, reject) => setTimeout(() => (fail ? reject(new Error(String(value))) : resolve(value)), ms))

describe('allAgents', () => {
  test('returns every value in order when all agents succeed', async () => {
    expect(await allAgents([after(20, 'a'), after(5, 'b'), after(10, 'c')])).toEqual(['a', 'b', 'c'])
  })

  test('raises the first failure only once every agent has finished', async () => {
    const finished: string[] = []
    const slow = after(40, 'slow').then((v) => (finished.push(v), v))
    await expect(allAgents([after(5, 'early failure', true), slow])).rejects.toThrow('early failure')
    expect(finished).toEqual(['slow'])
  })
})
