import { readdirSync, readFileSync } from 'node:fs'
import { statCpuMs } from './proc-stat.js'

/*
 * CPU time by thread of a running process, from /proc (Linux). A Vitest run's main thread, its
 * worker threads and the threads V8 and libuv run beside them (garbage collection, optimising
 * compiles, file system work) all belong to one process, whose total says nothing of which of them
 * sets the pace. Threads end before the process does, so a sampler reads them while it runs and
 * keeps what each had used when last seen.
 */

/** Often enough that a thread's last interval, which a sampler cannot see, stays small against a run of seconds. */
const SAMPLE_MS = 50

/** A run's CPU (ms) by kind of thread. */
export interface ThreadSplit {
  /** The process's first thread: for Vitest, the main process's own work (reporters, the run coordinator). */
  mainMs: number
  /** The busiest other thread: with one Vitest worker, that worker. */
  busiestMs: number
  /** Every other thread: V8's background threads, libuv's, and any further worker. */
  othersMs: number
}

/** The split of CPU by thread, from each thread's CPU (ms) by thread id; `pid` is the main thread's id. */
export function splitThreads(cpuByThread: ReadonlyMap<number, number>, pid: number): ThreadSplit {
  let mainMs = 0
  let busiestMs = 0
  let othersMs = 0
  for (const [tid, ms] of cpuByThread) {
    if (tid === pid) mainMs = ms
    else if (ms > busiestMs) {
      othersMs += busiestMs
      busiestMs = ms
    } else othersMs += ms
  }
  return { mainMs, busiestMs, othersMs }
}

/** Reads each thread's CPU of process `pid` every SAMPLE_MS until stopped. */
export class ThreadSampler {
  private readonly seen = new Map<number, number>()
  private readonly timer: NodeJS.Timeout

  constructor(private readonly pid: number) {
    this.sample()
    this.timer = setInterval(() => this.sample(), SAMPLE_MS)
  }

  /** Stops sampling: the split as last seen, or null when /proc could not be read. */
  stop(): ThreadSplit | null {
    clearInterval(this.timer)
    return this.seen.size > 0 ? splitThreads(this.seen, this.pid) : null
  }

  private sample(): void {
    let tids: string[]
    try {
      tids = readdirSync(`/proc/${this.pid}/task`)
    } catch {
      return // no /proc, or the process has ended: what was seen stays
    }
    for (const tid of tids) {
      let line: string
      try {
        line = readFileSync(`/proc/${this.pid}/task/${tid}/stat`, 'utf8')
      } catch {
        continue // the thread ended between the listing and the read
      }
      const ms = statCpuMs(line)
      const id = Number(tid)
      if (ms !== null && ms >= (this.seen.get(id) ?? 0)) this.seen.set(id, ms)
    }
  }
}
