/*
 * A simulated reply is a pure function of the request body: the same body always gets the same
 * completion, byte for byte. A benchmark run sends many bodies more than once (the same prompt in
 * two topologies, the same candidate before a judge twice: about a fifth of the enterprise suite's
 * requests), so the simulator keeps the replies to the bodies it saw last. Keyed exactly: a reply
 * is found by the request's key (seed, model, hash of the messages) and the body's length, and
 * served only to a body equal byte for byte to the one it answered.
 *
 * The bodies are copied into one ring of bytes (grown up to its size, then reused), the oldest
 * overwritten first: keeping hundreds of request buffers alive instead made V8 collect its whole
 * heap more often (it counts buffers as external memory), which cost as much as the replies saved.
 * A simulator started for a few requests keeps a small ring (from 1 MiB). Each reply also
 * takes room in the ring (two bytes a character, though it stays a string), so that the ring's
 * size bounds the replies kept too.
 */

interface Entry {
  /** Where the body's copy starts in the ring. */
  start: number
  length: number
  /** The completion as sent. */
  text: string
}

/** Replies remembered by body; `hits` counts the replies served from memory (for tests). */
export class ReplyMemo {
  /** Oldest first: their bodies lie in the ring in this order, from `head` on around. */
  private readonly entries = new Map<string, Entry>()
  private ring = Buffer.alloc(0)
  /** Where the next body is copied. */
  private head = 0
  hits = 0

  /** `capacity`: the bytes of the ring at most (it grows from 1 MiB as replies are kept, then wraps round). */
  constructor(private readonly capacity = 32 * 1024 * 1024) {}

  /** The reply to exactly this body, if it is remembered; `key` is the request's key (see callKey). */
  get(key: string, body: Buffer): string | undefined {
    const entry = this.entries.get(idOf(key, body))
    if (!entry || this.ring.compare(body, 0, body.length, entry.start, entry.start + entry.length) !== 0) return undefined
    this.hits++
    return entry.text
  }

  /** Remembers the reply to this body, forgetting the oldest replies whose bytes it overwrites. */
  set(key: string, body: Buffer, text: string): void {
    const room = body.length + 2 * text.length
    if (body.length === 0 || room > this.capacity) return
    const id = idOf(key, body)
    this.entries.delete(id)
    let at = this.head
    if (at + room > this.ring.length && this.ring.length < this.capacity) this.grow(at + room)
    if (at + room > this.ring.length) {
      // The body does not fit before the end: the bodies there are the oldest; start again at 0.
      this.forgetOldestWhile((e) => e.start >= at)
      at = 0
    }
    const end = at + room
    this.forgetOldestWhile((e) => e.start >= at && e.start < end)
    body.copy(this.ring, at)
    this.entries.set(id, { start: at, length: body.length, text })
    this.head = end
  }

  /** How many replies are remembered. */
  get size(): number {
    return this.entries.size
  }

  /** A larger ring with the bodies kept so far (all before `head`: it has not wrapped round yet). */
  private grow(needed: number): void {
    const ring = Buffer.allocUnsafeSlow(Math.min(this.capacity, Math.max(needed, 2 * this.ring.length, 1024 * 1024)))
    this.ring.copy(ring, 0, 0, this.head)
    this.ring = ring
  }

  private forgetOldestWhile(overwritten: (entry: Entry) => boolean): void {
    for (const [id, entry] of this.entries) {
      if (!overwritten(entry)) return
      this.entries.delete(id)
    }
  }
}

const idOf = (key: string, body: Buffer) => `${key}:${body.length}`
