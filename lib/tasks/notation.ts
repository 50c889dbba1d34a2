import { ABBREVIATION_DOT } from '../abbreviations.js'

/*
 * Regular-expression fragments for figures as finance writing states them, for checklist patterns:
 * "€8,000", "EUR 8,000", "8 000 €" (with a space, a no-break or a narrow no-break space between the
 * groups), "8,000.00"; "0.5 %", "0.50 %", "50 bps". A pattern built from them does not depend on
 * the notation a model happens to use.
 */

/** Between two groups of three digits: nothing, a comma, a dot, a space, a no-break space or a narrow no-break space. */
export const GROUP = '[,. \\u00a0\\u202f]?'
/** Between a currency and its amount. */
export const GAP = '[ \\u00a0\\u202f]?'
/** Not the tail of a longer number ("18,000" is not "8,000"; "0.8000" neither). */
export const NOT_AFTER_DIGIT = '(?<![\\d.,])'
/** Not followed by another group of three digits ("1,533" of "1,533,000"; "1,532.96" is fine). */
export const NO_MORE_GROUPS = '(?![\\d]|[.,]\\d{3})'
/** Not the head of a longer number ("8,000,000" is not "8,000"; "8,000.5" neither). */
const NOT_BEFORE_DIGIT = '(?![\\d]|[.,]\\d)'

/** A whole number with or without thousands separators, and with or without zero cents: figure(8000) meets 8,000 / 8.000 / 8 000 / 8000 / 8,000.00. */
export function figure(n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new Error(`figure: expected a whole number ≥ 0, got ${n}`)
  const digits = String(n)
  const head = digits.length % 3 || 3
  const groups = [digits.slice(0, head), ...(digits.slice(head).match(/\d{3}/g) ?? [])]
  return `${NOT_AFTER_DIGIT}${groups.join(GROUP)}(?:[.,]0{1,2})?${NOT_BEFORE_DIGIT}`
}

/** A euro amount: € or EUR before it or after it (or "euros" after it), figure(n) as written. */
export function euros(n: number): string {
  const amount = figure(n)
  return `(?:(?:€|\\bEUR)${GAP}${amount}|${amount}${GAP}(?:€|EUR\\b|euros?\\b))`
}

/** A percentage with or without trailing zeros, or the same in basis points: percent('0.5') meets 0.5 %, 0.50%, 50 bps, 50 basis points. */
export function percent(value: string): string {
  if (!/^\d+(\.\d+)?$/.test(value)) throw new Error(`percent: expected a decimal number such as 0.5, got ${value}`)
  const [whole, fraction = ''] = value.split('.')
  const written = fraction === '' ? `${whole}(?:\\.0+)?` : `${whole}\\.${fraction}0*`
  const bps = String(Math.round(Number(value) * 10_000) / 100)
  return `(?:${NOT_AFTER_DIGIT}${written}\\s?%|${NOT_AFTER_DIGIT}${bps.replace('.', '\\.')}\\s?(?:bps|basis points)\\b)`
}

/**
 * Up to `n` characters within one clause: no line break, no ; and no full stop, although a decimal
 * point (0.02) and the full stops of an abbreviation ("i.e.", "e.g.", "etc.": lib/abbreviations.ts) are fine.
 */
export function inClause(n: number): string {
  return `(?:[^.;\\n]|\\.\\d|${ABBREVIATION_DOT}){0,${n}}`
}
