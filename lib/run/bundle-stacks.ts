import { readFileSync } from 'node:fs'
import { SourceMap, type SourceMapPayload } from 'node:module'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { BUNDLE_PATH_MARK } from './run-bundle.js'

/**
 * A location in a file of the run's bundle (lib/run/run-bundle.ts) as a stack shows it: path or
 * file URL, line, column.
 */
const BUNDLE_LOCATION = new RegExp(String.raw`(?:file://)?([^\s()'"]*${BUNDLE_PATH_MARK.replaceAll('.', '\\.')}[^\s()'":]+\.mjs):(\d+):(\d+)`, 'g')

/** Each bundle file's source map, read once; null when it has none. */
const maps = new Map<string, SourceMap | null>()

function mapOf(file: string): SourceMap | null {
  let map = maps.get(file)
  if (map === undefined) {
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')) as SourceMapPayload)
    } catch {
      map = null
    }
    maps.set(file, map)
  }
  return map
}

/**
 * `stack` with each location in the run's bundle replaced by its source file, line and column,
 * from the bundle's source maps; a location that cannot be mapped stays as it is. Vite's stack
 * formatter in Vitest's main process leaves such frames alone (Node's --enable-source-maps does
 * not apply under it), so an error of the global setup or a reporter would name bundle files.
 */
export function sourceLocations(stack: string): string {
  if (!stack.includes(BUNDLE_PATH_MARK)) return stack
  return stack.replace(BUNDLE_LOCATION, (whole, file: string, line: string, column: string) => {
    const found = mapOf(file)?.findEntry(Number(line) - 1, Number(column) - 1)
    if (!found || !('originalSource' in found)) return whole
    const source = found.originalSource.startsWith('file:') ? fileURLToPath(found.originalSource) : resolve(dirname(file), found.originalSource)
    return `${source}:${found.originalLine + 1}:${found.originalColumn + 1}`
  })
}
