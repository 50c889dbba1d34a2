import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { gitCommit, readHead } from '../../lib/run/git-commit.js'
import { sharedTempDir } from '../support/temp.js'

const root = sharedTempDir('orgbench-git-commit-')

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } }).toString().trim()

function repo(name: string): string {
  const dir = join(root, name)
  mkdirSync(dir)
  git(dir, 'init', '-q', '-b', 'main')
  writeFileSync(join(dir, 'a.txt'), 'one\n')
  git(dir, 'add', '.')
  git(dir, 'commit', '-q', '-m', 'one')
  return dir
}

describe('gitCommit', () => {
  it('reads a branch checked out in a fresh repository, from the root and from a folder below it', () => {
    const dir = repo('fresh')
    mkdirSync(join(dir, 'sub'))
    expect(readHead(dir)).toBe(git(dir, 'rev-parse', 'HEAD'))
    expect(readHead(join(dir, 'sub'))).toBe(git(dir, 'rev-parse', 'HEAD'))
  })

  it('reads a branch whose ref is packed, and the loose ref once a commit moves it again', () => {
    const dir = repo('packed')
    git(dir, 'pack-refs', '--all')
    expect(readHead(dir)).toBe(git(dir, 'rev-parse', 'HEAD'))
    writeFileSync(join(dir, 'a.txt'), 'two\n')
    git(dir, 'commit', '-q', '-am', 'two')
    expect(readHead(dir)).toBe(git(dir, 'rev-parse', 'HEAD'))
  })

  it('reads a detached HEAD', () => {
    const dir = repo('detached')
    const first = git(dir, 'rev-parse', 'HEAD')
    writeFileSync(join(dir, 'a.txt'), 'two\n')
    git(dir, 'commit', '-q', '-am', 'two')
    git(dir, 'checkout', '-q', first)
    expect(readHead(dir)).toBe(first)
  })

  it('reads a linked worktree on its own branch', () => {
    const dir = repo('main-tree')
    const linked = join(root, 'linked-tree')
    git(dir, 'worktree', 'add', '-q', '-b', 'side', linked)
    writeFileSync(join(linked, 'a.txt'), 'side\n')
    git(linked, 'commit', '-q', '-am', 'side')
    expect(readHead(linked)).toBe(git(linked, 'rev-parse', 'HEAD'))
    expect(readHead(linked)).not.toBe(readHead(dir))
  })

  it('leaves what it cannot read plainly to git: a branch with no commit yet, outside any repository', () => {
    const empty = join(root, 'empty')
    mkdirSync(empty)
    git(empty, 'init', '-q', '-b', 'main')
    expect(readHead(empty)).toBeNull()
    expect(gitCommit(empty)).toBeNull()
    // Directories under the temporary folder belong to no repository (unless the machine's /tmp sits in one).
    const outside = mkdtempSync(join(tmpdir(), 'orgbench-no-git-'))
    try {
      let inRepo = true
      try {
        git(outside, 'rev-parse', 'HEAD')
      } catch {
        inRepo = false
      }
      if (!inRepo) expect(gitCommit(outside)).toBeNull()
    } finally {
      rmSync(outside, { recursive: true, force: true })
    }
  })

  it('gives what git gives for this project', () => {
    let expected: string | null = null
    try {
      expected = git(process.cwd(), 'rev-parse', 'HEAD')
    } catch {
      // A copy of the project outside git (an unpacked archive): no commit to record.
    }
    expect(gitCommit(process.cwd())).toBe(expected)
  })
})
