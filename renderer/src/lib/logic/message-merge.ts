// Merging pages and live updates into the open conversation's message array. Arrays are treated
// as immutable (the store keeps them in $state.raw, so 100k messages are never deep-proxied).
// The core's order is authoritative: pages come oldest first, `messages:added` in archive order.
// Layer: renderer (pure logic).
import type { ChatMessage, MessageState } from '../../../../shared/types/domain'

function idsOf(messages: readonly ChatMessage[]): Set<number> {
  return new Set(messages.map((m) => m.id))
}

/** An older page goes in front; rows already loaded are not duplicated. */
export function prependOlder(current: readonly ChatMessage[], older: readonly ChatMessage[]): ChatMessage[] {
  if (older.length === 0) return current as ChatMessage[]
  // An older page can only overlap the oldest loaded rows; don't index all 100k on every page.
  const have = idsOf(current.slice(0, older.length + 500))
  const fresh = older.filter((m) => !have.has(m.id))
  return fresh.length === 0 ? (current as ChatMessage[]) : [...fresh, ...current]
}

/**
 * Puts the newest page in place of the loaded tail. Loaded history the page overlaps with stays in
 * front of it; loaded messages newer than the page (they arrived as events while it was in flight)
 * stay after it. When the loaded messages lie wholly before the page (more arrived than a page
 * holds, e.g. while the host was away, or we were reading far back in history), they are dropped:
 * `keptOlder` is then false and the caller takes "has older" from the page.
 */
export function mergeNewestPage(
  current: readonly ChatMessage[],
  page: readonly ChatMessage[],
): { messages: ChatMessage[]; keptOlder: boolean } {
  const first = page[0]?.id
  const last = page[page.length - 1]?.id
  if (first === undefined || last === undefined) return { messages: [...current], keptOlder: false }
  const older: ChatMessage[] = []
  const newer: ChatMessage[] = []
  let overlaps = false
  for (const message of current) {
    if (message.id < first) older.push(message)
    else if (message.id > last) newer.push(message)
    else overlaps = true
  }
  const keptOlder = overlaps && older.length > 0
  return { messages: keptOlder ? [...older, ...page, ...newer] : [...page, ...newer], keptOlder }
}

/** New messages are appended; ones already present are replaced in place (same id, newer data). */
export function appendMessages(current: readonly ChatMessage[], added: readonly ChatMessage[]): ChatMessage[] {
  if (added.length === 0) return current as ChatMessage[]
  const positions = new Map<number, number>()
  // Only the tail can contain a just-added message; avoid an O(n) map over 100k rows for a live message.
  const tailStart = Math.max(0, current.length - 500)
  for (let i = tailStart; i < current.length; i++) positions.set(current[i]!.id, i)
  let next: ChatMessage[] | null = null
  for (const message of added) {
    let at = positions.get(message.id)
    if (at === undefined && tailStart > 0) {
      const found = current.findIndex((m) => m.id === message.id)
      if (found !== -1) at = found
    }
    next ??= [...current]
    if (at !== undefined) next[at] = message
    else {
      positions.set(message.id, next.length)
      next.push(message)
    }
  }
  return next ?? (current as ChatMessage[])
}

/** Position of the message with this id in a list ordered by id (the archive's order), or -1. */
export function indexOfId(messages: readonly ChatMessage[], id: number): number {
  let lo = 0
  let hi = messages.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const at = messages[mid]!.id
    if (at === id) return mid
    if (at < id) lo = mid + 1
    else hi = mid - 1
  }
  return -1
}

/**
 * The stored messages that go after the loaded ones or replace loaded ones. History stored behind
 * the loaded slice (scroll-back pages get ids below every earlier one) is left to paging: appended,
 * it would land at the wrong end.
 */
export function storedLater(current: readonly ChatMessage[], stored: readonly ChatMessage[]): ChatMessage[] {
  const newest = newestId(current)
  return stored.filter((m) => newest === null || m.id > newest || indexOfId(current, m.id) >= 0)
}

/** Applies delivery-state changes; unchanged rows keep their identity. */
export function applyStates(
  current: readonly ChatMessage[],
  changes: readonly { id: number; state: MessageState }[],
): ChatMessage[] {
  if (changes.length === 0 || current.length === 0) return current as ChatMessage[]
  const wanted = new Map(changes.map((c) => [c.id, c.state]))
  let next: ChatMessage[] | null = null
  // Changes concern recent messages: scan from the end and stop once all are found.
  for (let i = current.length - 1; i >= 0 && wanted.size > 0; i--) {
    const message = current[i]!
    const state = wanted.get(message.id)
    if (state === undefined) continue
    wanted.delete(message.id)
    if (message.state === state) continue
    next ??= [...current]
    next[i] = { ...message, state }
  }
  return next ?? (current as ChatMessage[])
}

/** Replaces loaded messages by newer versions of themselves (corrected or retracted); others are not added. */
export function replaceMessages(current: readonly ChatMessage[], updated: readonly ChatMessage[]): ChatMessage[] {
  if (updated.length === 0 || current.length === 0) return current as ChatMessage[]
  const byId = new Map(updated.map((m) => [m.id, m]))
  let next: ChatMessage[] | null = null
  current.forEach((message, i) => {
    const replacement = byId.get(message.id)
    if (!replacement) return
    next ??= [...current]
    next[i] = replacement
  })
  return next ?? (current as ChatMessage[])
}

/** Newest loaded message id (the `afterId` of the next newer page). */
export function newestId(messages: readonly ChatMessage[]): number | null {
  return messages[messages.length - 1]?.id ?? null
}

/**
 * Live messages held back while an older part of the conversation is shown (they would land in
 * the middle): newest `cap` kept, same id replaced, states kept current with `applyStates`.
 */
export function bufferLive(buffer: readonly ChatMessage[], added: readonly ChatMessage[], cap = 500): ChatMessage[] {
  const next = appendMessages(buffer, added)
  return next.length > cap ? next.slice(next.length - cap) : next
}

/** Oldest loaded message id (the `beforeId` of the next older page). */
export function oldestId(messages: readonly ChatMessage[]): number | null {
  return messages[0]?.id ?? null
}

/** True when a message with this id is loaded (searched from the newest end). */
export function hasMessage(messages: readonly ChatMessage[], id: number): boolean {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]!.id === id) return true
  return false
}
