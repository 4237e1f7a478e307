// The archive's API as the rest of the core sees it. The implementation runs every SQLite call in a
// worker thread (archive-client.ts ↔ archive-worker.ts), so every method is async.
// Layer: electron/core (Node). All methods are scoped by `account` (the bare JID signed in).
import type { ChatMessage, ConversationSummary, MessageState, Subscription } from '../../../shared/types/domain'

/** A message that arrived from the network, already verified and mapped by the protocol layer. */
export interface IncomingMessage {
  conversation: string // bare JID of the peer
  senderJid: string // full JID as received
  body: string
  originId: string | null // XEP-0359 origin-id (or message @id when no origin-id); sender-asserted
  timestamp: number // epoch ms, already clamped to <= receivedAt
  receivedAt: number
}

/** A message the user composed; stored as `pending` together with its outbox row, in one transaction. */
export interface OutgoingDraft {
  conversation: string
  body: string
  originId: string // UUID, also the stanza id
  timestamp: number
}

/** What still has to go out, oldest first. */
export interface OutboxItem {
  messageId: number
  conversation: string
  body: string
  originId: string
  timestamp: number
  attempts: number
}

export interface RosterItem {
  jid: string
  name: string
  groups: string[]
  subscription: Subscription
  pendingOut: boolean
}

export interface StoreResult {
  /** Only the messages that were new (duplicates by (conversation, sender bare JID, origin-id) are skipped). */
  added: ChatMessage[]
  /** Conversations whose summary changed. */
  conversations: ConversationSummary[]
}

export interface Archive {
  storeIncoming(account: string, messages: IncomingMessage[]): Promise<StoreResult>
  storeOutgoing(account: string, draft: OutgoingDraft): Promise<StoreResult>
  page(account: string, conversation: string, beforeId: number | null, limit: number): Promise<{ messages: ChatMessage[]; hasMore: boolean }>
  conversations(account: string): Promise<ConversationSummary[]>
  /** Sets unread to 0; returns the new summary (null when there is no such conversation). */
  markRead(account: string, conversation: string): Promise<ConversationSummary | null>
  outbox(account: string): Promise<OutboxItem[]>
  /** Records one more send attempt for an outbox item (before the stanza is written). */
  noteAttempt(account: string, messageId: number): Promise<void>
  /**
   * Moves messages to a new state. Leaving `pending` removes the outbox row in the same transaction.
   * Returns the rows that actually changed.
   */
  setStates(account: string, updates: { id: number; state: MessageState }[]): Promise<{ id: number; state: MessageState }[]>
  /** Looks up our own outgoing message by the id the peer refers to (for receipts later). */
  findOutgoing(account: string, conversation: string, originId: string): Promise<ChatMessage | null>
  loadRoster(account: string): Promise<{ version: string | null; items: RosterItem[] }>
  /** Replaces the whole cached roster (full roster result). */
  replaceRoster(account: string, version: string | null, items: RosterItem[]): Promise<void>
  /** Applies one roster push: upsert, or delete when subscription is 'remove'. */
  applyRosterPush(account: string, version: string | null, item: RosterItem | { jid: string; remove: true }): Promise<void>
  getSetting<T>(key: string): Promise<T | null>
  setSetting(key: string, value: unknown): Promise<void>
  deleteSetting(key: string): Promise<void>
  close(): Promise<void>
}
