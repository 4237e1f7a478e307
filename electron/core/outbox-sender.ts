// Sends what the durable outbox holds, exactly once per session: a message leaves `pending` only
// when the server acknowledged it (XEP-0198 <a/>) or, without stream management, when the socket
// write completed. Messages still awaiting an ack are "in flight"; a resumed session re-sends them
// itself (xmpp.js), a failed resumption hands them back, and the next flush sends them again with
// the same id and origin-id, so the recipient can drop a duplicate. Layer: electron/core (Node).
import type { Element } from '@xmpp/xml'
import type { MessageState } from '../../shared/types/domain'
import type { Archive } from './archive/archive'
import type { OutboxItem } from './archive/archive'

export interface OutboxTransport {
  readonly online: boolean
  /** True when the current stream has XEP-0198 enabled (acks will come). */
  readonly acksEnabled: boolean
  send(stanza: Element): Promise<void>
}

export type StateListener = (changes: { id: number; state: MessageState }[]) => void

export class OutboxSender {
  /** origin-id → archive message id, for messages written to the stream but not yet acknowledged. */
  readonly #inFlight = new Map<string, number>()
  #flushing: Promise<void> = Promise.resolve()

  constructor(
    private readonly archive: Archive,
    private readonly account: string,
    private readonly transport: OutboxTransport,
    private readonly onStates: StateListener,
    /** The stanza for an item; null while it cannot go out yet (a room we are not in): it stays queued. */
    private readonly stanzaFor: (item: OutboxItem) => Element | null,
  ) {}

  /** Sends every pending message that is not already in flight; calls are serialised. */
  flush(): Promise<void> {
    this.#flushing = this.#flushing.then(() => this.#flushNow()).catch(() => {})
    return this.#flushing
  }

  async #flushNow(): Promise<void> {
    if (!this.transport.online) return
    for (const item of await this.archive.outbox(this.account)) {
      if (this.#inFlight.has(item.originId)) continue
      if (!this.transport.online) return
      const stanza = this.stanzaFor(item)
      if (!stanza) continue
      await this.archive.noteAttempt(this.account, item.messageId)
      const withAcks = this.transport.acksEnabled
      this.#inFlight.set(item.originId, item.messageId)
      try {
        await this.transport.send(stanza)
      } catch {
        this.#inFlight.delete(item.originId)
        return // offline again: the next session flushes
      }
      if (!withAcks) await this.#settle(item.originId, 'sent')
    }
  }

  /** The server acknowledged a stanza (XEP-0198). */
  async acked(stanza: Element): Promise<void> {
    if (stanza.name !== 'message' || !stanza.attrs.id) return
    await this.#settle(stanza.attrs.id, 'sent')
  }

  /** A failed resumption lost the stanza: it stays pending and goes out with the next flush. */
  failed(stanza: Element): void {
    if (stanza.name === 'message' && stanza.attrs.id) this.forget(stanza.attrs.id)
  }

  /** The message bounced: it is no longer in flight, whatever ack may still come for it. */
  forget(originId: string): void {
    this.#inFlight.delete(originId)
  }

  async #settle(originId: string, state: MessageState): Promise<void> {
    const id = this.#inFlight.get(originId)
    if (id === undefined) return
    this.#inFlight.delete(originId)
    const changed = await this.archive.setStates(this.account, [{ id, state }])
    if (changed.length > 0) this.onStates(changed)
  }
}
