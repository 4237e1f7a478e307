import { describe, expect, it } from 'vitest'
import type { Contact, ContactShow } from '../../../shared/types/domain'
import {
  UNGROUPED,
  applyContactPresence,
  applyRosterChange,
  compareContacts,
  contactLabel,
  contactStatus,
  displayName,
  groupContacts,
  presenceDescription,
} from '../../../renderer/src/lib/logic/roster-view'

const NOW = Date.UTC(2025, 5, 10, 12, 0)

function contact(jid: string, name: string, show: ContactShow = 'offline', groups: string[] = [], extra: Partial<Contact> = {}): Contact {
  return {
    jid,
    name,
    groups,
    subscription: 'both',
    pendingOut: false,
    presence: { show, status: '', resources: [], lastSeen: null },
    ...extra,
  }
}

describe('roster view', () => {
  it('names contacts by roster name, else JID, with spoofing characters made visible', () => {
    expect(displayName(contact('bob@x', 'Bob'))).toBe('Bob')
    expect(displayName(contact('bob@x', '  '))).toBe('bob@x')
    expect(displayName(undefined, 'stranger@x')).toBe('stranger@x')
    expect(displayName(contact('e@x', 'alice\u202Etxt.exe'))).toBe('alice\uFFFDtxt.exe')
  })

  it('sorts online first, then by name', () => {
    const list = [contact('z@x', 'zed', 'available'), contact('a@x', 'Amy'), contact('b@x', 'bob', 'away'), contact('c@x', 'Carl', 'dnd')]
    expect(list.sort(compareContacts).map((c) => c.name)).toEqual(['bob', 'Carl', 'zed', 'Amy'])
  })

  it('groups by roster group; several groups → several entries; ungrouped last', () => {
    const groups = groupContacts([
      contact('a@x', 'Amy', 'offline', ['Work', 'Friends']),
      contact('b@x', 'Bob', 'available', ['Friends']),
      contact('c@x', 'Cid'),
      contact('d@x', 'Dee', 'away', ['work ', 'Work']),
    ])
    expect(groups.map((g) => g.name)).toEqual(['Friends', 'Work', 'work', UNGROUPED])
    expect(groups[0]!.contacts.map((c) => c.name)).toEqual(['Bob', 'Amy'])
    expect(groups[0]!.online).toBe(1)
    expect(groups[1]!.contacts.map((c) => c.name)).toEqual(['Dee', 'Amy'])
    expect(groups[3]!.contacts.map((c) => c.name)).toEqual(['Cid'])
  })

  it('labels rows with name, presence, approval and unread', () => {
    expect(contactLabel(contact('b@x', 'Bob', 'available'), 2)).toBe('Bob, Available, 2 unread')
    expect(contactLabel(contact('b@x', 'Bob', 'xa'), 0)).toBe('Bob, Extended away')
    expect(contactLabel(contact('e@x', '', 'offline', [], { pendingOut: true }), 0)).toBe('e@x, Offline, Awaiting approval')
  })

  it('describes status: message, awaiting approval, last seen', () => {
    const away = contact('b@x', 'Bob', 'away')
    expect(contactStatus(away, NOW).text).toBe('Away')
    away.presence.status = 'Lunch'
    expect(contactStatus(away, NOW).text).toBe('Lunch')
    expect(contactStatus(contact('p@x', 'P', 'offline', [], { pendingOut: true }), NOW)).toEqual({
      text: 'Awaiting approval',
      kind: 'pending',
    })
    const seen = contact('s@x', 'S')
    seen.presence.lastSeen = NOW - 5 * 60_000
    expect(contactStatus(seen, NOW)).toEqual({ text: 'last seen 5 min ago', kind: 'last-seen' })
    expect(contactStatus(contact('o@x', 'O'), NOW).text).toBe('Offline')
    expect(presenceDescription(seen.presence, NOW)).toBe('Offline, last seen 5 min ago')
    expect(presenceDescription(away.presence, NOW)).toBe('Away: Lunch')
  })

  it('folds roster and presence events', () => {
    const start = new Map([['a@x', contact('a@x', 'Amy')]])
    const changed = applyRosterChange(start, { upserted: [contact('b@x', 'Bob')], removed: ['a@x'] })
    expect([...changed.keys()]).toEqual(['b@x'])
    expect(start.size).toBe(1)
    const online = applyContactPresence(changed, {
      jid: 'b@x',
      presence: { show: 'chat', status: '', resources: [], lastSeen: null },
    })
    expect(online.get('b@x')!.presence.show).toBe('chat')
    expect(applyContactPresence(changed, { jid: 'nobody@x', presence: online.get('b@x')!.presence })).toBe(changed)
  })
})
