import type { z } from 'zod'

/** The value at `path` inside `value`, or undefined when it, or something on the way to it, is missing. */
export function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let at = value
  for (const key of path) {
    if (typeof at !== 'object' || at === null) return undefined
    at = (at as Record<PropertyKey, unknown>)[key]
  }
  return at
}

/**
 * What a schema issue says, with "missing; " before it when the input has no value there: zod's
 * own words for an absent field ("Invalid option: expected one of …") do not say it is absent.
 */
export function issueText(input: unknown, issue: Pick<z.core.$ZodIssue, 'path' | 'message'>): string {
  return `${issue.path.length > 0 && valueAt(input, issue.path) === undefined ? 'missing; ' : ''}${issue.message}`
}
