// The one way out of the app to other programs. Every link (message bodies, window.open, the
// core's `link:open`) passes this allowlist, re-serialized by the URL parser before it reaches
// shell.openExternal: https opens; http only after the user confirms (it is unencrypted, anyone on
// the path can change the page); mailto opens the mail client. Anything else is refused: other
// schemes start local programs (file:, smb:, ms-msdt:, …). Layer: electron/main (electron injected).
import { safeHttpUrl } from '../../shared/util/linkify'

/** The part of Electron's `shell` this module uses. */
export interface ShellPort {
  openExternal(url: string): Promise<void>
}

/** Asks the user whether to open an unencrypted http link; resolves true to open it. */
export type ConfirmInsecure = (url: string) => Promise<boolean>

export type LinkDecision = { kind: 'open'; url: string } | { kind: 'confirm'; url: string } | { kind: 'refuse' }

/** Long enough for any real address with a subject; a mail client has no use for more. */
const MAX_MAILTO_LENGTH = 2048

export class RefusedLinkError extends Error {
  override readonly name = 'RefusedLinkError'
  constructor(message = 'Only https, http and mailto links can be opened') {
    // The URL itself stays out of the message: it is untrusted text and may be very long.
    super(message)
  }
}

// The WHATWG URL parser, reached through globalThis like shared/util/linkify.ts does.
const WhatwgUrl = (globalThis as unknown as { URL: new (input: string) => { protocol: string; pathname: string; href: string } }).URL

export function classifyExternalLink(candidate: string): LinkDecision {
  const web = safeHttpUrl(candidate)
  if (web !== null) return web.startsWith('https:') ? { kind: 'open', url: web } : { kind: 'confirm', url: web }
  let url: { protocol: string; pathname: string; href: string }
  try {
    url = new WhatwgUrl(candidate)
  } catch {
    return { kind: 'refuse' }
  }
  // mailto: needs an address before any ?subject=; the parser percent-encodes control characters.
  if (url.protocol === 'mailto:' && url.href.length <= MAX_MAILTO_LENGTH && isMailAddress(url.pathname)) return { kind: 'open', url: url.href }
  return { kind: 'refuse' }
}

function isMailAddress(encoded: string): boolean {
  try {
    return /^[^@\s/]+@[^@\s/]+$/u.test(decodeURIComponent(encoded))
  } catch {
    return false // a malformed %-escape
  }
}

export function createExternalOpener(shell: ShellPort, confirmInsecure: ConfirmInsecure): (url: string) => Promise<void> {
  return async (candidate) => {
    const decision = classifyExternalLink(candidate)
    if (decision.kind === 'refuse') throw new RefusedLinkError()
    if (decision.kind === 'confirm' && !(await confirmInsecure(decision.url))) throw new RefusedLinkError('The link was not opened')
    await shell.openExternal(decision.url)
  }
}
