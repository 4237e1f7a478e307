// The choices of the search filter selects: "In conversation" (All, then every conversation) and
// "From" (Anyone, Me, then the people one can have messages from). Names follow the roster (JID
// when unnamed; a named entry shows its JID too, as two contacts may share a name); A–Z.
// Layer: renderer (pure logic).
import type { Contact, ConversationSummary } from '../../../../shared/types/domain'
import { displayName } from './roster-view'
import { visibleText } from './display-text'

export interface FilterOption {
  value: string
  label: string
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true })

function labelFor(jid: string, contacts: ReadonlyMap<string, Contact>): string {
  const name = displayName(contacts.get(jid), jid)
  const shown = visibleText(jid)
  return name === shown ? shown : `${name} (${shown})`
}

function sorted(jids: Iterable<string>, contacts: ReadonlyMap<string, Contact>): FilterOption[] {
  return [...new Set(jids)]
    .map((jid) => ({ value: jid, label: labelFor(jid, contacts) }))
    .sort((a, b) => collator.compare(a.label, b.label) || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
}

/** "All" (''), then each conversation; `selected` is kept even when not in the list. */
export function conversationOptions(
  summaries: readonly ConversationSummary[],
  contacts: ReadonlyMap<string, Contact>,
  selected: string,
): FilterOption[] {
  const jids = summaries.map((s) => s.jid)
  if (selected !== '') jids.push(selected)
  return [{ value: '', label: 'All' }, ...sorted(jids, contacts)]
}

/**
 * "Anyone" (''), "Me" ('me'), then contacts and conversation partners; only that partner when a
 * conversation is chosen. `selected` is kept even when not in the list.
 */
export function senderOptions(
  summaries: readonly ConversationSummary[],
  contacts: ReadonlyMap<string, Contact>,
  conversation: string,
  selected: string,
): FilterOption[] {
  const jids = conversation !== '' ? [conversation] : [...contacts.keys(), ...summaries.map((s) => s.jid)]
  if (selected !== '' && selected !== 'me') jids.push(selected)
  return [{ value: '', label: 'Anyone' }, { value: 'me', label: 'Me' }, ...sorted(jids, contacts)]
}
