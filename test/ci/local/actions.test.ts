import { execFileSync } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { emulate } from '../../../lib/ci/local/actions.js'
import { repoWith } from '../../support/repo.js'
import { tempDir } from '../../support/temp.js'

function place() {
  const root = tempDir()
  const ws = join(root, 'ws')
  const artifacts = join(root, 'artifacts')
  mkdirSync(ws)
  mkdirSync(artifacts)
  return { ws, artifacts, repo: root, remote: join(root, 'remote.git') }
}

test('checkout gives the job what a fresh clone gives: the committed HEAD, without uncommitted changes or untracked files, ignored or not; its origin is the local bare repository', () => {
  const repo = repoWith({ '.gitignore': '.env\n', 'edited.ts': 'committed\n', 'staged.ts': 'committed\n', 'deleted.ts': 'committed\n' })
  writeFileSync(join(repo, 'edited.ts'), 'changed\n')
  writeFileSync(join(repo, 'staged.ts'), 'changed\n')
  execFileSync('git', ['add', 'staged.ts'], { cwd: repo })
  rmSync(join(repo, 'deleted.ts'))
  writeFileSync(join(repo, 'forgotten.ts'), 'never added\n')
  writeFileSync(join(repo, '.env.local'), 'KEY=not-ignored\n')
  writeFileSync(join(repo, '.env'), 'KEY=ignored\n')
  const root = tempDir()
  const ws = join(root, 'jobs', 'plan-1')
  const remote = join(root, 'remote.git')
  expect(emulate('actions/checkout@v4', { 'persist-credentials': 'false' }, { ws, artifacts: join(root, 'artifacts'), repo, remote })).toEqual({ ok: true, outcome: 'emulated', outputs: {}, note: 'fresh clone of the committed HEAD; origin is the local bare repository; no credentials kept' })
  expect(readdirSync(ws).filter((n) => n !== '.git').sort()).toEqual(['.gitignore', 'deleted.ts', 'edited.ts', 'staged.ts'])
  for (const file of ['edited.ts', 'staged.ts', 'deleted.ts']) expect(readFileSync(join(ws, file), 'utf8'), file).toBe('committed\n')
  expect(execFileSync('git', ['status', '--porcelain', '--ignored'], { cwd: ws, encoding: 'utf8' })).toBe('')
  expect(execFileSync('git', ['remote', 'get-url', 'origin'], { cwd: ws, encoding: 'utf8' }).trim()).toBe(remote)
})

test('upload-artifact roots an artifact at the folder its paths share; download by pattern merges or keeps them apart', () => {
  const p = place()
  mkdirSync(join(p.ws, 'out', 'models', 'a'), { recursive: true })
  writeFileSync(join(p.ws, 'out', 'models', 'a', 'x.json'), '1')
  writeFileSync(join(p.ws, 'out', 'overview.md'), '# o')
  expect(emulate('actions/upload-artifact@v4', { name: 'one', path: 'out/models/\nout/overview.md' }, p)).toMatchObject({ ok: true, outcome: 'emulated' })
  expect(readFileSync(join(p.artifacts, 'one', 'models', 'a', 'x.json'), 'utf8')).toBe('1')
  expect(emulate('actions/upload-artifact@v4', { name: 'one', path: 'out/' }, p)).toMatchObject({ ok: false, note: 'artifact one already exists' })
  expect(emulate('actions/upload-artifact@v4', { name: 'two', path: 'out/models/', overwrite: 'true' }, p).ok).toBe(true)
  expect(emulate('actions/download-artifact@v4', { pattern: 't*', path: 'merged', 'merge-multiple': 'true' }, p).note).toBe('1 artifact(s) into merged')
  expect(readFileSync(join(p.ws, 'merged', 'a', 'x.json'), 'utf8')).toBe('1')
  emulate('actions/download-artifact@v4', { pattern: '*', path: 'apart' }, p)
  expect(readFileSync(join(p.ws, 'apart', 'one', 'overview.md'), 'utf8')).toBe('# o')
  expect(emulate('actions/download-artifact@v4', { name: 'missing' }, p)).toMatchObject({ ok: false, note: 'no artifact named missing' })
})

