/**
 * Counts the reads of the content of messages made of parts (lib/llm/parts-message.ts): each such
 * message's content getter is wrapped, so that a test can show that nothing on a call's way to the
 * endpoint joins its parts. Other messages are left alone; `watched` is how many were wrapped.
 */
export function contentReads(): { watch(messages: readonly object[]): void; reads: number; watched: number } {
  const counter = {
    reads: 0,
    watched: 0,
    watch(messages: readonly object[]) {
      for (const m of messages) {
        const d = Object.getOwnPropertyDescriptor(m, 'content')
        if (!d?.get) continue
        const get = d.get
        counter.watched++
        Object.defineProperty(m, 'content', {
          ...d,
          get() {
            counter.reads++
            return get.call(this) as unknown
          },
        })
      }
    },
  }
  return counter
}
