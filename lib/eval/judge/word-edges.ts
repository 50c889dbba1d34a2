/**
 * Where a name starts and ends inside a text, in any script. `\b` and `\w` know only the ASCII
 * letters, digits and "_": "\bБезопасность" never matches after a space, and "Ασφάλεια(?!\w)"
 * matches inside "Ασφάλειας". Here a letter, a combining mark or a digit of any script is part of
 * a word, so a name in any script is found at its edges as an ASCII one is, and on ASCII text these
 * edges are `\b` and `(?![\w-])`. A pattern that holds them needs the `u` flag: without it `\p{L}`
 * reads as the letters "p{L}".
 */

/** What a word is made of, as the body of a character class. */
export const WORD_CHARACTER = String.raw`\p{L}\p{M}\p{N}_`

/** Before a name: no word character. */
export const NAME_START = `(?<![${WORD_CHARACTER}])`

/** After a name: no word character and no hyphen ("Security Engineers" and "Security Engineer-led" name someone else). */
export const NAME_END = `(?![${WORD_CHARACTER}-])`