test('an upload with no files warns, or fails when asked to; other actions cannot run here', () => {
  const p = place()
  expect(emulate('actions/upload-artifact@v4', { name: 'n', path: 'nothing/' }, p)).toMatchObject({ ok: true, note: 'no files for artifact n' })
  expect(emulate('actions/upload-artifact@v4', { name: 'n', path: 'nothing/', 'if-no-files-found': 'error' }, p).ok).toBe(false)
  expect(emulate('docker/build-push-action@v6', {}, p)).toMatchObject({ ok: false, outcome: 'not-runnable' })
})

test('upload-artifact leaves out hidden files and folders, a listed hidden folder too, unless include-hidden-files is true', () => {
  const p = place()
  mkdirSync(join(p.ws, '.vitest-reports'), { recursive: true })
  writeFileSync(join(p.ws, '.vitest-reports', 'blob-1.json'), 'b')
  mkdirSync(join(p.ws, 'journal'), { recursive: true })
  writeFileSync(join(p.ws, 'journal', 'a.jsonl'), 'j')
  writeFileSync(join(p.ws, 'journal', '.tmp'), 't')
  expect(emulate('actions/upload-artifact@v4', { name: 'blob', path: '.vitest-reports/' }, p)).toMatchObject({ ok: true, note: 'no files for artifact blob' })
  emulate('actions/upload-artifact@v4', { name: 'journal', path: 'journal/' }, p)
  expect(readdirSync(join(p.artifacts, 'journal'))).toEqual(['a.jsonl'])
  emulate('actions/upload-artifact@v4', { name: 'blob', path: '.vitest-reports/', 'include-hidden-files': 'true' }, p)
  expect(readdirSync(join(p.artifacts, 'blob'))).toEqual(['blob-1.json'])
})

test('several listed paths root the artifact at the folder they share even when one of them found nothing', () => {
  const p = place()
  mkdirSync(join(p.ws, '.vitest-reports'), { recursive: true })
  writeFileSync(join(p.ws, '.vitest-reports', 'blob-1.json'), 'b')
  emulate('actions/upload-artifact@v4', { name: 'blob', path: '.vitest-reports/\n.vitest/attachments/', 'include-hidden-files': 'true' }, p)
  expect(readFileSync(join(p.artifacts, 'blob', '.vitest-reports', 'blob-1.json'), 'utf8')).toBe('b')
})

test('the Pages site is an artifact named as asked (github-pages by default) that cannot be replaced; deploy-pages deploys the one it names', () => {
  const p = place()
  mkdirSync(join(p.ws, 'site'))
  writeFileSync(join(p.ws, 'site', 'index.html'), '<p>')
  expect(emulate('actions/deploy-pages@v4', {}, p)).toMatchObject({ ok: false, note: 'no artifact named github-pages to deploy' })
  expect(emulate('actions/upload-pages-artifact@v3', { path: 'site/' }, p).note).toBe('artifact github-pages')
  expect(emulate('actions/upload-pages-artifact@v3', { path: 'site/' }, p)).toMatchObject({ ok: false, note: 'artifact github-pages already exists' })
  expect(emulate('actions/upload-pages-artifact@v3', { name: 'github-pages-2', path: 'site/' }, p).ok).toBe(true)
  expect(emulate('actions/deploy-pages@v4', {}, p).outputs.page_url).toBe(`file://${join(p.artifacts, 'github-pages', 'index.html')}`)
  expect(emulate('actions/deploy-pages@v4', { artifact_name: 'github-pages-2' }, p).outputs.page_url).toBe(`file://${join(p.artifacts, 'github-pages-2', 'index.html')}`)
})
