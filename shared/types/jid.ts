// JIDs (RFC 7622) as plain strings, parsed and normalised without any runtime dependency.
// Layer: shared (pure). Identity comparisons in the app always go through `bareJid()`.
//
// Normalisation is deliberately modest: lowercase local part and domain, strip a trailing dot
// from the domain. Full PRECIS would need Unicode tables we do not ship; the server's form of a
// JID is what we store, and display code flags confusable characters separately.

export interface Jid {
  readonly local: string
  readonly domain: string
  readonly resource: string
}

const MAX_PART = 1023
// Characters RFC 7622 forbids in a localpart (plus whitespace and controls, forbidden everywhere).
const FORBIDDEN_LOCAL = /["&'/:<>@\s]/u
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u

/** RFC 7622 limits each part to 1023 octets of UTF-8 (not UTF-16 code units). */
function utf8Length(text: string): number {
  let octets = 0
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0
    octets += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4
  }
  return octets
}

/** Parses a JID string; returns null for anything that is not a usable JID. */
export function parseJid(input: string): Jid | null {
  const text = input.trim()
  if (text === '' || CONTROL.test(text)) return null
  const slash = text.indexOf('/')
  const beforeResource = slash === -1 ? text : text.slice(0, slash)
  const resource = slash === -1 ? '' : text.slice(slash + 1)
  const at = beforeResource.lastIndexOf('@')
  const local = at === -1 ? '' : beforeResource.slice(0, at)
  let domain = at === -1 ? beforeResource : beforeResource.slice(at + 1)
  if (domain.endsWith('.')) domain = domain.slice(0, -1)
  if (at !== -1 && local === '') return null
  if (slash !== -1 && resource === '') return null
  if (domain === '' || /[\s@/]/u.test(domain)) return null
  if (local !== '' && FORBIDDEN_LOCAL.test(local)) return null
  if (utf8Length(local) > MAX_PART || utf8Length(domain) > MAX_PART || utf8Length(resource) > MAX_PART) return null
  return { local: local.toLowerCase(), domain: domain.toLowerCase(), resource }
}

export function formatJid(jid: Jid): string {
  const bare = jid.local ? `${jid.local}@${jid.domain}` : jid.domain
  return jid.resource ? `${bare}/${jid.resource}` : bare
}

/** The normalised bare form (`local@domain`) of a JID string, or null when it does not parse. */
export function bareJid(input: string): string | null {
  const jid = parseJid(input)
  return jid ? formatJid({ ...jid, resource: '' }) : null
}

/** The resource part of a JID string ('' when there is none or it does not parse). */
export function resourceOf(input: string): string {
  return parseJid(input)?.resource ?? ''
}

/** True when the string is an account address: `local@domain` with no resource. */
export function isAccountJid(input: string): boolean {
  const jid = parseJid(input)
  return jid !== null && jid.local !== '' && jid.resource === ''
}
