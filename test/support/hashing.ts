import { createHash } from 'node:crypto'
import { vi } from 'vitest'

/**
 * Runs `work` and returns what it fed to SHA-256 (or any node:crypto hash), update by update, as
 * text: a test can then see how often a long opening was hashed without the code counting it.
 */
export function hashedWhile<T>(work: () => T): { result: T; updates: string[] } {
  const proto = Object.getPrototypeOf(createHash('sha256')) as { update: (data: string | Uint8Array, encoding?: BufferEncoding) => unknown }
  const spy = vi.spyOn(proto, 'update')
  try {
    const result = work()
    const updates = spy.mock.calls.map(([data]) => (typeof data === 'string' ? data : Buffer.from(data).toString('utf8')))
    return { result, updates }
  } finally {
    spy.mockRestore()
  }
}
