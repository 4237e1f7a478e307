// The IPC contract between the renderer and the core: every command with its request and response
// schema, every event with its payload schema. One source of truth for the Electron preload/router
// and the browser host's WebSocket. Layer: shared (pure).
//
// Passwords travel one way only (renderer → core, in `account:sign-in`); no command returns one.
import { z } from 'zod'
import {
  LIMITS,
  accountSettings,
  blockingState,
  chatMessage,
  connectionState,
  contact,
  contactPresence,
  conversationSummary,
  historyGap,
  jidString,
  messageState,
  outgoingChatState,
  ownPresence,
  searchFilters,
  searchHit,
  subscriptionRequest,
} from '../types/domain'
import { ownProfileEdit, vcardView } from '../types/profile'
import { hostSettings } from '../types/notification-settings'
import { FILE_LIMITS } from '../util/attachment'
import { nickString, occupant, room, roomCreateConfig, roomInfo, roomInvitation, roomJoinError, roomListing, roomNotify } from '../types/room'

const nothing = z.null()
const uploadId = z.uuid()
const base64Chunk = z
  .string()
  .max(Math.ceil(FILE_LIMITS.chunkBytes / 3) * 4)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/u)

export const commands = {
  /** Everything the renderer needs at start: the account (if any), connection and own presence. */
  'app:state': {
    request: nothing,
    response: z.object({
      account: accountSettings.nullable(),
      /** True when a password for the account is in the OS keychain (the password itself never leaves the core). */
      hasSavedPassword: z.boolean(),
      connection: connectionState,
      ownPresence,
    }),
  },
  'account:sign-in': {
    request: z.object({
      jid: jidString,
      /** Empty means "use the password saved in the keychain". */
      password: z.string().max(1024),
      rememberPassword: z.boolean(),
      host: z.string().max(253).nullable(),
      port: z.number().int().min(1).max(65535).nullable(),
      directTls: z.boolean(),
    }),
    /** Resolves after the first connection attempt: ok, or why it failed. */
    response: z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true) }),
      z.object({ ok: z.literal(false), message: z.string(), kind: z.string() }),
    ]),
  },
  /** Disconnects, forgets the password in the keychain and the account settings. The archive stays. */
  'account:sign-out': { request: nothing, response: nothing },
  'roster:list': { request: nothing, response: z.array(contact) },
  'roster:add': {
    request: z.object({
      jid: jidString,
      name: z.string().max(LIMITS.name),
      groups: z.array(z.string().min(1).max(LIMITS.group)).max(32),
    }),
    response: nothing,
  },
  'roster:rename': {
    request: z.object({ jid: jidString, name: z.string().max(LIMITS.name) }),
    response: nothing,
  },
  'roster:remove': { request: z.object({ jid: jidString }), response: nothing },
  'subscription:list': { request: nothing, response: z.array(subscriptionRequest) },
  'subscription:answer': {
    request: z.object({ jid: jidString, accept: z.boolean() }),
    response: nothing,
  },
  'presence:set': { request: ownPresence, response: nothing },
  'conversations:list': { request: nothing, response: z.array(conversationSummary) },
  /**
   * A page of a conversation, oldest first. Without `beforeId` it is the newest page; with it, the
   * page just older than that message.
   */
  'messages:page': {
    request: z.object({
      conversation: jidString,
      beforeId: z.number().int().nullable(),
      limit: z.number().int().min(1).max(LIMITS.pageSize),
    }),
    response: z.object({ messages: z.array(chatMessage), hasMore: z.boolean() }),
  },
  /** The page just newer than `afterId` (oldest first), for reading forward from a search hit. */
  'messages:newer': {
    request: z.object({ conversation: jidString, afterId: z.number().int(), limit: z.number().int().min(1).max(LIMITS.pageSize) }),
    response: z.object({ messages: z.array(chatMessage), hasMore: z.boolean() }),
  },
  /** A message with context on both sides, oldest first (opening a search hit). */
  'messages:around': {
    request: z.object({ conversation: jidString, messageId: z.number().int(), context: z.number().int().min(1).max(LIMITS.pageSize) }),
    response: z.object({ messages: z.array(chatMessage), hasOlder: z.boolean(), hasNewer: z.boolean() }),
  },
  /**
   * Full-text search over the whole local archive, newest first. `text` may carry the filter syntax
   * (`from:` `in:` `before:` `after:`), merged with `filters`. `cursor` continues a previous result.
   * A newer search replaces a pending one: a superseded call resolves with `superseded: true`.
   */
  'search:messages': {
    request: z.object({
      text: z.string().max(1024),
      filters: searchFilters,
      cursor: z.string().max(256).nullable(),
      limit: z.number().int().min(1).max(200),
    }),
    response: z.object({ hits: z.array(searchHit), nextCursor: z.string().nullable(), superseded: z.boolean() }),
  },
  /**
   * Scroll-back past the local archive: fetches the page of the server's archive just older than
   * the oldest message stored for this conversation. New messages are stored before every message
   * already there (read them with `messages:page`). `complete`: the server has nothing older.
   * Fails when offline; answered from what is stored when the start is already known.
   */
  'messages:fetch-older': {
    request: z.object({ conversation: jidString }),
    response: z.object({ added: z.number().int().min(0), complete: z.boolean() }),
  },
  /** Stretches of history the server could no longer provide, placed in this conversation. */
  'conversation:gaps': { request: z.object({ conversation: jidString }), response: z.array(historyGap) },
  /**
   * The conversation the user has open (null: none). Its missed messages are fetched first when a
   * session starts.
   */
  'conversation:viewing': { request: z.object({ conversation: jidString.nullable() }), response: nothing },
  /** Archives the message and queues it; resolves with the stored message (pending or sent). */
  'messages:send': {
    request: z.object({ conversation: jidString, body: z.string().min(1).max(LIMITS.body) }),
    response: chatMessage,
  },
  /** Sends a failed message again (same id and origin-id, so the peer can drop a duplicate). */
  'messages:retry': { request: z.object({ id: z.number().int() }), response: nothing },
  'conversation:mark-read': { request: z.object({ conversation: jidString }), response: nothing },
  /** Our blocklist (XEP-0191) as the current session knows it. */
  'blocking:list': { request: nothing, response: blockingState },
  /** Blocks a JID on the server: it can no longer reach us; every session of ours hears of it. */
  'contacts:block': { request: z.object({ jid: jidString }), response: nothing },
  'contacts:unblock': { request: z.object({ jid: jidString }), response: nothing },
  /**
   * What the user is doing in the composer (XEP-0085). The core tells only contacts allowed to see
   * our presence, and only while online; anyone else is told nothing.
   */
  'chat-state:send': { request: z.object({ conversation: jidString, state: outgoingChatState }), response: nothing },
  /** The window became visible (true) or hidden/minimised (false); told to the server (XEP-0352). */
  'client:active': { request: z.object({ active: z.boolean() }), response: nothing },
  /** Opens an http(s) link in the system browser; anything else is refused. */
  'link:open': { request: z.object({ url: z.string().max(8192) }), response: nothing },
  /** A contact's (or our own) vCard (XEP-0054), cleaned; fails when offline. */
  'profile:get': { request: z.object({ jid: jidString }), response: vcardView },
  /** Saves our own name, nickname, e-mail and photo; a new photo also becomes our avatar (XEP-0084). */
  'profile:save': { request: ownProfileEdit, response: nothing },
  /** The verified, cached avatar of a contact (or ours) as a data: URL; null when none is known. */
  'avatar:get': { request: z.object({ jid: jidString }), response: z.object({ dataUrl: z.string().nullable() }) },
  /** The host's user settings (notification privacy and sound); hosts without a store keep them in memory. */
  'settings:get': { request: nothing, response: hostSettings },
  /** Replaces them; resolves once the host has saved them. */
  'settings:set': { request: hostSettings, response: nothing },
  /**
   * Files (XEP-0363 upload, shared as an XEP-0066 OOB link). Whether our server takes uploads and
   * its limit in bytes (null: none stated); asked once per session, fails when offline.
   */
  'files:upload-limit': { request: nothing, response: z.object({ available: z.boolean(), maxFileSize: z.number().int().positive().nullable() }) },
  /**
   * Starts handing a file to the core for `conversation` (bytes follow with `files:stage-chunk`).
   * Refused while offline, without an upload service, or over its limit, before any slot is asked for.
   */
  'files:stage': {
    request: z.object({ conversation: jidString, name: z.string().min(1).max(1024), mediaType: z.string().max(255), size: z.number().int().positive().max(FILE_LIMITS.uploadBytes) }),
    response: z.object({ upload: uploadId }),
  },
  /** The next bytes of a staged file (base64, at most FILE_LIMITS.chunkBytes decoded), in order. */
  'files:stage-chunk': { request: z.object({ upload: uploadId, offset: z.number().int().nonnegative(), data: base64Chunk }), response: nothing },
  /**
   * Uploads a fully staged file (progress as `files:progress`), then stores and sends the message
   * whose body is its link. On failure the file stays staged: call again to retry, or cancel.
   */
  'files:upload': { request: z.object({ upload: uploadId }), response: chatMessage },
  /** Stops an upload in progress and forgets the staged file. */
  'files:cancel': { request: z.object({ upload: uploadId }), response: nothing },
  /**
   * A message's picture as a data: URL. Without `asked` (the user did not click) it is fetched only
   * when the sender is in our roster and marked it as a file; otherwise the answer is `ask`.
   */
  'files:preview': {
    request: z.object({ messageId: z.number().int(), asked: z.boolean() }),
    response: z.discriminatedUnion('status', [z.object({ status: z.literal('shown'), dataUrl: z.string() }), z.object({ status: z.literal('ask') })]),
  },
  /** Downloads a message's file and saves it where the user picks (OS save dialog); false: cancelled. */
  'files:save': { request: z.object({ messageId: z.number().int() }), response: z.object({ saved: z.boolean() }) },
  /** Downloads a message's file and opens it with the OS; refused for anything that could run. */
  'files:open': { request: z.object({ messageId: z.number().int() }), response: nothing },
  /** Rooms we are in, joining, or have bookmarked. Send to a room with `messages:send` (its JID is the conversation). */
  'rooms:list': { request: nothing, response: z.array(room) },
  /**
   * Joins a room (or re-joins one that failed). Resolves once the room answered: joined, or why not
   * (nick taken, password needed, members only, …). `bookmark`: also keep it as a bookmark with autojoin.
   */
  'rooms:join': {
    request: z.object({ room: jidString, nick: nickString, password: z.string().max(1023).nullable(), bookmark: z.boolean() }),
    response: z.discriminatedUnion('ok', [z.object({ ok: z.literal(true) }), z.object({ ok: z.literal(false), error: roomJoinError, message: z.string() })]),
  },
  /** Leaves the room; `forget` also removes its bookmark. Its history stays in the archive. */
  'rooms:leave': { request: z.object({ room: jidString, forget: z.boolean() }), response: nothing },
  /** Creates a room on a MUC service: instant (the service's defaults) or with settings. Joins it. */
  'rooms:create': {
    request: z.object({ room: jidString, nick: nickString, config: roomCreateConfig.nullable(), bookmark: z.boolean() }),
    response: z.discriminatedUnion('ok', [z.object({ ok: z.literal(true) }), z.object({ ok: z.literal(false), error: roomJoinError, message: z.string() })]),
  },
  'rooms:occupants': { request: z.object({ room: jidString }), response: z.array(occupant) },
  /** Changes our nick in a joined room; fails with a message when the nick is taken. */
  'rooms:set-nick': { request: z.object({ room: jidString, nick: nickString }), response: nothing },
  'rooms:set-subject': { request: z.object({ room: jidString, subject: z.string().max(4096) }), response: nothing },
  'rooms:set-notify': { request: z.object({ room: jidString, notify: roomNotify }), response: nothing },
  /** Invites a contact (XEP-0249 direct invitation, with the password when the room has one). */
  'rooms:invite': { request: z.object({ room: jidString, jid: jidString, reason: z.string().max(LIMITS.status) }), response: nothing },
  /** Invitations waiting for an answer (accept = `rooms:join`; either way answer with `rooms:dismiss-invitation`). */
  'rooms:invitations': { request: nothing, response: z.array(roomInvitation) },
  'rooms:dismiss-invitation': { request: z.object({ room: jidString }), response: nothing },
  /** The room browser: rooms of our server's MUC service (or of `service`), by disco#items. */
  'rooms:browse': {
    request: z.object({ service: jidString.nullable() }),
    response: z.object({ services: z.array(jidString), rooms: z.array(roomListing) }),
  },
  /** A room's disco#info: name, description, occupant count and features, before joining. */
  'rooms:info': { request: z.object({ room: jidString }), response: roomInfo },
  /** As a moderator: removes a message from the room for everyone (XEP-0425). */
  'rooms:moderate': { request: z.object({ room: jidString, messageId: z.number().int(), reason: z.string().max(LIMITS.status) }), response: nothing },
} as const

