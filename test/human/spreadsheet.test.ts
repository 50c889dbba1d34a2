import { parse } from 'csv-parse/sync'
import { describe, expect, test } from 'vitest'
import { CELL_LIMIT, cellOrFile, spreadsheetCsv } from '../../lib/human/spreadsheet.js'

describe('the spreadsheet route of a grading packet', () => {
  test('a text a cell holds whole stays in its cell, up to the limit itself', () => {
    const files = new Map<string, string>()
    const text = 'ü'.repeat(CELL_LIMIT)
    expect(cellOrFile(text, 'tasks/t.txt', files)).toBe(text)
    expect(files.size).toBe(0)
  })

  test('a longer text goes whole to its own file, and its cell names the file and the length', () => {
    const files = new Map<string, string>()
    const text = `${'x'.repeat(CELL_LIMIT)}the end`
    expect(cellOrFile(text, 'tasks/contract_review.txt', files)).toBe(`Too long for a spreadsheet cell (32,774 characters): the whole text is in tasks/contract_review.txt, next to this file.`)
    expect(files).toEqual(new Map([['tasks/contract_review.txt', text]]))
  })

  test('CSV files start with a UTF-8 byte order mark, so that Excel reads non-ASCII text as written; a parser that skips it reads the rows back', () => {
    const written = spreadsheetCsv([['task', 'prompt'], ['t1', 'Budget — 5 € → Zoë, "quoted",\nsecond line']])
    expect(written.startsWith('\uFEFFtask,prompt\n')).toBe(true)
    expect(parse(written, { bom: true })).toEqual([['task', 'prompt'], ['t1', 'Budget — 5 € → Zoë, "quoted",\nsecond line']])
  })
})
