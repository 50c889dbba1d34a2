import { git } from './actions.js'

/**
 * What the jobs of `ci local` do not get from the repository, since their checkout is a fresh
 * clone of the committed HEAD, as on GitHub: changes to tracked files not committed yet (staged
 * or not, deletions and renames included) and untracked files that are not ignored (which the
 * user may have forgotten to add; ignored files are left out on purpose and not named).
 */
export interface LeftOut {
  uncommitted: string[]
  untracked: string[]
}

/** The paths `args` lists, NUL-separated (-z), so that no name is quoted or split. */
const paths = (repo: string, args: string[]) => git(repo, args).split('\0').filter((p) => p !== '')

/** What a fresh clone of the repository's HEAD leaves out (see LeftOut). */
export function leftOutOfClone(repo: string): LeftOut {
  return {
    uncommitted: paths(repo, ['diff', '--name-only', '--no-renames', '-z', 'HEAD']),
    untracked: paths(repo, ['ls-files', '--others', '--exclude-standard', '-z']),
  }
}

/** Up to `shown` paths, then how many more. */
function named(files: readonly string[], shown: number): string {
  const more = files.length - shown
  return `${files.slice(0, shown).join(', ')}${more > 0 ? ` and ${more} more` : ''}`
}

/** One warning for each kind of file left out, naming them (none when nothing is). */
export function leftOutWarnings(left: LeftOut, shown = 10): string[] {
  const warnings: string[] = []
  const n = left.untracked.length
  if (n > 0) warnings.push(`${n} untracked ${n === 1 ? 'file is' : 'files are'} not in the jobs' workspace, as on GitHub (git add and commit ${n === 1 ? 'it' : 'them'} to test ${n === 1 ? 'it' : 'them'}): ${named(left.untracked, shown)}`)
  const m = left.uncommitted.length
  // The workflow files are the exception: ci local reads them from the working tree, so an edited workflow can be tried before it is committed.
  const workflows = left.uncommitted.some((p) => p.startsWith('.github/workflows/')) ? "; the workflows themselves are read as they are in the working tree" : ''
  if (m > 0) warnings.push(`${m} ${m === 1 ? 'file has' : 'files have'} uncommitted changes that are not in the jobs' workspace, which holds the committed HEAD as a fresh clone on GitHub does: ${named(left.uncommitted, shown)}${workflows}`)
  return warnings
}
