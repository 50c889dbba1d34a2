import { registerSecret } from './redact.js'

/*
 * A key can travel in an endpoint's URL: as its user name or password, as a query parameter
 * (`?key=…`, `?api_key=…`), or as a piece of its path (a gateway's token, `/v1;key=…`). Such a URL
 * is a setting, not a Secret, so these parts are made known to the redactor here: an endpoint that
 * echoes the URL it was called with, and every message that names the endpoint, then show
 * "[redacted]" in their place.
 */

/**
 * A part of a URL that looks like a token rather than a name: long, of letters and digits with
 * at most two separators. Names such as "v1", "openai", "2024-06-01" or a deployment's
 * "gpt-4o-mini-2024-07-18" are not: registering them would remove them from every record, the
 * model's name included.
 */
export function looksLikeToken(part: string): boolean {
  return part.length >= 20 && /^[A-Za-z0-9_\-.~+=]+$/.test(part) && (part.match(/[-_.]/g)?.length ?? 0) <= 2 && /[A-Za-z]/.test(part) && /\d/.test(part)
}

/** Query parameters whose value is a credential whatever it looks like. */
const CREDENTIAL_PARAM = /key|token|secret|auth|sig|pass|cred/i

function decoded(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/**
 * The parts of `url` where a key may hide: its password; its user name, fragment, path pieces and
 * query values that look like tokens; and the value of any query parameter named like a credential
 * (`key`, `api_key`, `token`, `sig`, …).
 */
export function urlSecrets(url: string): string[] {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return []
  }
  const credentials = [...u.searchParams].filter(([name]) => CREDENTIAL_PARAM.test(name)).map(([, value]) => value)
  const tokenLike = [decoded(u.username), decoded(u.hash.slice(1)), ...u.searchParams.values(), ...decoded(u.pathname).split(/[/;=,&\s]+/)].filter(looksLikeToken)
  return [...new Set([decoded(u.password), ...credentials, ...tokenLike])].filter((p) => p.trim() !== '')
}

/** Makes the parts of `url` where a key may hide known to the redactor (lib/redact.ts). */
export function registerUrlSecrets(url: string | null | undefined): void {
  if (url) for (const part of urlSecrets(url)) registerSecret(part)
}
