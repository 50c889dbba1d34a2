import { describe, expect, test } from 'vitest'
import { briefLayoutProblems } from '../../lib/tasks/brief-layout.js'

const where = 'lib/tasks/definitions/finance/treasury.ts'
const title = 'Sizing a yield book'

describe('briefLayoutProblems: what a brief leaves to the prompt', () => {
  test('a brief with neither a hard-constraints section nor the title as its heading has no problem', () => {
    expect(briefLayoutProblems({ title, brief: '# Sizing a yield book of €80,000 on Solana\n\n## Scenario\nSize it.\n\n## What to hand in\nA plan; see the hard constraints.' }, where)).toEqual([])
    expect(briefLayoutProblems({ title, brief: 'You size a yield book.\n\n## Facts\n- the hard constraints below hold' }, where)).toEqual([])
  })

  test('a section of hard constraints of its own, at any heading level and in any case, is refused: the prompt prints hardConstraints after the brief', () => {
    const expected = (heading: string) => [
      `${where}: field brief: has its own "${heading}" section; the hard constraints are rendered from hardConstraints after the brief; remove the brief's own section (and list every constraint under hardConstraints)`,
    ]
    expect(briefLayoutProblems({ title, brief: '## Scenario\nSize it.\n\n## Hard constraints\n1. €80,000 of capital.' }, where)).toEqual(expected('## Hard constraints'))
    expect(briefLayoutProblems({ title, brief: 'Size it.\n\n### hard constraints:\n- €80,000 of capital.' }, where)).toEqual(expected('### hard constraints:'))
  })

  test('a leading heading that repeats the title, in any case and spacing, is refused: the prompt opens with "# Task: <title>"', () => {
    const expected = (heading: string) => [`${where}: field brief: the brief repeats the title as its heading ("# ${heading}"); the prompt already opens with "# Task: <title>"; expected the brief without that heading`]
    expect(briefLayoutProblems({ title, brief: '# Sizing a yield book\n\n## Scenario\nSize it.' }, where)).toEqual(expected('Sizing a yield book'))
    expect(briefLayoutProblems({ title, brief: '\n#  sizing a  Yield book\n\nSize it.' }, where)).toEqual(expected('sizing a  Yield book'))
  })

  test('the title as a later heading, or as a heading of a lower level, is the brief\'s own business', () => {
    expect(briefLayoutProblems({ title, brief: 'Size it.\n\n# Sizing a yield book\n\n## Sizing a yield book' }, where)).toEqual([])
    expect(briefLayoutProblems({ title, brief: '## Sizing a yield book\n\nSize it.' }, where)).toEqual([])
  })

  test('both mistakes are reported together', () => {
    expect(briefLayoutProblems({ title, brief: '# Sizing a yield book\n\n## Hard constraints\n- €80,000.' }, where)).toHaveLength(2)
  })
})
