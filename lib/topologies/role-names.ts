import { createHash } from 'node:crypto'
import { PROPOSED_ROLE_PREFIX } from './types.js'

/**
 * Names and ids of the roles self_decompose proposes. A name may be in any script; its id must be a
 * snake_case id ([a-z][a-z0-9_]*), as memory audiences, cost keys and task role ids are.
 */

/** The fewest letters or digits a proposed role name may have: "QA" and "UX" are real names. */
export const MIN_ROLE_NAME_LETTERS = 2

/** Runs of what separates words in a name: spaces, invisible format characters and punctuation other than "#" (C# is not C). */
const SEPARATORS = /(?:(?!#)[\s\p{P}\p{Cc}\p{Cf}])+/gu
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/gu

/**
 * What makes two role names one role: the name in Unicode compatibility form (NFKC), lowercase,
 * with its word separators as single "_". Letters of every script, digits and symbols such as "+"
 * and "#" are kept, so "C++ reviewer", "C# reviewer" and "C reviewer" are three roles while
 * "QA Lead" and "qa-lead" are one.
 */
export function roleKey(name: string): string {
  return name.normalize('NFKC').toLowerCase().normalize('NFKC').replace(SEPARATORS, '_').replace(/^_+|_+$/g, '')
}

/** How many letters or digits (of any script) a name has. */
export function roleNameLetters(name: string): number {
  return name.match(LETTER_OR_DIGIT)?.length ?? 0
}

/** Hex digits of a name's digest in an id; enough that two of at most five roles practically never share one. */
export const ROLE_ID_DIGEST_DIGITS = 8

/**
 * A stable agent id for a proposed role; the "proposed_" prefix keeps it apart from task roles and
 * structural ids. A name whose key is plain ASCII letters and digits gets that key
 * ("DevOps / CI Engineer" → proposed_devops_ci_engineer). Any other name keeps the ASCII letters and
 * digits it has (accents dropped) and adds "__" and the first digits of its key's SHA-256 digest
 * ("C++ reviewer" → proposed_c_reviewer__…, "Безопасность" → proposed__…). A plain key never holds
 * "__", so such an id never equals a plain one; two such ids coincide only when the digests of
 * distinct keys share their first digits, a proposal RoleProposal refuses by naming both names.
 */
export function proposedRoleId(name: string): string {
  const key = roleKey(name)
  const ascii = key.normalize('NFKD').replace(/\p{M}+/gu, '').replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '')
  if (ascii === key && ascii !== '') return `${PROPOSED_ROLE_PREFIX}${ascii}`
  const digest = createHash('sha256').update(key).digest('hex').slice(0, ROLE_ID_DIGEST_DIGITS)
  return ascii === '' ? `${PROPOSED_ROLE_PREFIX}_${digest}` : `${PROPOSED_ROLE_PREFIX}${ascii}__${digest}`
}
