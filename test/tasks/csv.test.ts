import { describe, expect, test } from 'vitest'
import { csvLine, parseCsv, parseCsvRows } from '../../lib/tasks/csv.js'

describe('parseCsvRows', () => {
  test('splits fields on commas and rows on LF or CRLF; a trailing newline adds no row', () => {
    expect(parseCsvRows('a,b\r\n1,2\n3,\n')).toEqual([['a', 'b'], ['1', '2'], ['3', '']])
  })

  test('quoted fields keep commas, newlines and doubled quotes', () => {
    expect(parseCsvRows('x,"a, b","say ""hi""","two\nlines"\n')).toEqual([['x', 'a, b', 'say "hi"', 'two\nlines']])
  })

  test('an unterminated quote is an error naming the row', () => {
    expect(() => parseCsvRows('a\n"open,1\n')).toThrow('unterminated quoted field in row 2')
  })
})

describe('parseCsv', () => {
  test('keys each row by the header', () => {
    expect(parseCsv('id,amount\nE1,-4.50\n', ['amount'])).toEqual({ header: ['id', 'amount'], rows: [{ id: 'E1', amount: '-4.50' }] })
  })

  test('names the missing columns and the row with the wrong number of fields', () => {
    expect(() => parseCsv('id,date\nE1,2026\n', ['id', 'amount', 'balance'])).toThrow('expected column(s) amount, balance in the header (id, date)')
    expect(() => parseCsv('id,amount\nE1,1\nE2\n')).toThrow('row 3: expected 2 fields, got 1')
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
