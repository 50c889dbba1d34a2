import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs'
import { basename, dirname, join, relative, resolve } from 'node:path'

/*
 * The official actions the workflows use, emulated with local folders for lib/ci/local/run.ts:
 * checkout (a fresh clone of the committed HEAD whose origin is a local bare repository), setup-node (the running Node),
 * upload/download-artifact and upload-pages-artifact (a folder per artifact), deploy-pages (kept,
 * not deployed). Anything else is reported as not runnable here.
 */

/** What a step of the run saw. */
export interface StepOutcome {
  ok: boolean
  outcome: 'success' | 'failure' | 'emulated' | 'not-runnable'
  outputs: Record<string, string>
  note?: string
}

/** Where an emulated action works: the job's workspace, the artifacts folder, the repository and its local remote. */
export interface ActionPlace {
  ws: string
  artifacts: string
  repo: string
  remote: string
}

function globToRegex(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`)
}

const hidden = (path: string) => basename(path).startsWith('.')

/** Copies a folder's contents; `skipHidden` leaves out every file and folder whose name starts with a dot, as upload-artifact does by default. */
function copyInto(from: string, to: string, skipHidden = false): void {
  mkdirSync(to, { recursive: true })
  for (const name of readdirSync(from)) {
    if (skipHidden && hidden(name)) continue
    cpSync(join(from, name), join(to, name), { recursive: true, filter: (src) => !skipHidden || !hidden(src) })
  }
}

/**
 * The artifact's root, as upload-artifact roots it: the longest folder that all the listed paths
 * share, whether or not each exists (a path that found nothing still counts); one file alone is
 * rooted at its folder.
 */
function artifactRoot(paths: readonly string[]): string {
  const parts = paths.map((p) => resolve(p).split('/'))
  const first = parts[0]!
  let n = 0
  while (n < first.length && parts.every((p) => p[n] === first[n])) n++
  const root = first.slice(0, n).join('/') || '/'
  return paths.length === 1 && existsSync(paths[0]!) && !statSync(paths[0]!).isDirectory() ? dirname(root) : root
}

/** Runs git; a failure throws with git's message. */
export function git(cwd: string, args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`)
  return r.stdout
}

/** Stands in for npm ci: the repository's node_modules, linked. */
export function linkNodeModules(repo: string, ws: string): void {
  const target = join(ws, 'node_modules')
  if (!existsSync(target)) symlinkSync(join(repo, 'node_modules'), target)
}

/** Runs one `uses:` step (see the module comment). */
export function emulate(uses: string, withs: Record<string, string>, e: ActionPlace): StepOutcome {
  const action = uses.replace(/@.*$/, '')
  const ok = (note: string, outputs: Record<string, string> = {}): StepOutcome => ({ ok: true, outcome: 'emulated', outputs, note })
  switch (action) {
    case 'actions/checkout': {
      // What a fresh clone on GitHub holds: the committed HEAD only (lib/ci/local/left-out.ts names what it leaves out), pushing to a local bare repository.
      mkdirSync(dirname(e.ws), { recursive: true })
      git(dirname(e.ws), ['clone', '-q', '--shared', e.repo, e.ws])
      git(e.ws, ['remote', 'set-url', 'origin', e.remote])
      return ok(`fresh clone of the committed HEAD; origin is the local bare repository${withs['persist-credentials'] === 'false' ? '; no credentials kept' : ''}`)
    }
    case 'actions/setup-node':
      return ok(`the Node running this (${process.version}) stands in for Node ${withs['node-version'] ?? '?'}`)
    case 'actions/upload-artifact':
    case 'actions/upload-pages-artifact': {
      const name = withs.name || (action === 'actions/upload-pages-artifact' ? 'github-pages' : 'artifact')
      const listed = (withs.path ?? '').split('\n').map((p) => p.trim()).filter(Boolean).map((p) => resolve(e.ws, p))
      // upload-artifact leaves out hidden files and folders (a name starting with a dot), a listed folder included, unless include-hidden-files is true.
      const skipHidden = action === 'actions/upload-artifact' && withs['include-hidden-files'] !== 'true'
      const paths = listed.filter((p) => existsSync(p) && !(skipHidden && hidden(p)))
      const dest = join(e.artifacts, name)
      if (paths.length === 0) {
        const fail = withs['if-no-files-found'] === 'error'
        return { ok: !fail, outcome: fail ? 'failure' : 'emulated', outputs: {}, note: `no files for artifact ${name}` }
      }
      // A name is taken for the whole workflow run, re-runs included; upload-pages-artifact has no overwrite input.
      if (existsSync(dest) && !(action === 'actions/upload-artifact' && withs.overwrite === 'true')) return { ok: false, outcome: 'failure', outputs: {}, note: `artifact ${name} already exists` }
      rmSync(dest, { recursive: true, force: true })
      const root = artifactRoot(listed)
      for (const p of paths) {
        const target = join(dest, relative(root, p))
        if (statSync(p).isDirectory()) copyInto(p, target, skipHidden)
        else {
          mkdirSync(dirname(target), { recursive: true })
          cpSync(p, target)
        }
      }
      return ok(`artifact ${name}`)
    }
    case 'actions/download-artifact': {
      const into = resolve(e.ws, withs.path ?? '.')
      const names = readdirSync(e.artifacts).filter((n) => (withs.name ? n === withs.name : withs.pattern ? globToRegex(withs.pattern).test(n) : true))
      if (withs.name && names.length === 0) return { ok: false, outcome: 'failure', outputs: {}, note: `no artifact named ${withs.name}` }
      for (const n of names) copyInto(join(e.artifacts, n), withs.name || withs['merge-multiple'] === 'true' ? into : join(into, n))
      return ok(`${names.length} artifact(s) into ${relative(e.ws, into) || '.'}`)
    }
    case 'actions/deploy-pages': {
      const site = withs.artifact_name || 'github-pages'
      if (!existsSync(join(e.artifacts, site))) return { ok: false, outcome: 'failure', outputs: {}, note: `no artifact named ${site} to deploy` }
      return ok(`not deployed (needs GitHub); the site is the ${site} artifact`, { page_url: `file://${join(e.artifacts, site, 'index.html')}` })
    }
    default:
      return { ok: false, outcome: 'not-runnable', outputs: {}, note: `${uses} cannot run locally` }
  }
}
