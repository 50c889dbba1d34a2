import { describe, expect, test } from 'vitest'
import { besideRecordField } from '../../../lib/eval/judge/record-field.js'

const at = (text: string, line: string) => {
  const lines = text.split('\n')
  return besideRecordField(lines, lines.indexOf(line))
}

describe('besideRecordField', () => {
  test('a line among the fields of a record is one of them, with blank lines or emphasis around the fields', () => {
    const record = '**PCI change record**\nTicket: linked Jira key\nApprovals: 2 (Payments + Security)\nSign-off: Security Engineer\nRetention: 12 months'
    expect(at(record, 'Sign-off: Security Engineer')).toBe(true)
    expect(at('**Owner:** Payments squad\n\nSign-off: Security Engineer', 'Sign-off: Security Engineer')).toBe(true)
    expect(at('Sign-off: Security Engineer\n- Retention: 12 months', 'Sign-off: Security Engineer')).toBe(true)
  })

  test("fields of the document's own authorship and metadata make no record", () => {
    const header = 'Title: Code-review protocol\nAuthor: Synthesizer\nDate: 14 March 2025\nVersion: v2\nPrepared by: the review team'
    expect(at(header, 'Author: Synthesizer')).toBe(false)
    expect(at(header, 'Version: v2')).toBe(false)
  })

  test('prose, a rule or a heading beside the line is no field', () => {
    expect(at('Rollback takes 60 seconds, always.\n\n---\n\nAuthor: Synthesizer', 'Author: Synthesizer')).toBe(false)
    expect(at('The protocol covers three things in this order: checks, review, merge.\nAuthor: Synthesizer', 'Author: Synthesizer')).toBe(false)
    expect(at('## Rollout\nAuthor: Synthesizer', 'Author: Synthesizer')).toBe(false)
    expect(at('Author: Synthesizer', 'Author: Synthesizer')).toBe(false)
  })
})
