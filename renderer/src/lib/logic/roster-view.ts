// How contacts are named, sorted, grouped and described in the sidebar, and how roster events
// fold into the roster map. Layer: renderer (pure logic).
import type { Contact, ContactPresence, ContactShow, ContactStatus } from './roster-types'
import { showLabel } from '../../../../shared/util/presence'
import { visibleText } from './display-text'
import { formatLastSeen, type TimeFormatOptions } from './time-format'

/** Contacts without a roster group are listed under this heading. */
export const UNGROUPED = 'Contacts'

/** The roster name, else the JID; invisible/bidi characters made visible. */
export function displayName(contact: Pick<Contact, 'name' | 'jid'> | null | undefined, jid?: string): string {
  const name = contact?.name.trim() ?? ''
  return visibleText(name !== '' ? name : (contact?.jid ?? jid ?? ''))
}

export function isOnline(show: ContactShow): boolean {
  return show !== 'offline'
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true })

/** Online first, then by display name, then by JID. */
export function compareContacts(a: Contact, b: Contact): number {
  const online = Number(isOnline(b.presence.show)) - Number(isOnline(a.presence.show))
  return online || collator.compare(displayName(a), displayName(b)) || a.jid.localeCompare(b.jid)
}

export interface ContactGroup {
  name: string
  contacts: Contact[]
  online: number
}

/** Groups by roster group (a contact in several groups appears in each), named groups A–Z, ungrouped last. */
export function groupContacts(contacts: Iterable<Contact>): ContactGroup[] {
  const groups = new Map<string, Contact[]>()
  for (const contact of contacts) {
    const names = contact.groups.map((g) => g.trim()).filter((g) => g !== '')
    for (const name of names.length > 0 ? new Set(names) : [UNGROUPED]) {
      let list = groups.get(name)
      if (!list) groups.set(name, (list = []))
      list.push(contact)
    }
  }
  const names = [...groups.keys()].filter((n) => n !== UNGROUPED).sort((a, b) => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0))
  if (groups.has(UNGROUPED)) names.push(UNGROUPED)
  return names.map((name) => {
    const list = groups.get(name)!.sort(compareContacts)
    return { name, contacts: list, online: list.filter((c) => isOnline(c.presence.show)).length }
  })
}

/** The short second line under a contact's name. */
export function contactStatus(contact: Contact, now: number, opts: TimeFormatOptions = {}): ContactStatus {
  const { presence } = contact
  if (isOnline(presence.show)) {
    const status = visibleText(presence.status.trim())
    return { text: status !== '' ? status : showLabel(presence.show), kind: 'presence' }
  }
  if (contact.pendingOut) return { text: 'Awaiting approval', kind: 'pending' }
  if (presence.lastSeen !== null) return { text: formatLastSeen(presence.lastSeen, now, opts), kind: 'last-seen' }
  return { text: showLabel('offline'), kind: 'presence' }
}

/** Accessible name of a contact row: "Bob, Available, 2 unread". */
export function contactLabel(contact: Contact, unread: number): string {
  const parts = [displayName(contact), showLabel(contact.presence.show)]
  if (contact.pendingOut) parts.push('Awaiting approval')
  if (unread > 0) parts.push(`${unread} unread`)
  return parts.join(', ')
}

/** Presence text for a conversation header: "Away: Out for lunch", "Offline, last seen 2 h ago". */
export function presenceDescription(presence: ContactPresence, now: number, opts: TimeFormatOptions = {}): string {
  const label = showLabel(presence.show)
  if (isOnline(presence.show)) {
    const status = visibleText(presence.status.trim())
    return status !== '' ? `${label}: ${status}` : label
  }
  return presence.lastSeen !== null ? `${label}, ${formatLastSeen(presence.lastSeen, now, opts)}` : label
}

/** Folds a `roster:changed` event into the roster map (returns a new map). */
export function applyRosterChange(
  roster: ReadonlyMap<string, Contact>,
  change: { upserted: readonly Contact[]; removed: readonly string[] },
): Map<string, Contact> {
  const next = new Map(roster)
  for (const jid of change.removed) next.delete(jid)
  for (const contact of change.upserted) next.set(contact.jid, contact)
  return next
}

/** Folds a `presence:contact` event into the roster map (unknown JIDs are ignored). */
export function applyContactPresence(
  roster: ReadonlyMap<string, Contact>,
  update: { jid: string; presence: ContactPresence },
): ReadonlyMap<string, Contact> {
  const contact = roster.get(update.jid)
  if (!contact) return roster
  const next = new Map(roster)
  next.set(update.jid, { ...contact, presence: update.presence })
  return next
}
