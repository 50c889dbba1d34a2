import { setFlagsFromString } from 'node:v8'

/*
 * V8 optimises a function once it has run enough: a budget of bytecode (V8 11, Node 20) or a number
 * of calls (V8 12 and later, Node 22). A benchmark run is short, and most of its code runs a few
 * hundred times per worker, so at V8's defaults a simulated enterprise suite spent about 1.8 s of CPU
 * in some 560 optimising compiles, a quarter of its CPU, mostly on functions that never paid it back.
 * Asking for more runs before optimising saved about 9 % of the suite's CPU at three trials and 6 %
 * at nine (paired runs, docs/performance.md). The price is a slower steady state: code that runs
 * once per call is optimised later, so a process making many thousands of calls gains less. Results
 * do not change: optimisation never changes what code does.
 */

/** The V8 flag that raises the optimisation threshold for this V8 version, or null when it is not known. */
export function tieringFlag(v8Version: string): string | null {
  const major = Number.parseInt(v8Version, 10)
  if (!Number.isFinite(major)) return null
  // V8 11: optimise after 4 × the default interrupt budget (67,584 bytes of bytecode); 8 × saved
  // about 2 % less CPU and made the steady state slower.
  if (major === 11) return '--interrupt-budget=270336'
  // V8 12 and 13: optimise after 4 × the default number of calls for TurboFan (3,000).
  if (major === 12 || major === 13) return '--invocation-count-for-turbofan=12000'
  return null
}

/**
 * Raises the threshold for this process. V8 flags are per process and cannot be given to worker
 * threads, so this runs in Vitest's main process before any worker starts (vitest.config.ts); the
 * workers inherit it. An unknown V8 version is left alone rather than given a flag it would reject.
 */
export function tuneTiering(v8Version: string = process.versions.v8): string | null {
  const flag = tieringFlag(v8Version)
  if (flag) setFlagsFromString(flag)
  return flag
}

/**
 * The flag as arguments for a forked process (Vitest's forks pool), which starts a V8 of its own and
 * inherits nothing of this one's.
 */
export function tieringArgv(v8Version: string = process.versions.v8): string[] {
  const flag = tieringFlag(v8Version)
  return flag ? [flag] : []
}
