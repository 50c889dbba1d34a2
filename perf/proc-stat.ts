/* The lines of /proc/<pid>/stat and /proc/<pid>/task/<tid>/stat (Linux, proc(5)), read by the perf checks. */

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
export const TICKS_PER_SECOND = 100

/**
 * The fields of a /proc stat line (`pid (comm) state …`) after the command name, state first, so
 * that field n of proc(5) is at index n − 3; null when it is not such a line. The name may hold
 * spaces and parentheses: the fields start after its last ") ".
 */
export function statFields(line: string): string[] | null {
  const at = line.lastIndexOf(') ')
  return at === -1 ? null : line.slice(at + 2).split(' ')
}

/** user + system CPU (ms) of a /proc stat line; null when it is not one. */
export function statCpuMs(line: string): number | null {
  const fields = statFields(line)
  // utime and stime are fields 14 and 15.
  const ticks = fields ? Number(fields[11]) + Number(fields[12]) : Number.NaN
  return Number.isFinite(ticks) ? (ticks * 1000) / TICKS_PER_SECOND : null
}
