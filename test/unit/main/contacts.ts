// Roster entries for tests of the shell (tray, notifications).
import type { Contact } from '../../../shared/types/domain'

export function contact(jid: string, name: string): Contact {
  return {
    jid,
    name,
    groups: [],
    subscription: 'both',
    pendingOut: false,
    presence: { show: 'offline', status: '', resources: [], lastSeen: null },
  }
}
