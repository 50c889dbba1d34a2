import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { parseDotEnv } from '../lib/dot-env.js'
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
})
