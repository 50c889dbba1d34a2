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
/** What the check says of `brief` under the title above. */
const problemsOf = (brief: string) => briefLayoutProblems({ title, brief }, where)

describe('briefLayoutProblems: what a brief leaves to the prompt', () => {
  test('a brief with neither a hard-constraints section nor the title as its heading has no problem', () => {
    expect(problemsOf('# Sizing a yield book of €80,000 on Solana\n\n## Scenario\nSize it.\n\n## What to hand in\nA plan; see the hard constraints.')).toEqual([])
    expect(problemsOf('You size a yield book.\n\n## Facts\n- the hard constraints below hold')).toEqual([])
  })

  test('a section of hard constraints of its own, at any heading level and in any case, is refused: the prompt prints hardConstraints after the brief', () => {
    expect(problemsOf('## Scenario\nSize it.\n\n## Hard constraints\n1. €80,000 of capital.')).toEqual(ownSection('## Hard constraints'))
    expect(problemsOf('Size it.\n\n### hard constraints:\n- €80,000 of capital.')).toEqual(ownSection('### hard constraints:'))
    expect(problemsOf('Size it.\n\n## Hard constraints (must all hold)\n1. €80,000 of capital.')).toEqual(ownSection('## Hard constraints (must all hold)'))
    expect(problemsOf('Size it.\n\n### Hard Constraints:\n- €80,000 of capital.')).toEqual(ownSection('### Hard Constraints:'))
  })

  test('a bold label line for hard constraints is a section of its own too, alone on its line or ended by a colon', () => {
    expect(problemsOf('Size it.\n\n**Hard constraints**\n1. €80,000 of capital.')).toEqual(ownSection('**Hard constraints**'))
    expect(problemsOf('Size it.\n\n__Hard constraints (must all hold):__\n1. €80,000 of capital.')).toEqual(ownSection('__Hard constraints (must all hold):__'))
    expect(problemsOf('Size it.\n\n**Hard constraints**: €80,000 of capital, no leverage.')).toEqual(ownSection('**Hard constraints**:'))
  })

  test('a sentence that mentions the hard constraints, in prose or starting in bold, opens no section', () => {
    expect(problemsOf('Size it. Every one of the hard constraints listed below must hold.\n\nHard constraints are listed after the brief.')).toEqual([])
    expect(problemsOf('Size it.\n\n**Hard constraints** are listed after the brief; show how each is met.')).toEqual([])
    expect(problemsOf('Size it.\n\n- **Working-time rules**: see the hard constraints.\n\n## Why the hard constraints matter\nThey bind.')).toEqual([])
  })

  test('a leading heading that repeats the title, in any case and spacing, is refused: the prompt opens with "# Task: <title>"', () => {
    expect(problemsOf('# Sizing a yield book\n\n## Scenario\nSize it.')).toEqual(titleRepeated('# Sizing a yield book'))
    expect(problemsOf('\n#  sizing a  Yield book.\n\nSize it.')).toEqual(titleRepeated('#  sizing a  Yield book.'))
  })

  test('the prompt\'s own heading "# Task: <title>" at the top of the brief is refused', () => {
    expect(problemsOf('# Task: Sizing a yield book\n\nSize it.')).toEqual(titleRepeated('# Task: Sizing a yield book'))
  })

  test('the title as the opening heading of any level, or as an opening line in bold, is refused', () => {
    expect(problemsOf('## Sizing a yield book\n\nSize it.')).toEqual(titleRepeated('## Sizing a yield book'))
    expect(problemsOf('###### Sizing a Yield Book ###\n\nSize it.')).toEqual(titleRepeated('###### Sizing a Yield Book ###'))
    expect(problemsOf('**Sizing a yield book**\n\nSize it.')).toEqual(titleRepeated('**Sizing a yield book**'))
  })

  test('the title as a later heading, or an opening heading with other words, is the brief\'s own business', () => {
    expect(problemsOf('Size it.\n\n# Sizing a yield book\n\n## Sizing a yield book')).toEqual([])
    expect(problemsOf('## Sizing a yield book for a treasury\n\nSize it.')).toEqual([])
  })

  test('both mistakes are reported together', () => {
    expect(problemsOf('# Sizing a yield book\n\n## Hard constraints\n- €80,000.')).toHaveLength(2)
  })
})
