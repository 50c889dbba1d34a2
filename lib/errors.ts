/**
 * A problem with what the user gave us (a setting, a file, a flag), as opposed to a bug. Commands
 * print its message alone, without a stack trace, and exit with status 2. The message must say
 * what was wrong, where (file, variable or flag) and what was expected.
 */
export class UserError extends Error {
  override name = 'UserError'
}

/** True for errors a command reports as a user problem (no stack trace, exit 2). */
export function isUserError(e: unknown): e is Error {
  return e instanceof UserError
}
