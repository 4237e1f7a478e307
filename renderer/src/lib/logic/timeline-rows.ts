// The rows of the open conversation's log: its loaded messages, a marker just before each message
// that follows a stretch the server could no longer provide (`conversation:gaps`), and, above the
// oldest message once the loaded slice starts at the oldest stored one, the scroll-back row
// (loading, failed, start of the conversation, …). Messages are rows as they are, with no wrapper
// object, so 100k loaded messages cost no extra allocations; without markers the message array
// itself is returned. Layer: renderer (pure logic).
import type { ChatMessage, HistoryGap } from '../../../../shared/types/domain'
import { indexOfId } from './message-merge'
import type { OlderHistoryStatus } from './older-history'

export interface GapRow {
  kind: 'gap'
  key: string
  gap: HistoryGap
}

/** The row above the oldest message: what scrolling back past the local archive is doing. */
export interface ScrollBackRow {
  kind: 'scroll-back'
  key: string
  status: OlderHistoryStatus
}

export type TimelineRow = ChatMessage | GapRow | ScrollBackRow

export const SCROLL_BACK_KEY = 'scroll-back'

export function isMessageRow(row: TimelineRow): row is ChatMessage {
  return !('kind' in row)
}

/** Messages are keyed by id (a number), markers by a string, so the two never collide. */
export function rowKey(row: TimelineRow): string | number {
  return isMessageRow(row) ? row.id : row.key
}

/**
 * Merges gap markers (each before its `beforeId`, when that message is loaded; identical gaps
 * once) and the scroll-back row (`scrollBack`, null for none) into the messages, oldest first.
 */
export function timelineRows(
  messages: readonly ChatMessage[],
  gaps: readonly HistoryGap[],
  scrollBack: OlderHistoryStatus | null,
): readonly TimelineRow[] {
  const keys = new Set<string>()
  const markers: { at: number; row: GapRow }[] = []
  for (const gap of gaps) {
    const at = indexOfId(messages, gap.beforeId)
    const key = `gap:${gap.beforeId}:${gap.from}:${gap.to}`
    if (at < 0 || keys.has(key)) continue
    keys.add(key)
    markers.push({ at, row: { kind: 'gap', key, gap } })
  }
  if (markers.length === 0 && scrollBack === null) return messages
  markers.sort((a, b) => a.at - b.at || a.row.gap.from - b.row.gap.from)
  const rows: TimelineRow[] = scrollBack === null ? [] : [{ kind: 'scroll-back', key: SCROLL_BACK_KEY, status: scrollBack }]
  let next = 0
  for (const { at, row } of markers) {
    while (next < at) rows.push(messages[next++]!)
    rows.push(row)
  }
  while (next < messages.length) rows.push(messages[next++]!)
  return rows
}

/** Same side and, in a room, the same nick: a message that can be grouped under the one before. */
export function sameSender(a: ChatMessage, b: ChatMessage): boolean {
  return a.direction === b.direction && a.senderNick === b.senderNick
}

/** The message just before row `i`, or null when row `i` is the first or follows a marker. */
export function previousMessage(rows: readonly TimelineRow[], i: number): ChatMessage | null {
  const previous = rows[i - 1]
  return previous !== undefined && isMessageRow(previous) ? previous : null
}
