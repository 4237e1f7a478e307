// `xmpp:` links from the OS (XEP-0147): the app registers as the scheme's handler, and a link
// arrives as 'open-url' (macOS) or in the command line of the first or a second launch (Windows,
// Linux). A usable link brings the window up and asks the UI to open that conversation, with an
// optional body for an empty composer; anything else is ignored. A link that comes before the UI
// has loaded waits for it, since the renderer would not hear the event. Layer: electron/main.
import { findXmppUri, parseXmppUri, type XmppUriAction } from '../../shared/util/xmpp-uri'
import type { RendererEmitter } from './ipc-router'
import { revealWindow, type WindowPort } from './window'

export const XMPP_SCHEME = 'xmpp'

export interface ProtocolClientPort {
  readonly isPackaged: boolean
  setAsDefaultProtocolClient(protocol: string): boolean
}

/**
 * Registers the packaged app only: an unpackaged run would register the bare Electron binary,
 * taking the scheme from the user's real client for a build that cannot open it.
 */
export function registerXmppScheme(app: ProtocolClientPort): boolean {
  return app.isPackaged && app.setAsDefaultProtocolClient(XMPP_SCHEME)
}

export class XmppLinkRouter {
  #target: { window: WindowPort; emit: RendererEmitter } | null = null
  /** Only the latest link waits: it is the one the user clicked last. */
  #pending: XmppUriAction | null = null

  /** Acts on a link; false when it is not one we act on (nothing happens then). */
  open(uri: string): boolean {
    const action = parseXmppUri(uri)
    if (action === null) return false
    if (this.#target === null) this.#pending = action
    else this.#deliver(action)
    return true
  }

  /** Acts on the first `xmpp:` argument of a command line; false when there is none we act on. */
  openFromArgv(argv: readonly string[]): boolean {
    const uri = findXmppUri(argv)
    return uri !== null && this.open(uri)
  }

  /** The UI has loaded: links go straight to it from now on, a waiting one first. */
  attach(window: WindowPort, emit: RendererEmitter): void {
    this.#target = { window, emit }
    const pending = this.#pending
    this.#pending = null
    if (pending !== null) this.#deliver(pending)
  }

  #deliver(action: XmppUriAction): void {
    const target = this.#target
    if (target === null) return
    revealWindow(target.window)
    const body = action.action === 'message' && action.body ? { body: action.body } : {}
    target.emit('ui:open-conversation', { jid: action.jid, ...body })
  }
}
