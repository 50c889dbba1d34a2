import { parse } from 'csv-parse/sync'

/**
 * Fixture tables (ledgers, statements, master data): comma-separated,
 * fields optionally in double quotes, a doubled quote inside quotes is one quote, CRLF or LF.
 */

/** A parsed table: the header row and one record per data row, keyed by header. */
export interface CsvTable {
  header: string[]
  rows: Array<Record<string, string>>
}

/** The rows of `text` as arrays of fields (csv-parse, RFC 4180); a trailing newline does not make an empty row. */
export function parseCsvRows(text: string): string[][] {
  try {
    return parse(text, { relax_column_count: true, record_delimiter: ['\r\n', '\n'] }) as string[][]
  } catch (e) {
    const err = e as { code?: string; lines?: number; message: string }
    if (err.code === 'CSV_QUOTE_NOT_CLOSED') throw new Error(`unterminated quoted field in row ${err.lines ?? '?'}`)
    throw new Error(err.message)
  }
}

/**
 * Parses a table with a header row. Every row must have as many fields as the header, and the
 * header must contain every column in `required`; errors name the row (1 = header) and what was expected.
 */
export function parseCsv(text: string, required: readonly string[] = []): CsvTable {
  const [header, ...data] = parseCsvRows(text)
  if (!header) throw new Error('expected a header row, got an empty table')
  const missing = required.filter((c) => !header.includes(c))
  if (missing.length > 0) throw new Error(`expected column(s) ${missing.join(', ')} in the header (${header.join(', ')})`)
  const rows = data.map((fields, i) => {
    if (fields.length !== header.length) throw new Error(`row ${i + 2}: expected ${header.length} fields, got ${fields.length}`)
    return Object.fromEntries(header.map((h, j) => [h, fields[j]!]))
  })
  return { header, rows }
}

/** One table row as CSV, quoting the fields that need it. */
export function csvLine(fields: ReadonlyArray<string | number>): string {
  return fields.map((f) => (typeof f === 'string' && /[",\r\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : String(f))).join(',')
}
