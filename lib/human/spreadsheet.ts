import { stringify as csv } from 'csv-stringify/sync'

/*
 * The grading packet's spreadsheet route (items.csv, tasks.csv, grades-template.csv), made for what
 * spreadsheet programs do with a CSV file opened by a double-click.
 */

/**
 * Characters one cell holds in Excel (Google Sheets: 50,000). Excel cuts a longer text there, with
 * no sign: a grader would grade against a contract or an incident log missing its end.
 */
export const CELL_LIMIT = 32_767

/**
 * A CSV file with a UTF-8 byte order mark first: without it Excel on Windows reads the file in the
 * local code page and garbles every non-ASCII character (—, €, →, ü, any name). Other programs,
 * and `orgbench human import`, skip the mark.
 */
export const spreadsheetCsv = (rows: readonly (readonly string[])[]): string => `\uFEFF${csv(rows as string[][])}`

/**
 * The cell that shows `text`: the text itself when a cell holds it whole; otherwise a note naming
 * `file` (relative to the packet), which is added to `files` with the whole text.
 */
export function cellOrFile(text: string, file: string, files: Map<string, string>): string {
  if (text.length <= CELL_LIMIT) return text
  files.set(file, text)
  return `Too long for a spreadsheet cell (${text.length.toLocaleString('en-US')} characters): the whole text is in ${file}, next to this file.`
}
