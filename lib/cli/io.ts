/** Where a command writes: standard output for results, standard error for problems. Tests capture both. */
export interface CliIO {
  out(text: string): void
  err(text: string): void
}

export const consoleIO: CliIO = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
}
