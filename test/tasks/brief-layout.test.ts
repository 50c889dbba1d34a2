import { describe, expect, test } from 'vitest'
import { briefLayoutProblems } from '../../lib/tasks/brief-layout.js'

const where = 'lib/tasks/definitions/finance/treasury.ts'
const title = 'Sizing a yield book'
/** What the check says of a brief with its own hard-constraints section, opened by `heading` as written. */
const ownSection = (heading: string) => [
  `${where}: field brief: has its own "${heading}" section; the hard constraints are rendered from hardConstraints after the brief; remove the brief's own section (and list every constraint under hardConstraints)`,
]
/** What the check says of a brief that opens with the title as its heading, `heading` as written. */
const titleRepeated = (heading: string) => [`${where}: field brief: the brief repeats the title as its heading ("${heading}"); the prompt already opens with "# Task: <title>"; expected the brief without that heading`]

describe('briefLayoutProblems: what a brief leaves to the prompt', () => {
  test('a brief with neither a hard-constraints section nor the title as its heading has no problem', () => {
    expect(briefLayoutProblems({ title, brief: '# Sizing a yield book of €80,000 on Solana\n\n## Scenario\nSize it.\n\n## What to hand in\nA plan; see the hard constraints.' }, where)).toEqual([])
    expect(briefLayoutProblems({ title, brief: 'You size a yield book.\n\n## Facts\n- the hard constraints below hold' }, where)).toEqual([])
  })

  test('a section of hard constraints of its own, at any heading level and in any case, is refused: the prompt prints hardConstraints after the brief', () => {
    expect(briefLayoutProblems({ title, brief: '## Scenario\nSize it.\n\n## Hard constraints\n1. €80,000 of capital.' }, where)).toEqual(ownSection('## Hard constraints'))
    expect(briefLayoutProblems({ title, brief: 'Size it.\n\n### hard constraints:\n- €80,000 of capital.' }, where)).toEqual(ownSection('### hard constraints:'))
    expect(briefLayoutProblems({ title, brief: 'Size it.\n\n## Hard constraints (must all hold)\n1. €80,000 of capital.' }, where)).toEqual(ownSection('## Hard constraints (must all hold)'))
    expect(briefLayoutProblems({ title, brief: 'Size it.\n\n### Hard Constraints:\n- €80,000 of capital.' }, where)).toEqual(ownSection('### Hard Constraints:'))
  })

  test('a bold label line for hard constraints is a section of its own too, alone on its line or ended by a colon', () => {
    expect(briefLayoutProblems({ title, brief: 'Size it.\n\n**Hard constraints**\n1. €80,000 of capital.' }, where)).toEqual(ownSection('**Hard constraints**'))
    expect(briefLayoutProblems({ title, brief: 'Size it.\n\n__Hard constraints (must all hold):__\n1. €80,000 of capital.' }, where)).toEqual(ownSection('__Hard constraints (must all hold):__'))
    expect(briefLayoutProblems({ title, brief: 'Size it.\n\n**Hard constraints**: €80,000 of capital, no leverage.' }, where)).toEqual(ownSection('**Hard constraints**:'))
  })

  test('a sentence that mentions the hard constraints, in prose or starting in bold, opens no section', () => {
    expect(briefLayoutProblems({ title, brief: 'Size it. Every one of the hard constraints listed below must hold.\n\nHard constraints are listed after the brief.' }, where)).toEqual([])
    expect(briefLayoutProblems({ title, brief: 'Size it.\n\n**Hard constraints** are listed after the brief; show how each is met.' }, where)).toEqual([])
    expect(briefLayoutProblems({ title, brief: 'Size it.\n\n- **Working-time rules**: see the hard constraints.\n\n## Why the hard constraints matter\nThey bind.' }, where)).toEqual([])
  })

  test('a leading heading that repeats the title, in any case and spacing, is refused: the prompt opens with "# Task: <title>"', () => {
    expect(briefLayoutProblems({ title, brief: '# Sizing a yield book\n\n## Scenario\nSize it.' }, where)).toEqual(titleRepeated('# Sizing a yield book'))
    expect(briefLayoutProblems({ title, brief: '\n#  sizing a  Yield book.\n\nSize it.' }, where)).toEqual(titleRepeated('#  sizing a  Yield book.'))
  })

  test('the prompt\'s own heading "# Task: <title>" at the top of the brief is refused', () => {
    expect(briefLayoutProblems({ title, brief: '# Task: Sizing a yield book\n\nSize it.' }, where)).toEqual(titleRepeated('# Task: Sizing a yield book'))
  })

  test('the title as the opening heading of any level, or as an opening line in bold, is refused', () => {
    expect(briefLayoutProblems({ title, brief: '## Sizing a yield book\n\nSize it.' }, where)).toEqual(titleRepeated('## Sizing a yield book'))
    expect(briefLayoutProblems({ title, brief: '###### Sizing a Yield Book ###\n\nSize it.' }, where)).toEqual(titleRepeated('###### Sizing a Yield Book ###'))
    expect(briefLayoutProblems({ title, brief: '**Sizing a yield book**\n\nSize it.' }, where)).toEqual(titleRepeated('**Sizing a yield book**'))
  })

  test('the title as a later heading, or an opening heading with other words, is the brief\'s own business', () => {
    expect(briefLayoutProblems({ title, brief: 'Size it.\n\n# Sizing a yield book\n\n## Sizing a yield book' }, where)).toEqual([])
    expect(briefLayoutProblems({ title, brief: '## Sizing a yield book for a treasury\n\nSize it.' }, where)).toEqual([])
  })

  test('both mistakes are reported together', () => {
    expect(briefLayoutProblems({ title, brief: '# Sizing a yield book\n\n## Hard constraints\n- €80,000.' }, where)).toHaveLength(2)
  })
})
