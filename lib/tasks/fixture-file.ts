import { readFileSync, statSync } from 'node:fs'
import { fsCodeText, isFsError } from '../fs-errors.js'

/** A fixture's text, or what keeps it from being read, worded to follow its path ("does not exist"). */
export type FixtureText = { text: string } | { problem: string }

/**
 * Reads a fixture (an input, a ground-truth file, a reference deliverable) as UTF-8 text. A
 * byte-order mark at its start, as Excel's "CSV UTF-8" and Windows Notepad write, is dropped: it
 * is no part of the content, and left in it would make the first CSV column or the JSON unreadable.
 * A path that is missing, a folder, or unreadable says so rather than failing later as bad content.
 */
export function readFixture(path: string): FixtureText {
  try {
    if (statSync(path).isDirectory()) return { problem: 'is a folder; expected a file' }
    return { text: readFileSync(path, 'utf8').replace(/^\uFEFF/, '') }
  } catch (e) {
    if (!isFsError(e)) throw e
    return { problem: e.code === 'ENOENT' || e.code === 'ENOTDIR' ? 'does not exist' : `cannot be read: ${fsCodeText(e.code)}` }
  }
}
