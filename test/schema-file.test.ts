import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { z } from 'zod'
import { UserError } from '../lib/errors.js'
import { readSchemaFile } from '../lib/schema-file.js'
import { tempDir } from './support/temp.js'

const Point = z.strictObject({ x: z.number(), y: z.number() })
const file = (text: string) => {
  const path = join(tempDir(), 'point.json')
  writeFileSync(path, text)
  return path
}

describe('readSchemaFile', () => {
  test('returns the parsed value of a valid file', () => {
    expect(readSchemaFile(file('{"x": 1, "y": 2}'), Point)).toEqual({ x: 1, y: 2 })
  })
  test('a file that is not JSON is a UserError naming the file', () => {
    const path = file('{"x": 1,')
    expect(() => readSchemaFile(path, Point)).toThrow(UserError)
    expect(() => readSchemaFile(path, Point)).toThrow(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid JSON \\(`))
  })
  test('schema issues name the file and each field, as many as asked for', () => {
    const path = file('{"x": "1"}')
    expect(() => readSchemaFile(path, Point)).toThrow(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: field x: [^\\n]+$`))
    let message = ''
    try {
      readSchemaFile(path, Point, 5)
    } catch (e) {
      message = (e as Error).message
    }
    expect(message.split('\n').map((l) => l.split(': ')[1])).toEqual(['field x', 'field y'])
  })
})
