/*
 * Full stops that do not end a sentence: those of the abbreviations writers put inside one
 * ("capped at 2 % of pool TVL, i.e. €8,000"). Whatever reads a clause or a sentence window (the
 * checklist notation's inClause, the negation reader's clause boundaries) treats them as words.
 */

/** The abbreviations, without their final full stop, whose full stop is read as part of the sentence. */
export const ABBREVIATIONS = ['i.e', 'e.g', 'etc', 'vs', 'cf', 'approx', 'incl', 'excl', 'resp', 'viz'] as const

const escaped = (a: string) => a.replace(/\./g, '\\.')

/**
 * Regular-expression source (for a case-insensitive pattern) of one full stop that belongs to an
 * abbreviation: its final one ("e.g.") or one inside it ("i.e" of "i.e."). A word that merely ends
 * in these letters ("Pi.", "eve.") is not one.
 */
export const ABBREVIATION_DOT = [
  `(?<=\\b(?:${ABBREVIATIONS.map(escaped).join('|')}))\\.`,
  ...ABBREVIATIONS.filter((a) => a.includes('.')).map((a) => {
    const [head, tail] = a.split('.') as [string, string]
    return `(?<=\\b${head})\\.(?=${tail}\\.)`
  }),
].join('|')
