// Domain types shared by the core and the renderer, each defined once as a zod schema so the IPC
// contract can validate it and TypeScript can infer it. Layer: shared (pure, no Node, no DOM).
import { z } from 'zod'

import { LIMITS } from './limits'

export { LIMITS }

export const jidString = z.string().min(3).max(LIMITS.jid)

/** What a contact (one resource, or the aggregate) shows. `offline` only for the aggregate. */
export const contactShow = z.enum(['chat', 'available', 'away', 'xa', 'dnd', 'offline'])
export type ContactShow = z.infer<typeof contactShow>

/** What the user can choose for themselves. */
export const ownShow = z.enum(['available', 'away', 'xa', 'dnd', 'offline'])
export type OwnShow = z.infer<typeof ownShow>

export const ownPresence = z.object({
  show: ownShow,
  status: z.string().max(LIMITS.status),
})
export type OwnPresence = z.infer<typeof ownPresence>

export const resourcePresence = z.object({
  resource: z.string(),
  show: contactShow.exclude(['offline']),
  status: z.string(),
  priority: z.number().int(),
})
export type ResourcePresence = z.infer<typeof resourcePresence>

export const contactPresence = z.object({
  show: contactShow,
  status: z.string(),
  resources: z.array(resourcePresence),
  /** Epoch ms of the last time the contact was seen online, when the server told us. */
  lastSeen: z.number().nullable(),
})
export type ContactPresence = z.infer<typeof contactPresence>

export const subscription = z.enum(['none', 'to', 'from', 'both'])
export type Subscription = z.infer<typeof subscription>

export const contact = z.object({
  jid: jidString,
  name: z.string().max(LIMITS.name),
  groups: z.array(z.string().max(LIMITS.group)),
  subscription,
  /** True while our own subscription request to this contact awaits an answer. */
  pendingOut: z.boolean(),
  presence: contactPresence,
})
export type Contact = z.infer<typeof contact>

export const subscriptionRequest = z.object({
  jid: jidString,
  /** Self-asserted nickname (XEP-0172): shown only next to the JID, never instead of it. */
  nick: z.string(),
  receivedAt: z.number(),
})
export type SubscriptionRequest = z.infer<typeof subscriptionRequest>

/** Our blocklist (XEP-0191): `supported` is false until a session found the server offering it. */
export const blockingState = z.object({ supported: z.boolean(), jids: z.array(jidString) })
export type BlockingState = z.infer<typeof blockingState>

/** The chat states we send (XEP-0085); `inactive` and `gone` are not used. */
export const outgoingChatState = z.enum(['active', 'composing', 'paused'])
export type OutgoingChatState = z.infer<typeof outgoingChatState>

/**
 * Delivery state of a message. Outgoing: pending (in the outbox) → sent → delivered → read, or
 * failed. Incoming messages are `received`.
 */
export const messageState = z.enum(['pending', 'sent', 'delivered', 'read', 'failed', 'received'])
export type MessageState = z.infer<typeof messageState>

/**
 * A file shared as a link (XEP-0363 upload, XEP-0066 OOB). `name` comes from the link's path and
 * is a claim, like `mediaType` and `size`: shown neutralised, checked again when fetched.
 */
export const attachment = z.object({
  url: z.string().max(8192),
  name: z.string().max(1024),
  /** Bytes, when known (our own uploads). */
  size: z.number().int().nonnegative().nullable(),
  mediaType: z.string().max(255).nullable(),
  /** The sender marked it as a file (OOB url equal to the body); a bare link in a body is not. */
  oob: z.boolean(),
})
export type Attachment = z.infer<typeof attachment>

