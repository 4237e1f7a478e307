// Notices a dead connection (XEP-0199 §4.2 client-to-server pings). A connection that silently
// stopped carrying bytes (NAT timeout, sleep, a dead Wi-Fi) keeps its socket open for as long as
// nobody writes; with nothing to send we would believe we are online forever. So: after `idleMs`
// without a single byte from the server, ask it something it must answer; when nothing at all
// arrives within `answerMs`, the connection is dead and the session reconnects. Any inbound
// element counts as an answer. Layer: electron/core (timers only; what to send is injected).
import xml, { type Element } from '@xmpp/xml'
import { NS } from './ns'

export interface KeepalivePolicy {
  /** Silence from the server before we ask (ms). */
  idleMs: number
  /** How long the server may take to say anything after we asked (ms). */
  answerMs: number
}

/** A desktop on a mains network: ask after a minute of silence, give up 30 s later. */
export const KEEPALIVE: KeepalivePolicy = { idleMs: 60_000, answerMs: 30_000 }

export interface KeepaliveLink {
  /** Sends something the server must answer. */
  probe(): void
  /** Nothing came back in time: drop the connection so the session reconnects. */
  dead(): void
}

export class Keepalive {
  #idle: NodeJS.Timeout | null = null
  #answer: NodeJS.Timeout | null = null

  constructor(
    private readonly link: KeepaliveLink,
    private readonly policy: KeepalivePolicy = KEEPALIVE,
  ) {}

  /** The stream is up: start counting silence. */
  start(): void {
    this.stop()
    this.#armIdle()
  }

  /** The server sent something: the connection is alive, silence starts over. */
  heard(): void {
    if (this.#idle === null && this.#answer === null) return // not running
    this.#clearAnswer()
    this.#armIdle()
  }

  stop(): void {
    if (this.#idle) clearTimeout(this.#idle)
    this.#idle = null
    this.#clearAnswer()
  }

  #armIdle(): void {
    if (this.#idle) clearTimeout(this.#idle)
    this.#idle = setTimeout(() => this.#ask(), this.policy.idleMs)
  }

  #ask(): void {
    this.#idle = null
    this.#answer = setTimeout(() => {
      this.#answer = null
      this.link.dead()
    }, this.policy.answerMs)
    this.link.probe()
  }

  #clearAnswer(): void {
    if (this.#answer) clearTimeout(this.#answer)
    this.#answer = null
  }
}

/**
 * What to ask: with XEP-0198 on, an ack request <r/> (a nonza the server answers with <a/>, and
 * nothing for the stanza counters); otherwise an XEP-0199 ping to our server.
 */
export function keepaliveProbe(acksEnabled: boolean, domain: string, id: string): Element {
  return acksEnabled ? xml('r', { xmlns: NS.sm }) : xml('iq', { type: 'get', to: domain, id }, xml('ping', { xmlns: NS.ping }))
}
