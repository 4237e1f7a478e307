// The message side of a session: stores verified incoming messages (live, carbons, archive
// pages), answers receipt requests, applies receipts and displayed markers to our own messages,
// and sends our displayed marker when the user reads. Every change is committed to the archive
// before it is emitted. Layer: electron/core (Node).
import { randomUUID } from 'node:crypto'
import type { EventName, EventPayload } from '../../shared/ipc/contract'
import type { MessageState } from '../../shared/types/domain'
import type { Archive, StoreResult } from './archive/archive'
import type { ContactsHandler } from './contacts-handler'
import { displayedStanza, receiptStanza, type MessageChange } from './xmpp/features/chat'
import { mdsFetch, mdsPublish, mdsSubscribe, parseMdsItems, type DisplayedUpTo } from './xmpp/features/mds'
import { NS } from './xmpp/ns'
import type { Inbound } from './xmpp/inbound'
import type { XmppSession } from './xmpp/session'

type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void

export class Messaging {
  /** The last displayed marker we sent per conversation, so reading twice sends it once. */
  readonly #markerSent = new Map<string, string>()
  /** The last XEP-0490 position we published per conversation. */
  readonly #published = new Map<string, string>()

  constructor(
    private readonly archive: Archive,
    private readonly account: string,
    private readonly session: XmppSession,
    private readonly contacts: ContactsHandler,
    private readonly emit: Emit,
    private readonly unreadChanged: (conversations: StoreResult['conversations']) => void,
    /** Tells the outbox a message bounced, so a retry is not mistaken for one still in flight. */
    private readonly bounced: (originId: string) => void,
  ) {}

  /**
   * Emits what a store did. New messages from before `newSince` (epoch ms) are history and go out
   * as 'messages:archived', which never notifies; the rest as 'messages:added'. Live traffic passes
   * 0; archive catch-up passes the session start, so a message that reached the archive first
   * during catch-up is still announced.
   */
  published(result: StoreResult, newSince: number): void {
    const history = result.added.filter((m) => m.timestamp < newSince)
    const fresh = result.added.filter((m) => m.timestamp >= newSince)
    if (history.length > 0) this.emit('messages:archived', history)
    if (fresh.length > 0) this.emit('messages:added', fresh)
    if (result.reconciled?.length) this.emit('messages:state', result.reconciled)
    if (result.conversations.length > 0) {
      this.unreadChanged(result.conversations)
      this.emit('conversations:changed', result.conversations)
    }
  }

  async handle(inbound: Inbound): Promise<void> {
    switch (inbound.kind) {
      case 'chat': {
        this.published(await this.archive.storeIncoming(this.account, [inbound.message]), 0)
        // XEP-0184 §Security: receipts only to those allowed to see our presence, only for live messages.
        const id = inbound.stanzaId
        if (inbound.receiptRequested && id && this.contacts.seesOurPresence(inbound.message.conversation))
          await this.session.send(receiptStanza(inbound.message.senderJid, id, randomUUID())).catch(() => {})
        return
      }
      case 'delivered': {
        // Matched by (counterpart, id), never by id alone (security notes A19).
        const message = await this.archive.findOutgoing(this.account, inbound.peer, inbound.id)
        if (message) this.#states(await this.archive.setStates(this.account, [{ id: message.id, state: 'delivered' }]))
        return
      }
      case 'displayed':
        this.#states(await this.archive.markReadUpTo(this.account, inbound.peer, inbound.id))
        return
      case 'change':
        await this.applyChange(inbound.change)
        return
      case 'displayed-sync':
        await this.#readElsewhere(inbound.items)
        return
      case 'read-elsewhere': {
        const summary = await this.archive.markRead(this.account, inbound.peer)
        if (summary) this.published({ added: [], conversations: [summary] }, 0)
        return
      }
      case 'message-error': {
        const message = await this.archive.findOutgoing(this.account, inbound.peer, inbound.id)
        if (!message) return
        this.bounced(inbound.id)
        this.#states(await this.archive.setStates(this.account, [{ id: message.id, state: 'failed' }]))
        return
      }
      default:
        return
    }
  }

  /** Applies a correction or retraction (the archive checks it comes from the original sender). */
  async applyChange(change: MessageChange): Promise<void> {
    const updated =
      change.kind === 'correction' ? await this.archive.applyCorrection(this.account, change) : await this.archive.applyRetraction(this.account, change)
    if (!updated) return
    this.emit('messages:updated', [updated])
    // The chat list preview may have shown the old text.
    const summary = (await this.archive.conversations(this.account)).find((c) => c.jid === updated.conversation)
    if (summary) this.emit('conversations:changed', [summary])
  }

  /**
   * XEP-0490 at session start (after the archive catch-up, so the messages it names are stored):
   * follow our other devices' reads from now on, and apply what they read while we were away.
   */
  async syncDisplayed(fullJid: string): Promise<void> {
    await this.session.iq(mdsSubscribe(fullJid)).catch(() => {})
    const reply = await this.session.iq(mdsFetch()).catch(() => null)
    const items = reply?.getChild('pubsub', NS.pubsub)?.getChild('items', NS.pubsub)
    if (items) await this.#readElsewhere(parseMdsItems(items, this.account))
  }

  async #readElsewhere(items: DisplayedUpTo[]): Promise<void> {
    const changed = []
    for (const item of items) {
      const summary = await this.archive.readUpToArchiveId(this.account, item.conversation, item.archiveId)
      if (summary) changed.push(summary)
    }
    if (changed.length > 0) this.published({ added: [], conversations: changed }, 0)
  }

  /** The user read the conversation: tell the peer (XEP-0333) if they may know, once per message. */
  async markedRead(conversation: string): Promise<void> {
    await this.#publishDisplayed(conversation)
    if (!this.session.online || !this.contacts.seesOurPresence(conversation)) return
    const last = await this.archive.lastMarkable(this.account, conversation)
    if (!last || this.#markerSent.get(conversation) === last.originId) return
    this.#markerSent.set(conversation, last.originId)
    await this.session.send(displayedStanza(conversation, last.originId, randomUUID())).catch(() => {})
  }

  /** XEP-0490: tell our other devices how far we read (the newest incoming message with an archive id). */
  async #publishDisplayed(conversation: string): Promise<void> {
    if (!this.session.online) return
    const archiveId = await this.archive.lastIncomingArchiveId(this.account, conversation)
    if (archiveId && this.#published.get(conversation) !== archiveId) {
      this.#published.set(conversation, archiveId)
      await this.session.iq(mdsPublish(this.account, { conversation, archiveId })).catch(() => this.#published.delete(conversation))
    }
  }

  #states(changes: { id: number; state: MessageState }[]): void {
    if (changes.length > 0) this.emit('messages:state', changes)
  }
}
