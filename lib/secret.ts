import { inspect } from 'node:util'
import { registerSecret } from './redact.js'

const REDACTED = '[redacted]'

/**
 * Holds an API key so that it cannot leave memory by accident: JSON, string conversion and
 * util.inspect all print "[redacted]". Only `reveal()` returns the key, for the HTTP client.
 * Every key held in a Secret is also known to the redactor (lib/redact.ts).
 */
export class Secret {
  readonly #value: string
  constructor(value: string) {
    this.#value = value
    registerSecret(value)
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
