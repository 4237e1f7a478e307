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

const nothing = z.null()

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