export const events = {
  'connection:state': connectionState,
  'presence:own': ownPresence,
  /** Contacts added or changed (full records) and removed (bare JIDs). */
  'roster:changed': z.object({ upserted: z.array(contact), removed: z.array(jidString) }),
  'presence:contact': z.object({ jid: jidString, presence: contactPresence }),
  'subscription:requests': z.array(subscriptionRequest),
  /** Messages newly stored in the archive (in or out), in archive order, as they happen. */
  'messages:added': z.array(chatMessage),
  /** Messages newly stored from a server-archive catch-up: shown, never notified. */
  'messages:archived': z.array(chatMessage),
  'messages:state': z.array(z.object({ id: z.number().int(), state: messageState })),
  /** Stored messages whose text changed: corrected or retracted by their sender. */
  'messages:updated': z.array(chatMessage),
  'conversations:changed': z.array(conversationSummary),
  /** The shell asks the UI to open a conversation (notification click, tray, xmpp: link). */
  'ui:open-conversation': z.object({
    jid: jidString,
    /** Text for an empty composer (an xmpp: link's `body`): plain text, never sent by itself. */
    body: z.string().max(LIMITS.body).optional(),
  }),
  /** The shell asks the UI to open the status message editor (tray "Set status message…"). */
  'ui:edit-status': z.null(),
  /** The blocklist changed (fetched at session start, or a block/unblock from any of our sessions). */
  'blocking:changed': blockingState,
  /** A contact started (true) or stopped (false) typing to us (XEP-0085 composing). */
  'typing:changed': z.object({ jid: jidString, typing: z.boolean() }),
  /** This contact's (or our own) avatar changed: ask `avatar:get` again. */
  'avatar:changed': z.object({ jid: jidString }),
  /** How far an upload got (bytes handed to the network). */
  'files:progress': z.object({ upload: uploadId, sent: z.number().int().nonnegative(), total: z.number().int().nonnegative() }),
  /** Rooms added or changed (full records) and removed (JIDs: left and forgotten). */
  'rooms:changed': z.object({ upserted: z.array(room), removed: z.array(jidString) }),
  /** Occupants of a room who joined or changed (full records) and who left (nicks). */
  'rooms:occupants': z.object({ room: jidString, upserted: z.array(occupant), removed: z.array(nickString) }),
  /** The pending invitations changed (one arrived, or one was answered). */
  'rooms:invitations': z.array(roomInvitation),
} as const

export type CommandName = keyof typeof commands
export type EventName = keyof typeof events
export type CommandRequest<C extends CommandName> = z.input<(typeof commands)[C]['request']>
export type CommandResponse<C extends CommandName> = z.output<(typeof commands)[C]['response']>
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>

/** What travels back for every command: a value or a human-readable error. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } }

/** The renderer's view of the core, whichever host carries it (Electron IPC or WebSocket). */
export interface CoreApi {
  invoke<C extends CommandName>(command: C, request: CommandRequest<C>): Promise<CommandResponse<C>>
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
}

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.hasOwn(commands, name)
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name)
}

/** Electron channel names: one per command, one for all events. */
export const IPC_EVENT_CHANNEL = 'core:event'

/** The WebSocket frames of the browser host. */
export type HostFrame =
  | { kind: 'invoke'; seq: number; command: string; request: unknown }
  | { kind: 'result'; seq: number; envelope: Envelope<unknown> }
  | { kind: 'event'; event: string; payload: unknown }
