/*
 * A simulated reply is a pure function of the request body: the same body always gets the same
 * completion, byte for byte. A benchmark run sends many bodies more than once (the same prompt in
 * two topologies, the same candidate before a judge twice: about a sixth of the enterprise suite's
 * requests), so the simulator keeps the replies to the bodies it saw last, found by the request's
 * key (seed, model, hash of the messages) and the SHA-256 of the whole body (RequestBody.bodyDigest).
 *
 * Only digests and replies are kept. Keeping the bodies themselves (about 50 KB each) to compare
 * them byte for byte cost more than it saved on a machine where fresh memory is dear: their copies
 * touched tens of megabytes of new pages in every simulator, for a check that SHA-256 already makes.
 */

/** Replies remembered by body; `hits` counts the replies served from memory (for tests). */
export class ReplyMemo {
  /** Oldest first. */
  private readonly replies = new Map<string, string>()
  /** Characters of the replies kept. */
  private held = 0
  hits = 0

  /** `capacity`: the characters of the replies kept at most; the oldest are forgotten first. */
  constructor(private readonly capacity = 8 * 1024 * 1024) {}

  /** The reply to the body of this digest, if it is remembered; `key` is the request's key (see callKey). */
  get(key: string, bodyDigest: string): string | undefined {
    const text = this.replies.get(idOf(key, bodyDigest))
    if (text !== undefined) this.hits++
    return text
  }

  /** Remembers the reply to the body of this digest, forgetting the oldest replies beyond the capacity. */
  set(key: string, bodyDigest: string, text: string): void {
    if (text.length > this.capacity) return
    const id = idOf(key, bodyDigest)
    const old = this.replies.get(id)
    if (old !== undefined) {
      this.replies.delete(id)
      this.held -= old.length
    }
    this.replies.set(id, text)
    this.held += text.length
    for (const [oldest, reply] of this.replies) {
      if (this.held <= this.capacity) break
      this.replies.delete(oldest)
      this.held -= reply.length
    }
  }

  /** How many replies are remembered. */
  get size(): number {
    return this.replies.size
  }
}

const idOf = (key: string, bodyDigest: string) => `${key}:${bodyDigest}`
