import { existsSync, readFileSync } from 'node:fs'
import { parseEnv } from 'node:util'

/**
 * The variables of a .env file, {} when there is none. A leading UTF-8 byte-order mark, as some
 * Windows editors save one, is dropped: it would otherwise become part of the first variable's name,
 * and that setting would be silently ignored. A file that cannot be read throws the file system's
 * error. Imports nothing heavy: vitest.config.ts reads it before anything else.
 */
export function parseDotEnv(file: string): Record<string, string> {
  if (!existsSync(file)) return {}
  return parseEnv(readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) as Record<string, string>
}
