// XEP-0352 client state indication: while nobody looks at the window, tell the server so it can
// hold back what is not urgent (presence updates, chat states) until we look again. Only when the
// server offers it in its stream features. A new stream starts "active" on the server's side; a
// resumed one may have kept the old stream's state or not (the XEP leaves it to the server), so
// after a resumption we say where we are either way. Layer: electron/core (state; sending injected).
import xml, { type Element } from '@xmpp/xml'
import { NS } from '../ns'

export function csiElement(active: boolean): Element {
  return xml(active ? 'active' : 'inactive', { xmlns: NS.csi })
}

export interface CsiLink {
  readonly online: boolean
  /** Stream features of the current stream (namespaces). */
  readonly features: ReadonlySet<string>
  send(element: Element): Promise<void>
}

export class ClientStateIndication {
  /** What the server believes for the current stream; null when we cannot know (resumed, or not online yet). */
  #told: boolean | null = null

  constructor(
    private readonly link: CsiLink,
    private active: boolean,
  ) {}

  /** The window was shown (true) or hidden/minimised (false). */
  async set(active: boolean): Promise<void> {
    this.active = active
    await this.#sync()
  }

  /** A stream is ready: a new one starts active at the server, a resumed one is unknown. */
  async streamReady(resumed: boolean): Promise<void> {
    this.#told = resumed ? null : true
    await this.#sync()
  }

  async #sync(): Promise<void> {
    if (!this.link.online || !this.link.features.has(NS.csi) || this.#told === this.active) return
    // Noted before the write, so a quick hide-show-hide sends each change in order, never one twice.
    this.#told = this.active
    await this.link.send(csiElement(this.active))
  }
}
