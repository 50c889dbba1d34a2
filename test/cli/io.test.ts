import { afterEach, describe, expect, test, vi } from 'vitest'
import { consoleIO } from '../../lib/cli/io.js'

afterEach(() => {
  vi.restoreAllMocks()
  process.exitCode = undefined
})

describe('consoleIO', () => {
  test('results go to standard output and problems to standard error, each ending in exactly one new line', () => {
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    consoleIO.out('3 tasks')
    consoleIO.out('table\n')
    consoleIO.err('orgbench gate: no baseline')
    expect(out.mock.calls.map((c) => c[0])).toEqual(['3 tasks\n', 'table\n'])
    expect(err.mock.calls.map((c) => c[0])).toEqual(['orgbench gate: no baseline\n'])
  })

  test('a reader that closed the pipe (orgbench tasks | head) ends the process quietly with its exit code; other stream errors still throw', () => {
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
    // process.exit does not return: the stand-in throws what it was called with.
    vi.spyOn(process, 'exit').mockImplementation(((code: number) => {
      throw new Error(`exit ${code}`)
    }) as never)
    // As in the CLI's own process: nobody else listens for the stream's errors.
    const others = process.stdout.listeners('error') as Array<(...args: unknown[]) => void>
    process.stdout.removeAllListeners('error')
    consoleIO.out('x')
    const added = process.stdout.listeners('error') as Array<(...args: unknown[]) => void>
    expect(added).toHaveLength(1)
    try {
      process.exitCode = 3
      expect(() => added[0]!.call(process.stdout, Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }))).toThrow('exit 3')
      expect(() => added[0]!.call(process.stdout, Object.assign(new Error('write EIO'), { code: 'EIO' }))).toThrow('write EIO')
      consoleIO.out('y')
      expect(process.stdout.listeners('error')).toHaveLength(1)
    } finally {
      process.stdout.removeAllListeners('error')
      for (const l of others) process.stdout.on('error', l)
    }
  })

  test('a stream someone else already handles errors for is left to them', () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    const mine = () => {}
    const others = process.stderr.listeners('error') as Array<(...args: unknown[]) => void>
    process.stderr.removeAllListeners('error')
    process.stderr.on('error', mine)
    try {
      consoleIO.err('x')
      expect(process.stderr.listeners('error')).toEqual([mine])
    } finally {
      process.stderr.removeAllListeners('error')
      for (const l of others) process.stderr.on('error', l)
    }
  })
})
