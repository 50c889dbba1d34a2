import { isCaseView } from './case-view.js'

/*
 * What the terminal shows of the tests' console output (onConsoleLog in vitest.config.ts, in
 * Vitest's main process). Each benchmark worker warns once about what it meets (a model without a
 * price, an endpoint that serves another model): with two workers the same warning came twice.
 */

/** The prefix of the warnings orgbench writes to the console. */
const WARNING = '[orgbench] warning: '

/**
 * A filter for onConsoleLog: false (not shown on the terminal) for a case's full view, which the
 * viewers show in its test's Console tab, and for a warning already shown by another test or worker.
 */
export function terminalConsoleFilter(): (log: string) => boolean {
  const warned = new Set<string>()
  return (log) => {
    if (isCaseView(log)) return false
    if (!log.startsWith(WARNING)) return true
    const warning = log.trimEnd()
    if (warned.has(warning)) return false
    warned.add(warning)
    return true
  }
}
