import { existsSync, readFileSync } from 'node:fs'
import { parseEnv } from 'node:util'

/** A .env file with lines that are neither `NAME=value`, a comment nor blank: one problem per line, each naming the file and the line. */
export class DotEnvSyntaxError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(problems.join('\n'))
    this.name = 'DotEnvSyntaxError'
  }
}

/** What a .env text holds: its variables, and each line that is not `NAME=value`, a comment or blank (its 1-based number and what was expected). */
export interface DotEnvContent {
  variables: Record<string, string>
  problems: { line: number; problem: string }[]
}

const EXPECTED = 'expected a NAME=value line, a comment (#) or a blank line'

/**
 * Reads a .env text line by line. Node's parseEnv alone joins a line without "=" to the next one,
 * so the next variable gets a name such as "note\nORGBENCH_MAX_USD" and is lost without a word;
 * here such a line is a problem instead, and parseEnv reads one variable at a time, which keeps its
 * handling of quotes, escapes and comments. A value that opens with a quote may span lines up to
 * its closing quote; only a comment may follow that quote.
 */
export function readDotEnvText(text: string): DotEnvContent {
  const lines = text.replace(/^\uFEFF/, '').split('\n').map((line) => line.replace(/\r$/, ''))
  const variables: Record<string, string> = {}
  const problems: DotEnvContent['problems'] = []
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    const trimmed = line.trim()
    if (trimmed === '' || trimmed.startsWith('#')) continue
    const equals = line.indexOf('=')
    if (equals === -1) {
      problems.push({ line: i + 1, problem: EXPECTED })
      continue
    }
    const name = line.slice(0, equals).trim().replace(/^export\s+/, '')
    const badName = name === '' ? 'is missing' : /\s/.test(name) ? 'has a space in it' : null
    if (badName) problems.push({ line: i + 1, problem: `the name before "=" ${badName}; ${EXPECTED}` })
    const value = valueFrom(lines, i, line.slice(equals + 1))
    if ('problem' in value) problems.push(value.problem)
    else if (!badName) variables[name] = parseEnv(`${name}=${value.text}\n`)[name] ?? ''
    i = value.lastLine
  }
  return { variables, problems }
}

/**
 * The value text of the variable on line `first` (`rest`: what follows its "="): the rest of the
 * line, or, when it opens with a quote, everything up to the closing quote, on that line or a later one.
 */
function valueFrom(lines: string[], first: number, rest: string): { text: string; lastLine: number } | { problem: { line: number; problem: string }; lastLine: number } {
  const quote = /^[ \t]*(["'`])/.exec(rest)?.[1]
  if (quote === undefined) return { text: rest, lastLine: first }
  const open = rest.indexOf(quote)
  const following = [rest.slice(open), ...lines.slice(first + 1)].join('\n')
  const close = following.indexOf(quote, 1)
  if (close === -1) return { problem: { line: first + 1, problem: `the value opens with ${quote} and no closing ${quote} follows; expected ${quote} at the end of the value (on this line or a later one)` }, lastLine: first }
  const lastLine = first + (following.slice(0, close).match(/\n/g)?.length ?? 0)
  const after = following.slice(close + 1).split('\n')[0]!
  if (!/^\s*(#.*)?$/.test(after)) {
    const opened = lastLine === first ? 'the value' : `the value opened on line ${first + 1} (a quote left open there?)`
    return { problem: { line: lastLine + 1, problem: `text after the ${quote} that closes ${opened}; expected only a comment (#) after a closing quote` }, lastLine }
  }
  return { text: following.slice(0, close + 1), lastLine }
}

/**
 * The variables of a .env file, {} when there is none. A leading UTF-8 byte-order mark, as some
 * Windows editors save one, is dropped: it would otherwise become part of the first variable's name,
 * and that setting would be silently ignored. A line that is not `NAME=value`, a comment or blank
 * throws DotEnvSyntaxError; a file that cannot be read throws the file system's error. Imports
 * nothing heavy: vitest.config.ts reads it before anything else.
 */
export function parseDotEnv(file: string): Record<string, string> {
  if (!existsSync(file)) return {}
  const { variables, problems } = readDotEnvText(readFileSync(file, 'utf8'))
  if (problems.length > 0) throw new DotEnvSyntaxError(file, problems.map((p) => `${file}, line ${p.line}: ${p.problem}`))
  return variables
}
