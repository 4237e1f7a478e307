// Which conversations the tray lists: the few with the latest activity, kept up to date from the
// core's partial `conversations:changed` updates. Layer: electron/core (pure, no Node, no electron).
import type { ConversationSummary } from '../../../shared/types/domain'

export const RECENT_CONVERSATIONS = 5

/** The known summaries with `changed` applied (a summary replaces the one with its JID). */
export function mergeSummaries(
  known: ReadonlyMap<string, ConversationSummary>,
  changed: readonly ConversationSummary[],
): Map<string, ConversationSummary> {
  const merged = new Map(known)
  for (const summary of changed) merged.set(summary.jid, summary)
  return merged
}

/** Newest activity first; equal times by JID so the menu does not reorder on its own. */
export function pickRecent(summaries: Iterable<ConversationSummary>, limit = RECENT_CONVERSATIONS): ConversationSummary[] {
  return [...summaries]
    .sort((a, b) => b.lastActivity - a.lastActivity || a.jid.localeCompare(b.jid))
    .slice(0, limit)
}
