import { execFileSync } from 'node:child_process'
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { leftOutOfClone, leftOutWarnings } from '../../../lib/ci/local/left-out.js'
import { repoWith } from '../../support/repo.js'

/** A repository whose working tree differs from its HEAD in every way a fresh clone leaves out. */
function changedRepo(): string {
  const repo = repoWith({ '.gitignore': '.env\nscratch/\n', 'edited.ts': 'committed\n', 'staged.ts': 'committed\n', 'deleted.ts': 'x\n', 'old name.ts': 'y\n', '.github/workflows/wf.yml': 'on: push\n' })
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo })
  writeFileSync(join(repo, 'edited.ts'), 'changed\n')
  writeFileSync(join(repo, 'staged.ts'), 'changed\n')
  writeFileSync(join(repo, 'added.ts'), 'new\n')
  git('add', 'staged.ts', 'added.ts')
  rmSync(join(repo, 'deleted.ts'))
  git('mv', 'old name.ts', 'new name.ts')
  writeFileSync(join(repo, '.github/workflows/wf.yml'), 'on: pull_request\n')
  writeFileSync(join(repo, 'forgotten.ts'), 'never added\n')
  writeFileSync(join(repo, '.env.local'), 'KEY=not-ignored\n')
  writeFileSync(join(repo, '.env'), 'KEY=ignored\n')
  mkdirSync(join(repo, 'scratch'))
  writeFileSync(join(repo, 'scratch', 'notes.md'), 'ignored\n')
  return repo
}

describe('what a fresh clone of HEAD leaves out', () => {
  test('every uncommitted change to a tracked file (edited, staged, added, deleted, renamed) and every untracked file that is not ignored', () => {
    const left = leftOutOfClone(changedRepo())
    expect([...left.uncommitted].sort()).toEqual(['.github/workflows/wf.yml', 'added.ts', 'deleted.ts', 'edited.ts', 'new name.ts', 'old name.ts', 'staged.ts'])
    expect([...left.untracked].sort()).toEqual(['.env.local', 'forgotten.ts'])
  })

  test('nothing in a repository whose working tree is its HEAD (ignored files are left out on purpose)', () => {
    const repo = repoWith({ '.gitignore': '.env\n', 'a.ts': 'a\n' })
    writeFileSync(join(repo, '.env'), 'KEY=ignored\n')
    expect(leftOutOfClone(repo)).toEqual({ uncommitted: [], untracked: [] })
    expect(leftOutWarnings(leftOutOfClone(repo))).toEqual([])
  })

  test('a file name with spaces or other characters git would quote is named as it is', () => {
    const repo = repoWith({ 'a.ts': 'a\n' })
    writeFileSync(join(repo, 'notes "draft" é.md'), 'x\n')
    renameSync(join(repo, 'a.ts'), join(repo, 'b c.ts'))
    expect(leftOutOfClone(repo)).toEqual({ uncommitted: ['a.ts'], untracked: ['b c.ts', 'notes "draft" é.md'] })
  })
})

describe('the warnings ci local prints', () => {
  test('name the untracked files and the files with uncommitted changes, the workflows read from the working tree said so', () => {
    expect(leftOutWarnings({ untracked: ['a.ts', 'b.ts', '.env.local'], uncommitted: ['lib/x.ts', '.github/workflows/benchmark.yml'] })).toEqual([
      "3 untracked files are not in the jobs' workspace, as on GitHub (git add and commit them to test them): a.ts, b.ts, .env.local",
      "2 files have uncommitted changes that are not in the jobs' workspace, which holds the committed HEAD as a fresh clone on GitHub does: lib/x.ts, .github/workflows/benchmark.yml; the workflows themselves are read as they are in the working tree",
    ])
  })

  test('one file is spoken of in the singular; past the number shown, how many more', () => {
    expect(leftOutWarnings({ untracked: ['a.ts'], uncommitted: ['x.ts'] })).toEqual([
      "1 untracked file is not in the jobs' workspace, as on GitHub (git add and commit it to test it): a.ts",
      "1 file has uncommitted changes that are not in the jobs' workspace, which holds the committed HEAD as a fresh clone on GitHub does: x.ts",
    ])
    expect(leftOutWarnings({ untracked: ['a', 'b', 'c', 'd'], uncommitted: [] }, 2)).toEqual(["4 untracked files are not in the jobs' workspace, as on GitHub (git add and commit them to test them): a, b and 2 more"])
  })
})
