import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { DotEnvSyntaxError, parseDotEnv, readDotEnvText } from '../lib/dot-env.js'
import { tempDir } from './support/temp.js'

describe('parseDotEnv', () => {
  test('no file is no variable; a file gives its variables, a leading byte-order mark dropped', () => {
    const dir = tempDir()
    expect(parseDotEnv(join(dir, '.env'))).toEqual({})
    writeFileSync(join(dir, '.env'), '\uFEFFORGBENCH_MAX_USD=5\r\nORGBENCH_RPM="1000"\n')
    expect(parseDotEnv(join(dir, '.env'))).toEqual({ ORGBENCH_MAX_USD: '5', ORGBENCH_RPM: '1000' })
  })

  test('a .env that cannot be read throws the file system\'s error, for the caller to name', () => {
    const dir = tempDir()
    mkdirSync(join(dir, '.env'))
    expect(() => parseDotEnv(join(dir, '.env'))).toThrow(expect.objectContaining({ code: 'EISDIR' }))
  })

  test('a line that is not NAME=value, a comment or blank throws, naming the file and every such line', () => {
    const dir = tempDir()
    const file = join(dir, '.env')
    writeFileSync(file, 'ORGBENCH_TASKS=incident_response_execution\nnote\nORGBENCH_MAX_USD=0.001\nORGBENCH_TRIALS: 2\n')
    expect(() => parseDotEnv(file)).toThrow(DotEnvSyntaxError)
    expect(() => parseDotEnv(file)).toThrow(
      expect.objectContaining({
        problems: [
          `${file}, line 2: expected a NAME=value line, a comment (#) or a blank line`,
          `${file}, line 4: expected a NAME=value line, a comment (#) or a blank line`,
        ],
      }),
    )
  })
})

describe('readDotEnvText', () => {
  test('a stray line is a problem on its own line; the setting after it keeps its name (Node\'s parser alone would name it "note\\nORGBENCH_MAX_USD")', () => {
    expect(readDotEnvText('ORGBENCH_TOPOLOGIES=single\nnote\nORGBENCH_MAX_USD=0.001\n')).toEqual({
      variables: { ORGBENCH_TOPOLOGIES: 'single', ORGBENCH_MAX_USD: '0.001' },
      problems: [{ line: 2, problem: 'expected a NAME=value line, a comment (#) or a blank line' }],
    })
  })

  test('comments (also indented), blank lines and lines of spaces are skipped; CRLF line ends are read as LF', () => {
    expect(readDotEnvText('# a comment\n  # indented\n \t\n\nA=1\r\nB=2 # trailing comment\r\n')).toEqual({ variables: { A: '1', B: '2' }, problems: [] })
  })

  test('lines for other tools are read as they are: any name without spaces, "export " before it, "=" inside the value', () => {
    expect(readDotEnvText('OPENAI_API_KEY=sk-abc\nFOO=bar\nexport BAZ=qux\nORGBENCH-TRIALS=1\nURL=http://h/?a=b\nEMPTY=\n').variables).toEqual({
      OPENAI_API_KEY: 'sk-abc',
      FOO: 'bar',
      BAZ: 'qux',
      'ORGBENCH-TRIALS': '1',
      URL: 'http://h/?a=b',
      EMPTY: '',
    })
  })

  test('a quoted value may span lines, blank and "#" lines included, up to its closing quote, with a comment after it', () => {
    expect(readDotEnvText('A="one\n\n# not a comment\ntwo" # a comment\nB=\'x\ny\'\nC=`p\nq`\nD="a\\nb"\nE=after\n')).toEqual({
      variables: { A: 'one\n\n# not a comment\ntwo', B: 'x\ny', C: 'p\nq', D: 'a\nb', E: 'after' },
      problems: [],
    })
  })

  test('a name missing or with a space in it is a problem, as is a quote never closed', () => {
    expect(readDotEnvText('=value\nnote ORGBENCH_MAX_USD=5\nA="open\n').problems).toEqual([
      { line: 1, problem: 'the name before "=" is missing; expected a NAME=value line, a comment (#) or a blank line' },
      { line: 2, problem: 'the name before "=" has a space in it; expected a NAME=value line, a comment (#) or a blank line' },
      { line: 3, problem: 'the value opens with " and no closing " follows; expected " at the end of the value (on this line or a later one)' },
    ])
  })

  test('text after a closing quote is a problem: on a later line it most likely means a quote left open, which swallowed the lines between', () => {
    expect(readDotEnvText('A="x" y\n').problems).toEqual([{ line: 1, problem: 'text after the " that closes the value; expected only a comment (#) after a closing quote' }])
    expect(readDotEnvText('A="x\nORGBENCH_MAX_USD=5\nB="y"\n')).toEqual({
      variables: {},
      problems: [{ line: 3, problem: 'text after the " that closes the value opened on line 1 (a quote left open there?); expected only a comment (#) after a closing quote' }],
    })
  })
})
