// The archive's API as the rest of the core sees it. The implementation runs every SQLite call in a
// worker thread (archive-client.ts ↔ archive-worker.ts), so every method is async.
// Layer: electron/core (Node). All methods are scoped by `account` (the bare JID signed in).
import type { Attachment, ChatMessage, ConversationSummary, HistoryGap, MessageState, SearchFilters, SearchHit, Subscription } from '../../../shared/types/domain'
import type { StoredAttachment } from './attachments'
import type { RoomRecord } from './rooms'

/** A message that arrived from the network, already verified and mapped by the protocol layer. */
export interface IncomingMessage {
  conversation: string // bare JID of the peer
  senderJid: string // full JID as received
  body: string
  originId: string | null // XEP-0359 origin-id (or message @id when no origin-id); sender-asserted
  timestamp: number // epoch ms, already clamped to <= receivedAt
  receivedAt: number
  /** 'out' for our own messages sent from another device (sent carbons, archive). Default 'in'. */
  direction?: 'in' | 'out'
  /** Trusted id from our own archive (stanza-id by our bare JID, or the MAM result id). */
  archiveId?: string | null
  /** XEP-0333: the sender asked for displayed markers. */
  markable?: boolean
  /** The body is a shared file's link (xmpp/features/oob.ts). */
  attachment?: Attachment
  /** Set for a message in a room (the conversation is the room's bare JID). */
  room?: RoomMessageFields
}

/** Who sent a room message, as far as the room vouches for it, and the room archive's id for it. */
export interface RoomMessageFields {
  nick: string
  /**
   * The sender's identity for deduplication (origin-ids are unique per sender): our own account
   * for our messages, else the XEP-0421 occupant id when the room offers it, else room/nick.
   */
  senderKey: string
  occupantId: string | null
  /** The room's stanza-id (XEP-0359, by = the room), trusted only when the room stamps them. */
  archiveId: string | null
  /** Sent with our nick: it is ours when one of our own sent messages has its origin-id (the reflection). */
  mayBeOwn: boolean
  /** It mentions our nick in the room. */
  mentionsUs?: boolean
}

/** A XEP-0308 correction: new text for the message `replaceId` of the same sender. */
export interface Correction {
  conversation: string
  senderBare: string
  replaceId: string
  /** The correction's own id, so a later correction of it resolves to the original. */
  originId: string | null
  body: string
  timestamp: number
  /** In a room without occupant ids: only messages from when the nick's current holder was there. */
  notBefore?: number
}

/** A XEP-0424 retraction of the message `targetId` of the same sender. */
export interface Retraction {
  conversation: string
  senderBare: string
  targetId: string
  timestamp: number
  notBefore?: number
}

/** A message the user composed; stored as `pending` together with its outbox row, in one transaction. */
export interface OutgoingDraft {
  conversation: string
  body: string
  originId: string // UUID, also the stanza id
  timestamp: number
  /** In a room: our nick there. */
  senderNick?: string
  /** A file we uploaded; `body` is its link and the stanza carries it as OOB. */
  attachment?: Attachment
}

/** What still has to go out, oldest first. */
export interface OutboxItem {
  messageId: number
  conversation: string
  body: string
  originId: string
  timestamp: number
  attempts: number
  /** The shared file's link for a file message, sent as OOB; null otherwise. */
  oobUrl: string | null
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
  /**
   * Our own pending messages the archive proved the server already has: now 'sent' and out of the
   * outbox, so a failed stream resumption does not send them twice.
   */
  reconciled?: { id: number; state: MessageState }[]
}

/** A search as the archive runs it: the user's text (filter syntax included) plus UI filters. */
export interface SearchRequest {
  text: string
  filters: SearchFilters
  /** Opaque keyset cursor from a previous result's `nextCursor`. */
  cursor: string | null
  limit: number
}

export interface SearchResult {
  hits: SearchHit[]
  nextCursor: string | null
}

/** XEP-0115 capabilities whose `ver` we recomputed from the disco#info answer ourselves. */
export interface VerifiedCaps {
  hash: string
  ver: string
  features: string[]
}

