// Parses `xmpp:` URIs (RFC 5122, actions from XEP-0147) the OS hands the app when the user opens
// a link. Everything in one is attacker-written, so the parser accepts only the little it acts
// on: an account JID (local@domain) and the `message` (optional body) or `roster` action; any
// other action, an authority (`xmpp://account@…/`), a malformed escape or an oversized input is
// refused rather than guessed at. Layer: shared (pure).
import { LIMITS } from '../types/limits'
import { bareJid, parseJid } from '../types/jid'
import { stripXmlForbidden } from './xml-chars'

export type XmppUriAction =
  /** Open the conversation; `body` (plain text, may be empty) prefills the composer. */
  | { action: 'message'; jid: string; body: string | null }
  /** Offer to add the contact: the conversation view has the "Add contact" affordance. */
  | { action: 'roster'; jid: string }

/** Longer than any link a person sends: a JID and a full body, percent-encoded (3 chars a byte). */
export const MAX_XMPP_URI_CHARS = LIMITS.jid + 3 * LIMITS.body

const SCHEME = /^xmpp:/iu
/** C0/C1 controls other than tab and line feed: no meaning in a prefilled message. */
const CONTROL_IN_BODY = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/gu

/** The action a URI asks for, or null when it is not one we can safely act on. */
export function parseXmppUri(input: string): XmppUriAction | null {
  if (input.length > MAX_XMPP_URI_CHARS || !SCHEME.test(input)) return null
  // The fragment (RFC 5122 §2.2) means nothing to a client; it is dropped before anything else.
  const rest = input.slice('xmpp:'.length).split('#', 1)[0] ?? ''
  // An authority names which of the user's accounts to use; we have one, so we do not pretend.
  if (rest.startsWith('//')) return null
  const question = rest.indexOf('?')
  const path = decode(question === -1 ? rest : rest.slice(0, question))
  if (path === null) return null
  const parsed = parseJid(path)
  if (!parsed?.local || path.trim() !== path) return null
  const jid = bareJid(path)
  if (jid === null) return null
  if (question === -1) return { action: 'message', jid, body: null }
  const query = parseQuery(rest.slice(question + 1))
  if (query === null) return null
  switch (query.action) {
    case 'message': {
      const body = query.pairs.get('body')
      return { action: 'message', jid, body: body === undefined ? null : cleanBody(body) }
    }
    case 'roster':
      return { action: 'roster', jid }
    default:
      // `join`, `subscribe`, `remove`, `command`… are out of scope: refused, never half-done.
      return null
  }
}

/** Finds the first `xmpp:` URI among command-line arguments (Windows and Linux launches). */
export function findXmppUri(argv: readonly string[]): string | null {
  return argv.find((arg) => SCHEME.test(arg)) ?? null
}

/** `action;key=value;key=value`; the first occurrence of a key wins. */
function parseQuery(query: string): { action: string; pairs: Map<string, string> } | null {
  const [rawAction = '', ...rawPairs] = query.split(';')
  const action = decode(rawAction)
  if (action === null) return null
  const pairs = new Map<string, string>()
  for (const rawPair of rawPairs) {
    const equals = rawPair.indexOf('=')
    const key = decode(equals === -1 ? rawPair : rawPair.slice(0, equals))
    const value = decode(equals === -1 ? '' : rawPair.slice(equals + 1))
    if (key === null || value === null) return null
    if (!pairs.has(key)) pairs.set(key, value)
  }
  return { action, pairs }
}

/** Percent-decodes (UTF-8); null for a malformed escape instead of an exception. */
function decode(text: string): string | null {
  try {
    return decodeURIComponent(text)
  } catch {
    return null
  }
}

function cleanBody(body: string): string {
  let text = stripXmlForbidden(body).replace(CONTROL_IN_BODY, '')
  // The contract counts UTF-16 units; cut there, but never inside a surrogate pair.
  if (text.length > LIMITS.body) text = text.slice(0, /[\ud800-\udbff]/u.test(text[LIMITS.body - 1] ?? '') ? LIMITS.body - 1 : LIMITS.body)
  return text
}
