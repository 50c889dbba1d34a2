import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { tempDir } from './temp.js'

/** A fresh git repository (branch main, removed when the test finishes) whose one commit holds `files`, by path. */
export function repoWith(files: Record<string, string>): string {
  const repo = tempDir()
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: repo })
  git('init', '-q', '-b', 'main')
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(repo, path)), { recursive: true })
    writeFileSync(join(repo, path), content)
  }
  git('add', '.')
  git('commit', '-qm', 'init')
  return repo
}
