/**
 * An `--import` argument for a child Node process that writes `line` to its stdout each time it
 * resolves a specifier for which `matches` (JavaScript over the specifier `s`) is true. The hook runs
 * on Node's hooks thread, whose process.stdout reaches the pipe late (Node 22): it writes to fd 1
 * directly, so the line keeps its place among the main thread's.
 */
export function resolutionReporter(matches: string, line: string): string {
  const report = `import { writeSync } from 'node:fs'; export async function resolve(s, c, next) { if (${matches}) writeSync(1, ${JSON.stringify(`${line}\n`)}); return next(s, c) }`
  return `data:text/javascript,${encodeURIComponent(`import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(report)}`)})`)}`
}
