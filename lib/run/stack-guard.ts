import { sourceLocations } from './bundle-stacks.js'

/*
 * In Vitest's main process (the global setup, the reporters), Vitest 4.1 keeps a module it read
 * from its module cache (experimental.fsModuleCache, set in vitest.config.ts) as a Buffer, and
 * Vite's stack formatter, installed as Error.prepareStackTrace, calls string methods on it. Any
 * stack with a frame in such a module then fails to format: reading `error.stack` throws
 * "TypeError: code.charCodeAt is not a function". An error thrown by the global setup is reported
 * as that TypeError instead of itself, and a module that reads a stack while it loads fails to
 * load. Without the cache, the project's one-case run starts about 0.4 s later.
 */

/** A stack formatter, as Error.prepareStackTrace takes it. */
export type Formatter = (error: Error, frames: NodeJS.CallSite[]) => unknown

/**
 * Makes the process's stack formatter, whichever is installed now or later, fall back to V8's
 * own format (without source maps) when it throws, so that the error being reported is still
 * what is reported, and name the source of each frame in the run's bundle (lib/run/bundle-stacks.ts).
 * With no formatter installed, V8 formats stacks itself, as before.
 */
export function guardStackFormatting(): void {
  let formatter = Error.prepareStackTrace as Formatter | undefined
  const guarded = (error: Error, frames: NodeJS.CallSite[]): unknown => {
    let stack: unknown
    try {
      stack = formatter!(error, frames)
    } catch {
      stack = plainStack(error, frames)
    }
    return typeof stack === 'string' ? sourceLocations(stack) : stack
  }
  Object.defineProperty(Error, 'prepareStackTrace', {
    configurable: true,
    get: () => (formatter ? guarded : undefined),
    set: (f: Formatter | undefined) => {
      formatter = f
    },
  })
}

/** A stack as V8 writes it: the error's own line, then a line per frame. */
export function plainStack(error: unknown, frames: readonly NodeJS.CallSite[]): string {
  let head: string
  try {
    head = String(error)
  } catch {
    head = 'Error'
  }
  return [head, ...frames.map((f) => `    at ${f}`)].join('\n')
}