export interface Archive {
  storeIncoming(account: string, messages: IncomingMessage[]): Promise<StoreResult>
  storeOutgoing(account: string, draft: OutgoingDraft): Promise<StoreResult>
  page(account: string, conversation: string, beforeId: number | null, limit: number): Promise<{ messages: ChatMessage[]; hasMore: boolean }>
  /** The page just newer than `afterId`, oldest first. */
  newer(account: string, conversation: string, afterId: number, limit: number): Promise<{ messages: ChatMessage[]; hasMore: boolean }>
  /** `context` messages on each side of `messageId` plus the message itself, oldest first. */
  around(account: string, conversation: string, messageId: number, context: number): Promise<{ messages: ChatMessage[]; hasOlder: boolean; hasNewer: boolean }>
  /**
   * Full-text search, newest first. Latest wins: when another search is issued before this one
   * reached the worker, this one resolves with 'superseded' without running.
   */
  search(account: string, request: SearchRequest): Promise<SearchResult | 'superseded'>
  conversations(account: string): Promise<ConversationSummary[]>
  /** Sets unread to 0; returns the new summary (null when there is no such conversation). */
  markRead(account: string, conversation: string): Promise<ConversationSummary | null>
  /**
   * Stores one page from a server archive and moves that archive's sync cursor to `cursor` in the
   * same transaction, so the cursor never runs ahead of the messages.
   */
  storeArchivePage(account: string, archive: string, messages: IncomingMessage[], cursor: string | null): Promise<StoreResult>
  /** The archive's sync cursor: the newest committed archive id, or null before the first sync. */
  syncCursor(account: string, archive: string): Promise<string | null>
  /** An older page of one conversation (oldest first), stored before every stored message; how many were new. */
  storeOlderPage(account: string, conversation: string, messages: IncomingMessage[], complete: boolean): Promise<number>
  /** The oldest stored message's time and oldest archive id in this conversation, and whether the server's start was reached. */
  olderEdge(account: string, conversation: string): Promise<{ oldest: number | null; oldestArchiveId: string | null; complete: boolean }>
  /** The archive id of the newest message in this conversation that has one. */
  newestArchiveIdIn(account: string, conversation: string): Promise<string | null>
  /** The time of the newest message that came with an id from our server archive; null when none. */
  syncedUpTo(account: string): Promise<number | null>
  /** Messages from `from` to `to` may be missing; what is stored from now on lies after that gap. */
  recordGap(account: string, from: number, to: number): Promise<void>
  gapsIn(account: string, conversation: string): Promise<HistoryGap[]>
  /** XEP-0333 displayed marker from the peer: our messages up to `originId` become read. */
  markReadUpTo(account: string, conversation: string, originId: string): Promise<{ id: number; state: MessageState }[]>
  /** XEP-0490: read elsewhere up to the message with this archive id; the new summary, or null. */
  readUpToArchiveId(account: string, conversation: string, archiveId: string): Promise<ConversationSummary | null>
  /** The archive id of the newest incoming message (what our XEP-0490 marker points at). */
  lastIncomingArchiveId(account: string, conversation: string): Promise<string | null>
  /** The id to put in our displayed marker: the newest incoming markable message, if any. */
  lastMarkable(account: string, conversation: string): Promise<{ originId: string; sender: string } | null>
  /** Applies a correction from the original sender; null when it does not apply. */
  applyCorrection(account: string, correction: Correction): Promise<ChatMessage | null>
  /** Applies a retraction from the original sender: the text leaves the archive and the index. */
  applyRetraction(account: string, retraction: Retraction): Promise<ChatMessage | null>
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
  /** The file one of this account's messages shares, with who sent it; null when none. */
  messageAttachment(account: string, id: number): Promise<StoredAttachment | null>
  loadRoster(account: string): Promise<{ version: string | null; items: RosterItem[] }>
  /** Replaces the whole cached roster (full roster result). */
  replaceRoster(account: string, version: string | null, items: RosterItem[]): Promise<void>
  /** Applies one roster push: upsert, or delete when subscription is 'remove'. */
  applyRosterPush(account: string, version: string | null, item: RosterItem | { jid: string; remove: true }): Promise<void>
  /** Every verified caps entry, oldest first. Not scoped by account. */
  capsEntries(): Promise<VerifiedCaps[]>
  /** Remembers a verified entry (the oldest are evicted past a fixed limit). */
  storeCaps(entry: VerifiedCaps): Promise<void>
  /** The avatar (SHA-1 hex, a verified file in the avatar cache) this contact uses; null: none known. */
  avatarHash(account: string, jid: string): Promise<string | null>
  /** Sets (or, with null, forgets) the contact's avatar. */
  setAvatarHash(account: string, jid: string, hash: string | null): Promise<void>
  /** A room's moderator removed the message with this room stanza-id (XEP-0425); null when unknown or already gone. */
  applyModeration(account: string, room: string, roomArchiveId: string, timestamp: number): Promise<ChatMessage | null>
  /** The room's stanza-id of a stored room message; null when it has none. */
  roomArchiveIdOf(account: string, room: string, messageId: number): Promise<string | null>
  /** The rooms we are in or have bookmarked, as last saved. */
  rooms(account: string): Promise<RoomRecord[]>
  /** Adds or replaces a room's record. */
  saveRoom(account: string, room: RoomRecord): Promise<void>
  /** Forgets a room (its messages stay). */
  deleteRoom(account: string, jid: string): Promise<void>
  getSetting<T>(key: string): Promise<T | null>
  setSetting(key: string, value: unknown): Promise<void>
  deleteSetting(key: string): Promise<void>
  close(): Promise<void>
}
