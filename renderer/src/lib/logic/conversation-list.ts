// The chat list: conversation summaries merged from `conversations:changed`, ordered by last
// activity, and unread totals. Layer: renderer (pure logic).
import type { ConversationSummary } from '../../../../shared/types/domain'
import { neutralizeFileName } from '../../../../shared/util/attachment'
import { bodyAsText, meAction } from '../../../../shared/util/me-command'
import { previewText, visibleText } from './display-text'

/** Newest activity first; ties by JID so the order is stable. */
export function sortConversations(list: Iterable<ConversationSummary>): ConversationSummary[] {
  return [...list].sort((a, b) => b.lastActivity - a.lastActivity || a.jid.localeCompare(b.jid))
}

/** Replaces or adds the changed summaries (returns a new map). */
export function upsertConversations(
  current: ReadonlyMap<string, ConversationSummary>,
  changed: readonly ConversationSummary[],
): Map<string, ConversationSummary> {
  const next = new Map(current)
  for (const summary of changed) next.set(summary.jid, summary)
  return next
}

export function unreadTotal(list: Iterable<ConversationSummary>): number {
  let total = 0
  for (const summary of list) total += summary.unread
  return total
}

/** Accessible name of a chat-list row: "Bob, 2 unread" (the preview is its description). */
export function chatLabel(name: string, unread: number, mentions = 0): string {
  const mentioned = mentions > 0 ? `, ${mentions === 1 ? '1 mentions you' : `${mentions} mention you`}` : ''
  return unread > 0 ? `${name}, ${unread} unread${mentioned}` : name
}

/**
 * The last message under a chat's name: "You: see you", in a room "Bob: hello", or for a /me
 * message (XEP-0245) the action with whoever did it, "* Bob waves". A nick shows its bidi and
 * invisible characters, as everywhere else.
 */
export function chatPreview(
  summary: Pick<ConversationSummary, 'lastBody' | 'lastDirection' | 'lastSenderNick' | 'lastFileName'>,
  peerName: string,
  ownName: string,
): string {
  const out = summary.lastDirection === 'out'
  const nick = !out && summary.lastSenderNick !== undefined ? visibleText(summary.lastSenderNick) : null
  if (meAction(summary.lastBody) !== null) return previewText(bodyAsText(summary.lastBody, out ? ownName : (nick ?? peerName)))
  // A shared file by its name (invisible and bidi characters shown), never its link.
  const text = summary.lastFileName !== undefined ? `File: ${neutralizeFileName(summary.lastFileName)}` : summary.lastBody
  return `${out ? 'You: ' : nick !== null ? `${nick}: ` : ''}${previewText(text)}`
}

/** Window title with the unread count, as messengers show it in the taskbar. */
export function windowTitle(appName: string, unread: number): string {
  return unread > 0 ? `(${unread > 999 ? '999+' : unread}) ${appName}` : appName
}
