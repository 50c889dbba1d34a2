/*
 * A chat message whose content is a long shared opening (a task's block, the judge's head) followed
 * by a short rest of its own, kept as those two parts. Joined, most prompts of a suite are over
 * 128 KB (two-byte text), and V8 gives every such string a memory mapping of its own; the client
 * reads the parts instead (its encoder, its token estimate), so the prompt is never built. Anything
 * else that reads `content` gets `opening + rest`, joined on first read and kept: the same string
 * as a plain message, in Object.keys, JSON.stringify, a spread and structuredClone alike (the parts
 * sit under a symbol none of them copies).
 */

const PARTS: unique symbol = Symbol('orgbench.messageParts')

/** A message content as its two parts: `opening + rest`. */
export interface MessageParts {
  readonly opening: string
  readonly rest: string
}

/** A { role, content } message whose content is `opening + rest`, without joining them (see the module comment). */
export function partsMessage<R extends string>(role: R, opening: string, rest: string): { role: R; content: string } {
  let joined: string | undefined
  const message = {
    role,
    get content(): string {
      return (joined ??= opening + rest)
    },
    set content(value: string) {
      // A content set anew is a plain one, which the parts no longer describe.
      delete (this as Partial<Record<typeof PARTS, MessageParts>>)[PARTS]
      Object.defineProperty(this, 'content', { value, writable: true, enumerable: true, configurable: true })
    },
  }
  Object.defineProperty(message, PARTS, { value: { opening, rest }, configurable: true })
  return message
}

/** The parts of a message made by partsMessage (whose content was not set anew since), or null for any other value. */
export function messageParts(message: unknown): MessageParts | null {
  if (typeof message !== 'object' || message === null) return null
  return (message as Partial<Record<typeof PARTS, MessageParts>>)[PARTS] ?? null
}
