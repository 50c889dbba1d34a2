/**
 * A small RFC 4180 reader for fixture tables (ledgers, statements, master data): comma-separated,
 * fields optionally in double quotes, a doubled quote inside quotes is one quote, CRLF or LF.
 */

/** A parsed table: the header row and one record per data row, keyed by header. */
export interface CsvTable {
  header: string[]
  rows: Array<Record<string, string>>
}

/** The rows of `text` as arrays of fields; a trailing newline does not make an empty row. */
export function parseCsvRows(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  let i = 0
  const endField = () => {
    row.push(field)
    field = ''
  }
  const endRow = () => {
    endField()
    rows.push(row)
    row = []
  }
  while (i < text.length) {
    const c = text[i]!
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"'
        i += 2
        continue
      }
      if (c === '"') quoted = false
      else field += c
      i++
      continue
    }
    if (c === '"' && field === '') quoted = true
    else if (c === ',') endField()
    else if (c === '\n') endRow()
    else if (c === '\r' && text[i + 1] === '\n') {
      endRow()
      i++
    } else field += c
    i++
  }
  if (quoted) throw new Error(`unterminated quoted field in row ${rows.length + 1}`)
  if (field !== '' || row.length > 0) endRow()
  return rows
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
