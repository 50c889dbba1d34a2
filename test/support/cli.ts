import { runCli } from '../../lib/cli/program.js'

/** Runs `orgbench <argv>` in this process; returns its exit status and what it wrote to each stream. */
export async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = []
  const err: string[] = []
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) })
  return { code, out: out.join('\n'), err: err.join('\n') }
}
