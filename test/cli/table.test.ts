import { describe, expect, test } from 'vitest'
import { renderTable, TABLE_WIDTH, textWidth } from '../../lib/cli/table.js'

const headers = ['task', 'topology', 'score', 'cost']
const rows = [
  ['code_review', 'single', '80.0', '$0.01'],
  ['contract', 'star', '7.5', '$1.20'],
]

describe('renderTable', () => {
  test('aligns text left and numbers right under a rule', () => {
    expect(renderTable(headers, rows, { left: 2 }).split('\n')).toEqual([
      'task         topology  score   cost',
      '-----------  --------  -----  -----',
      'code_review  single     80.0  $0.01',
      'contract     star        7.5  $1.20',
    ])
  })
  test('a table wider than the width is split into column groups that repeat the key columns', () => {
    const text = renderTable(headers, rows, { left: 2, key: 2, width: 30, splitNote: '(--wide: one table)' })
    expect(text.split('\n')).toEqual([
      'task         topology  score',
      '-----------  --------  -----',
      'code_review  single     80.0',
      'contract     star        7.5',
      '',
      'task         topology   cost',
      '-----------  --------  -----',
      'code_review  single    $0.01',
      'contract     star      $1.20',
      '(--wide: one table)',
    ])
    expect(textWidth(text)).toBeLessThanOrEqual(30)
  })
  test('wide prints the full table whatever its width', () => {
    const many = Array.from({ length: 30 }, (_, i) => `column_${i}`)
    const row = many.map(() => '123456')
    expect(textWidth(renderTable(many, [row]))).toBeLessThanOrEqual(TABLE_WIDTH)
    expect(renderTable(many, [row], { wide: true }).split('\n')).toHaveLength(3)
    expect(textWidth(renderTable(many, [row], { wide: true }))).toBeGreaterThan(TABLE_WIDTH)
  })
})
