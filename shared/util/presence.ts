// Aggregates a contact's per-resource presence into what the contact list shows: the resource with
// the highest priority wins, ties go to the most available show. Layer: shared (pure).
import type { ContactPresence, ContactShow, ResourcePresence } from '../types/domain'

const AVAILABILITY: Record<ContactShow, number> = {
  chat: 5,
  available: 4,
  away: 3,
  xa: 2,
  dnd: 1,
  offline: 0,
}

/** Lower sorts first: higher priority, then more available, then resource name for stability. */
export function compareResources(a: ResourcePresence, b: ResourcePresence): number {
  return (
    b.priority - a.priority ||
    AVAILABILITY[b.show] - AVAILABILITY[a.show] ||
    a.resource.localeCompare(b.resource)
  )
}

export function aggregatePresence(resources: readonly ResourcePresence[], lastSeen: number | null): ContactPresence {
  // Negative priority means "never deliver messages here" (RFC 6121 §4.7.2.3), but the resource is still online.
  const sorted = [...resources].sort(compareResources)
  const top = sorted[0]
  if (!top) return { show: 'offline', status: '', resources: [], lastSeen }
  return { show: top.show, status: top.status, resources: sorted, lastSeen }
}

export const OFFLINE: ContactPresence = { show: 'offline', status: '', resources: [], lastSeen: null }

const SHOW_LABELS: Record<ContactShow, string> = {
  chat: 'Free to chat',
  available: 'Available',
  away: 'Away',
  xa: 'Extended away',
  dnd: 'Do not disturb',
  offline: 'Offline',
}

export function showLabel(show: ContactShow): string {
  return SHOW_LABELS[show]
}
