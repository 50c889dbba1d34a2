/*
 * The verbatim check of a checklist judge's quote. A quote counts only if it occurs in the text the
 * judge was shown (the blinded deliverable), after one normalisation applied to both sides alike:
 * Unicode NFKC; curly quotes made straight; markdown emphasis and code markers (`*`, backticks)
 * removed; table pipes read as spaces; every run of whitespace one space; case ignored. A quote may
 * elide with "…" or "...": each fragment must then occur, in order. A quote shorter than
 * MIN_QUOTE_CHARS (after normalisation) proves nothing and does not count.
 */

/** Normalised characters a quote must hold to prove that an item is met. */
export const MIN_QUOTE_CHARS = 12

/** The normal form in which quotes and deliverables are compared (see the comment above). */
export function normaliseForQuote(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u2018\u2019\u201b]/g, "'")
    .replace(/[\u201c\u201d\u201f]/g, '"')
    .replace(/[*`]+/g, '')
    // Pipes and whitespace runs become one space; a lone space, most of them, is left as it is (no replacement to make).
    .replace(/[\s|]{2,}|[^\S ]|\|/g, ' ')
    .trim()
    .toLowerCase()
}

export type QuoteCheck = { verified: true } | { verified: false; reason: string }

/** Whether `quote` occurs verbatim (in the normal form) in `normalisedText`, which must already be normalised. */
export function checkQuote(quote: string, normalisedText: string): QuoteCheck {
  const fragments = normaliseForQuote(quote)
    .split(/\s*(?:…|\.\.\.)\s*/)
    .filter((f) => f.length > 0)
  const length = fragments.reduce((s, f) => s + f.length, 0)
  if (length === 0) return { verified: false, reason: 'no quote given' }
  if (length < MIN_QUOTE_CHARS) return { verified: false, reason: `quote shorter than ${MIN_QUOTE_CHARS} characters` }
  let from = 0
  for (const fragment of fragments) {
    const at = normalisedText.indexOf(fragment, from)
    if (at < 0) return { verified: false, reason: `quote not found verbatim in the deliverable: "${fragment.slice(0, 80)}"` }
    from = at + fragment.length
  }
  return { verified: true }
}
