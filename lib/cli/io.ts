/** Where a command writes: standard output for results, standard error for problems. Tests capture both. */
export interface CliIO {
  out(text: string): void
  err(text: string): void
}

/**
 * A reader that stops early (`orgbench tasks | head`) closes the pipe: that ends the output, it is
 * not an error worth a stack trace.
 */
function quietOnClosedPipe(stream: NodeJS.WriteStream): NodeJS.WriteStream {
  if (stream.listenerCount('error') === 0) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0)
      throw e
    })
  }
  return stream
}

export const consoleIO: CliIO = {
  out: (text) => quietOnClosedPipe(process.stdout).write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => quietOnClosedPipe(process.stderr).write(text.endsWith('\n') ? text : `${text}\n`),
}
