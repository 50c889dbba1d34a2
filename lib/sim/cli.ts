import { SIM_PROFILES } from './profiles.js'
import { type Simulator, startSimulator } from './server.js'
import { UserError } from '../errors.js'

/** Settings of the standalone simulator (`orgbench sim`). */
export interface SimCliOptions {
  host: string
  /** 0 picks a free port. */
  port: number
  latency: { fixedMs: number; jitterMs: number }
}

/** A rejected option value: says which flag, what was given and what is expected. */
export class SimCliError extends UserError {
  constructor(message: string) {
    super(message)
    this.name = 'SimCliError'
  }
}

/** Validates `orgbench sim` option values. Throws SimCliError naming the flag, the value and what is allowed. */
export function simOptions(values: { port?: string; host?: string; latency?: string }): SimCliOptions {
  const port = values.port ?? '0'
  if (!/^\d+$/.test(port) || Number(port) > 65_535) throw new SimCliError(`--port ${JSON.stringify(port)}: expected an integer from 0 to 65535`)
  const latency = values.latency ?? '0,0'
  const m = /^(\d+)(?:,(\d+))?$/.exec(latency)
  if (!m) throw new SimCliError(`--latency ${JSON.stringify(latency)}: expected "<fixed>" or "<fixed>,<jitter>" in milliseconds, e.g. "200,100"`)
  const host = values.host ?? '127.0.0.1'
  if (host.trim() === '') throw new SimCliError('--host "": expected an address such as 127.0.0.1')
  return { host, port: Number(port), latency: { fixedMs: Number(m[1]), jitterMs: Number(m[2] ?? 0) } }
}

/** What the standalone simulator prints once it listens: where it is and how to point the benchmark at it. */
export function simInstructions(url: string): string {
  return [
    `orgbench simulator listening on ${url}`,
    `Simulated models: ${Object.keys(SIM_PROFILES).join(', ')}. Results are labelled simulated.`,
    '',
    'Run the benchmark against it:',
    `  ORGBENCH_BASE_URL=${url} ORGBENCH_MODEL=sim-strong ORGBENCH_JUDGE_MODEL=sim-judge npx vitest run benchmarks/enterprise/`,
    '',
    'Stop it with Ctrl-C.',
  ].join('\n')
}

/** Why the simulator could not listen, naming the flag to change; null for an error that is not about the address. */
export function listenProblem(e: unknown, options: Pick<SimCliOptions, 'host' | 'port'>): SimCliError | null {
  const code = (e as NodeJS.ErrnoException).code
  const port = `--port ${options.port}`
  const host = `--host ${JSON.stringify(options.host)}`
  switch (code) {
    case 'EADDRINUSE':
      return new SimCliError(`${port}: address already in use on ${options.host} (pick another port, or leave --port out for a free one)`)
    case 'EACCES':
      return new SimCliError(`${port}: not allowed to listen on this port (ports below 1024 need privileges; pick another, or leave --port out for a free one)`)
    case 'EADDRNOTAVAIL':
      return new SimCliError(`${host}: not an address of this machine (use 127.0.0.1, or 0.0.0.0 for every interface)`)
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new SimCliError(`${host}: no such host (use an address such as 127.0.0.1)`)
    default:
      return null
  }
}

/** Where the CLI listens for stop signals; `process` in production, an EventEmitter in tests. */
export interface SignalSource {
  once(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown
  off(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown
}

export interface RunningSim {
  simulator: Simulator
  /** Resolves with the signal name once the simulator has stopped. */
  stopped: Promise<string>
}

/**
 * Starts the simulator with validated options, prints its URL and usage, and stops it on
 * SIGINT or SIGTERM.
 */
export async function runSimCli(options: SimCliOptions, io: { log: (text: string) => void; signals: SignalSource }): Promise<RunningSim> {
  let simulator: Simulator
  try {
    simulator = await startSimulator({ host: options.host, port: options.port, latency: options.latency })
  } catch (e) {
    throw listenProblem(e, options) ?? e
  }
  io.log(simInstructions(simulator.url))
  const stopped = new Promise<string>((resolve) => {
    const stop = (signal: string) => {
      io.signals.off('SIGINT', onInt)
      io.signals.off('SIGTERM', onTerm)
      void simulator.close().then(() => resolve(signal))
    }
    const onInt = () => stop('SIGINT')
    const onTerm = () => stop('SIGTERM')
    io.signals.once('SIGINT', onInt)
    io.signals.once('SIGTERM', onTerm)
  })
  return { simulator, stopped }
}
