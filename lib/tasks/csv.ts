import { parse } from 'csv-parse/sync'

/**
 * Fixture tables (ledgers, statements, master data): comma-separated,
 * fields optionally in double quotes, a doubled quote inside quotes is one quote, CRLF or LF.
 */

/**
 * A table that cannot be read, with the line of the file where the problem is (1: the header).
 * `missingColumns` is set when the table lacks columns a reader needs: most likely the wrong table
 * was named, rather than a table written wrong.
 */
export class CsvError extends Error {
  override name = 'CsvError'
  constructor(
    message: string,
    readonly line: number,
    readonly missingColumns: readonly string[] = [],
  ) {
    super(message)
  }
}

/** A parsed table: the header row and one record per data row, keyed by header. */
export interface CsvTable {
  header: string[]
  rows: Array<Record<string, string>>
  /** The line of the file each row ends on (rows[i] ends on lines[i]; a quoted field may span lines). */
  lines: number[]
}

/**
 * The line a quoted field opens on: with `line`, the field still open when that line starts (a
 * quote that opened on an earlier line); without, the field never closed. Null when there is none.
 */
export function quoteOpenedOn(text: string, line?: number): number | null {
  let at = 1
  let quoted = false
  let openedOn = 0
  let fieldStart = true
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') i++
        else quoted = false
      } else if (c === '\n' && ++at === line) return openedOn
    } else if (c === '"' && fieldStart) {
      quoted = true
      openedOn = at
      fieldStart = false
    } else if (c === ',' || c === '\n') {
      if (c === '\n' && ++at === line) return null
      fieldStart = true
    } else if (c !== '\r') fieldStart = false
  }
  return line === undefined && quoted ? openedOn : null
}

/** Each row's fields and the line of the file it ends on (csv-parse, RFC 4180); a trailing newline does not make an empty row. */
function rowsWithLines(text: string): Array<{ fields: string[]; line: number }> {
  try {
    const records = parse(text, { relax_column_count: true, record_delimiter: ['\r\n', '\n'], info: true }) as unknown as Array<{ record: string[]; info: { lines: number } }>
    return records.map((r) => ({ fields: r.record, line: r.info.lines }))
  } catch (e) {
    const err = e as { code?: string; lines?: number; message: string }
    if (err.code === 'CSV_QUOTE_NOT_CLOSED') {
      const line = quoteOpenedOn(text) ?? err.lines ?? 0
      throw new CsvError(`expected the quoted field opened on line ${line} to be closed by a quote, found the end of the file`, line)
    }
    // A quote that opened a field by mistake runs on to the next quote, lines later, where csv-parse stops: name where it opened.
    const opened = err.lines === undefined ? null : quoteOpenedOn(text, err.lines)
    if (opened !== null) throw new CsvError(`the quoted field opened on line ${opened} runs on to line ${err.lines} (${err.message})`, opened)
    throw new CsvError(err.message, err.lines ?? 0)
  }
}

/** The rows of `text` as arrays of fields; a trailing newline does not make an empty row. */
export function parseCsvRows(text: string): string[][] {
  return rowsWithLines(text).map((r) => r.fields)
}

/**
 * Parses a table with a header row. Every row must have as many fields as the header, and the
 * header must contain every column in `required`; errors (CsvError) name the line of the file
 * and what was expected.
 */
export function parseCsv(text: string, required: readonly string[] = []): CsvTable {
  const [header, ...data] = rowsWithLines(text)
  if (!header) throw new CsvError('expected a header row, got an empty table', 1)
  const missing = required.filter((c) => !header.fields.includes(c))
  if (missing.length > 0) throw new CsvError(`expected column(s) ${missing.join(', ')} in the header (${header.fields.join(', ')})`, header.line, missing)
  const rows = data.map(({ fields, line }) => {
    if (fields.length !== header.fields.length) throw new CsvError(`expected ${header.fields.length} fields as in the header, got ${fields.length}`, line)
    return Object.fromEntries(header.fields.map((h, j) => [h, fields[j]!]))
  })
  return { header: header.fields, rows, lines: data.map((r) => r.line) }
}

/** One table row as CSV, quoting the fields that need it. */
export function csvLine(fields: ReadonlyArray<string | number>): string {
  return fields.map((f) => (typeof f === 'string' && /[",\r\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : String(f))).join(',')
}
