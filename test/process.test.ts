import { describe, expect, test } from 'vitest'
import { processAlive } from '../lib/process.js'

describe('processAlive', () => {
  test('this process is alive; a pid above the kernel limit is not', () => {
    expect(processAlive(process.pid)).toBe(true)
    expect(processAlive(2 ** 22 + 12345)).toBe(false)
  })
})
