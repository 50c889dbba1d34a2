import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ENTRIES } from '../../lib/run/run-bundle.js'
import { tempDir } from './temp.js'

/**
 * A project root whose lib/run/bench-task.ts imports a module, a package of Node's and, lazily,
 * another module; the bundle's other entries are one line each.
 */
export function bundledProject(): string {
  const root = tempDir()
  mkdirSync(join(root, 'node_modules'))
  for (const source of Object.values(ENTRIES)) {
    mkdirSync(join(root, source, '..'), { recursive: true })
    writeFileSync(join(root, source), `export const name = ${JSON.stringify(source)}\n`)
  }
  writeFileSync(join(root, 'lib', 'run', 'bench-task.ts'), "import { basename } from 'node:path'\nimport { where } from '../where.js'\nexport const file = basename(where)\nexport const here: string = where\nexport const later = () => import('./later.js')\n")
  writeFileSync(join(root, 'lib', 'where.ts'), 'export const where: string = import.meta.url\n')
  writeFileSync(join(root, 'lib', 'run', 'later.ts'), 'export const ok = (n: number): number => n + 1\n')
  return root
}

