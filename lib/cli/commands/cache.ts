import { resolve } from 'node:path'
import { InvalidArgumentError, Option } from 'commander'
import { loadConfig } from '../../config.js'
import { cacheStats, pruneCache } from '../../llm/cache-admin.js'
import type { CommandModule } from '../program.js'

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`

/** Parses an age such as "30d", "12h" or "90m" into milliseconds. */
export function ageOption(value: string): number {
  const m = /^(\d+)([dhm])$/.exec(value.trim())
  if (!m) throw new InvalidArgumentError('expected an age such as 30d, 12h or 90m')
  return Number(m[1]) * { d: 86_400_000, h: 3_600_000, m: 60_000 }[m[2] as 'd' | 'h' | 'm']
}

/** `orgbench cache stats|prune|clear`: the response cache in ORGBENCH_CACHE_DIR. */
export const cacheCommand: CommandModule = (parent, ctx) => {
  const cache = parent
    .command('cache')
    .helpCommand(false)
    .description('look after the response cache (ORGBENCH_CACHE_DIR, default .orgbench/cache): stats, prune, clear; only the reply logs the cache wrote count and go, nothing else in the folder')
  const dir = () => resolve(loadConfig().cacheDir)

  cache
    .command('stats')
    .description('how many replies the cache holds, their size and age')
    .action(() => {
      const s = cacheStats(dir())
      ctx.io.out(`${s.dir}: ${s.replies} replies from ${s.runs.length} run(s), ${mb(s.bytes)}`)
      for (const r of s.runs) ctx.io.out(`  ${r.run}: ${r.replies} replies, ${mb(r.bytes)}, last stored ${r.lastWrite.toISOString()}`)
    })

  cache
    .command('prune')
    .description('remove the replies of runs that stored their last one longer ago than --older-than')
    .addOption(new Option('--older-than <age>', 'age such as 30d, 12h or 90m').argParser(ageOption).default(ageOption('30d'), '30d'))
    .action((values: { olderThan: number }) => {
      const { runs, replies, bytes } = pruneCache(dir(), new Date(Date.now() - values.olderThan))
      ctx.io.out(`removed ${replies} replies of ${runs} run(s) (${mb(bytes)}) from ${dir()}`)
    })

  cache
    .command('clear')
    .description('remove every reply the cache stored')
    .action(() => {
      const { runs, replies, bytes } = pruneCache(dir(), new Date(8.64e15))
      ctx.io.out(`removed ${replies} replies of ${runs} run(s) (${mb(bytes)}) from ${dir()}`)
    })
}
