// The one way out of the app to the system browser. Every link (message bodies, window.open,
// the core's `link:open`) passes this allowlist: only well-formed http(s) URLs, re-serialized by
// the URL parser, reach shell.openExternal. Layer: electron/main (electron injected).
import { safeHttpUrl } from '../../shared/util/linkify'

/** The part of Electron's `shell` this module uses. */
export interface ShellPort {
  openExternal(url: string): Promise<void>
}

export class RefusedLinkError extends Error {
  override readonly name = 'RefusedLinkError'
  constructor() {
    // The URL itself stays out of the message: it is untrusted text and may be very long.
    super('Only http and https links can be opened')
  }
}

export function createExternalOpener(shell: ShellPort): (url: string) => Promise<void> {
  return async (url) => {
    const safe = safeHttpUrl(url)
    if (safe === null) throw new RefusedLinkError()
    await shell.openExternal(safe)
  }
}
