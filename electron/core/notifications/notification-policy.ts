// Decides which desktop notifications a batch of newly archived messages deserves, and what they
// say. The host shows them; this module only plans. Layer: electron/core (pure, no Node, no electron).
import type { ChatMessage, OwnShow } from '../../../shared/types/domain'
import type { NotificationPrivacy } from '../../../shared/types/notification-settings'
import { bodyAsText } from '../../../shared/util/me-command'
import { mentionsNick } from '../../../shared/util/mentions'
import { neutralizeFileName } from '../../../shared/util/attachment'
import type { RoomNotify } from '../../../shared/types/room'

/** Long enough for a glance, short enough that every platform shows it whole. */
export const MAX_BODY_CHARS = 200
export const MAX_TITLE_CHARS = 100
/** The title when the privacy level hides who wrote. */
export const ANONYMOUS_TITLE = 'XMPP Desk'

export interface NotificationContext {
  /** The app window has the keyboard focus. */
  windowFocused: boolean
  /**
   * The conversation the renderer shows. While the window is focused the user reads it there, so
   * it needs no notification; every other conversation still notifies.
   */
  viewing: string | null
  /** What a notification may reveal: sender and text, the sender only, or nothing. */
  privacy: NotificationPrivacy
  ownShow: OwnShow
  /**
   * True where the notification server parses the body as markup (Linux: the freedesktop spec
   * allows <b>, <a>, <img>…), so contact-controlled text must be escaped. Elsewhere an escape
   * would show up literally.
   */
  markupBody: boolean
  displayName(jid: string): string
  /** Messages of a conversation that a notification still on screen already announces. */
  alreadyAnnounced(jid: string): number
  /** Senders on our blocklist (XEP-0191) never notify, whatever reached the archive. */
  isBlocked(jid: string): boolean
  /** For a room: our nick there and what may notify (all, mentions of our nick, none); null otherwise. */
  roomRule(jid: string): RoomNotificationRule | null
}

export interface RoomNotificationRule {
  /** The room's name ('' when it has none: its JID is shown). */
  name: string
  nick: string
  notify: RoomNotify
}

/** A room message notifies by the room's setting; a mention of our nick does even under "mentions". */
function roomAllows(message: ChatMessage, rule: RoomNotificationRule | null): boolean {
  if (!rule) return true
  if (rule.notify === 'all') return true
  return rule.notify === 'mentions' && mentionsNick(message.body, rule.nick)
}

export interface PlannedNotification {
  /** The bare JID to open when the notification is clicked. */
  conversation: string
  title: string
  body: string
  /** Messages this notification announces, including those it replaces. */
  count: number
}

/** One notification per conversation, in the order of each conversation's newest message. */
export function planNotifications(
  added: readonly ChatMessage[],
  context: NotificationContext,
): PlannedNotification[] {
  if (context.ownShow === 'dnd') return []
  const onScreen = context.windowFocused ? context.viewing : null
  const latest = new Map<string, { message: ChatMessage; count: number }>()
  for (const message of added) {
    if (message.direction !== 'in' || message.conversation === onScreen || context.isBlocked(message.conversation)) continue
    if (!roomAllows(message, context.roomRule(message.conversation))) continue
    const count = (latest.get(message.conversation)?.count ?? 0) + 1
    // Re-inserting moves the conversation to the end, so the newest activity is shown last (on top).
    latest.delete(message.conversation)
    latest.set(message.conversation, { message, count })
  }
  return [...latest.values()].map(({ message, count: fresh }) => {
    const count = fresh + context.alreadyAnnounced(message.conversation)
    const name = singleLine(context.roomRule(message.conversation)?.name || context.displayName(message.conversation))
    const counted = count > 1 ? `${count} new messages` : 'New message'
    // In a room the text is prefixed by who wrote it; a /me message reads "* Juliet waves" (XEP-0245).
    const sender = message.senderNick === undefined ? null : singleLine(message.senderNick)
    // A shared file reads by its name (bidi and invisible characters neutralised), not its link.
    const action = message.attachment ? `Sent a file: ${neutralizeFileName(message.attachment.name)}` : bodyAsText(message.body, sender ?? name).trim()
    const snippet = truncate(sender === null || action.startsWith('* ') ? action : `${sender}: ${action}`, MAX_BODY_CHARS)
    const text = context.privacy === 'sender-and-text' ? (count > 1 ? `${counted}\n${snippet}` : snippet) : counted
    return {
      conversation: message.conversation,
      title: context.privacy === 'nothing' ? ANONYMOUS_TITLE : truncate(name, MAX_TITLE_CHARS),
      body: context.markupBody ? escapeNotificationMarkup(text) : text,
      count,
    }
  })
}

/** Escapes the characters the freedesktop notification body markup gives meaning to. */
export function escapeNotificationMarkup(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
}

/** Cuts at a code point boundary (never inside a surrogate pair) and marks the cut with an ellipsis. */
export function truncate(text: string, maxChars: number): string {
  const codePoints = Array.from(text)
  if (codePoints.length <= maxChars) return text
  return `${codePoints.slice(0, maxChars - 1).join('').trimEnd()}…`
}

function singleLine(text: string): string {
  return text.replace(/\s+/gu, ' ').trim()
}