export const chatMessage = z.object({
  /**
   * Local archive row id: stable; its order is the conversation's order (arrival order, and
   * history fetched by scrolling back gets ids below every earlier one, negative ones included).
   */
  id: z.number().int(),
  conversation: jidString,
  direction: z.enum(['in', 'out']),
  body: z.string(),
  /** Epoch ms: when it was sent (clamped to never lie in the future). */
  timestamp: z.number(),
  state: messageState,
  /** The XEP-0359 origin-id (also the stanza id) the sender chose. */
  originId: z.string(),
  /** The sender corrected it (XEP-0308): `body` is the latest text. */
  edited: z.boolean(),
  /** The sender retracted it (XEP-0424): `body` is empty, the text is gone from the archive. */
  retracted: z.boolean(),
  /** The body is a shared file's link (absent for ordinary messages). */
  attachment: attachment.optional(),
  /** In a room: the sender's nick when they sent it (ours for our own); absent in a one-to-one chat. */
  senderNick: z.string().optional(),
})
export type ChatMessage = z.infer<typeof chatMessage>

/**
 * History the server could not provide any more (our archive cursor was gone, e.g. expired):
 * messages from `from` to `to` (epoch ms) may be missing. In a conversation it sits just before the
 * message `beforeId`, the first one stored after the gap was found.
 */
export const historyGap = z.object({ beforeId: z.number().int(), from: z.number(), to: z.number() })
export type HistoryGap = z.infer<typeof historyGap>

export const conversationSummary = z.object({
  jid: jidString,
  lastActivity: z.number(),
  unread: z.number().int().nonnegative(),
  lastBody: z.string(),
  lastDirection: z.enum(['in', 'out']),
  /** In a room: who wrote the last message (absent in a one-to-one chat). */
  lastSenderNick: z.string().optional(),
  /** The last message shares a file: its name (as the sender's link gives it). */
  lastFileName: z.string().optional(),
  /** In a room: how many of the unread messages mention our nick (absent when none). */
  unreadMentions: z.number().int().positive().optional(),
})
export type ConversationSummary = z.infer<typeof conversationSummary>

export const connectionErrorKind = z.enum([
  'auth-failed',
  'unreachable',
  'certificate',
  'no-tls',
  'stream-error',
  'protocol',
  'conflict',
])
export type ConnectionErrorKind = z.infer<typeof connectionErrorKind>

export const connectionState = z.discriminatedUnion('status', [
  z.object({ status: z.literal('signed-out') }),
  z.object({ status: z.literal('connecting') }),
  z.object({ status: z.literal('online'), jid: z.string() }),
  z.object({
    status: z.literal('reconnecting'),
    /** Epoch ms of the next attempt. */
    retryAt: z.number(),
    attempt: z.number().int(),
    reason: z.string(),
  }),
  z.object({
    status: z.literal('offline'),
    reason: z.string(),
    kind: connectionErrorKind.nullable(),
  }),
])
export type ConnectionState = z.infer<typeof connectionState>

export const accountSettings = z.object({
  jid: jidString,
  /** Optional host/port override; otherwise SRV records and the domain are used. */
  host: z.string().max(253).nullable(),
  port: z.number().int().min(1).max(65535).nullable(),
  /** Direct TLS (XEP-0368) instead of STARTTLS when the override is used. */
  directTls: z.boolean(),
  rememberPassword: z.boolean(),
})
export type AccountSettings = z.infer<typeof accountSettings>

/** Search filters; the query syntax (`from:` `in:` `before:` `after:`) is parsed into these too. */
export const searchFilters = z.object({
  /** Only this conversation (bare JID). */
  conversation: jidString.nullable(),
  /** Only messages from this sender: 'me' or a bare JID. */
  sender: z.union([z.literal('me'), jidString]).nullable(),
  /** Epoch ms bounds on the message time: after is inclusive, before exclusive. */
  after: z.number().nullable(),
  before: z.number().nullable(),
})
export type SearchFilters = z.infer<typeof searchFilters>

/** A run of snippet text; `hit` marks the parts that matched (rendered as <mark>, as text). */
export const snippetPart = z.object({ text: z.string(), hit: z.boolean() })
export type SnippetPart = z.infer<typeof snippetPart>

export const searchHit = z.object({ message: chatMessage, snippet: z.array(snippetPart) })
export type SearchHit = z.infer<typeof searchHit>
