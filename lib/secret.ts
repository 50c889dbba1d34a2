import { inspect } from 'node:util'
import { registerSecret } from './redact.js'

const REDACTED = '[redacted]'

/**
 * What is sent as the key when none is configured (the simulator, a local server that needs none).
 * It is public text, not a secret: a reply may quote it like any other words.
 */
export const NO_KEY = 'no-key-needed'

/**
 * Holds an API key so that it cannot leave memory by accident: JSON, string conversion and
 * util.inspect all print "[redacted]". Only `reveal()` returns the key, for the HTTP client.
 * Every key held in a Secret, except the placeholder NO_KEY, is also known to the redactor (lib/redact.ts).
 */
export class Secret {
  readonly #value: string
  constructor(value: string) {
    this.#value = value
    if (value !== NO_KEY) registerSecret(value)
  }
  reveal(): string {
    return this.#value
  }
  toJSON(): string {
    return REDACTED
  }
  toString(): string {
    return REDACTED
  }
  [inspect.custom](): string {
    return REDACTED
  }
}
