import { describe, expect, test } from 'vitest'
import { csvLine, parseCsv, parseCsvRows, quoteOpenedOn } from '../../lib/tasks/csv.js'

describe('parseCsvRows', () => {
  test('splits fields on commas and rows on LF or CRLF; a trailing newline adds no row', () => {
    expect(parseCsvRows('a,b\r\n1,2\n3,\n')).toEqual([['a', 'b'], ['1', '2'], ['3', '']])
  })

  test('quoted fields keep commas, newlines and doubled quotes', () => {
    expect(parseCsvRows('x,"a, b","say ""hi""","two\nlines"\n')).toEqual([['x', 'a, b', 'say "hi"', 'two\nlines']])
  })

  test('an unterminated quote is an error naming the line the quote opens on, not the end of the file', () => {
    expect(() => parseCsvRows('a\n"open,1\nb\nc\n')).toThrow('expected the quoted field opened on line 2 to be closed by a quote, found the end of the file')
    expect(() => parseCsvRows('a,b\n"x\ny",1\nz,"open\n2\n')).toThrow(expect.objectContaining({ name: 'CsvError', line: 4 }))
  })

  test('quoteOpenedOn: quoted fields may span lines and double their quotes; a quote inside a field opens nothing', () => {
    expect(quoteOpenedOn('a,"x\ny"\n"say ""hi""",b\n')).toBeNull()
    expect(quoteOpenedOn('a,b"c\nd\n')).toBeNull()
    expect(quoteOpenedOn('a\r\nb,"c\r\nd\r\n')).toBe(2)
    // With a line: the field still open when that line starts.
    expect(quoteOpenedOn('a,b\n"x\ny\nz",1\n', 3)).toBe(2)
    expect(quoteOpenedOn('a,b\n"x\ny\nz",1\n', 2)).toBeNull()
  })

  test('a quote that opens a field by mistake is named where it opened, not where the parser stopped', () => {
    const text = 'id,note\nE1,"oops\nE2,fine\nE3,"quoted" too\n'
    expect(() => parseCsvRows(text)).toThrow(expect.objectContaining({ line: 2, message: expect.stringMatching(/^the quoted field opened on line 2 runs on to line 4 \(Invalid Closing Quote/) }))
  })
})

describe('parseCsv', () => {
  test('keys each row by the header', () => {
    expect(parseCsv('id,amount\nE1,-4.50\n', ['amount'])).toEqual({ header: ['id', 'amount'], rows: [{ id: 'E1', amount: '-4.50' }], lines: [2] })
    // Each row's line in the file, where a quoted field spans lines.
    expect(parseCsv('id,note\nE1,"two\nlines"\nE2,x\n').lines).toEqual([3, 4])
  })

  test('names the missing columns and the row with the wrong number of fields', () => {
    expect(() => parseCsv('id,date\nE1,2026\n', ['id', 'amount', 'balance'])).toThrow('expected column(s) amount, balance in the header (id, date)')
    expect(() => parseCsv('id,amount\nE1,1\nE2\n')).toThrow(expect.objectContaining({ message: 'expected 2 fields as in the header, got 1', line: 3 }))
    expect(() => parseCsv('id,date\nE1,2026\n', ['amount'])).toThrow(expect.objectContaining({ line: 1, missingColumns: ['amount'] }))
    expect(() => parseCsv('')).toThrow('expected a header row, got an empty table')
  })
})

describe('csvLine', () => {
  test('quotes only the fields that need it, and reads back to the same fields', () => {
    const fields = ['G0001', 'Bauer & Söhne', 'Payment "urgent", today', -12.5]
    expect(csvLine(fields)).toBe('G0001,Bauer & Söhne,"Payment ""urgent"", today",-12.5')
    expect(parseCsvRows(csvLine(fields))).toEqual([['G0001', 'Bauer & Söhne', 'Payment "urgent", today', '-12.5']])
  })
})
