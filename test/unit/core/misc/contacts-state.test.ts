import { beforeEach, describe, expect, it } from 'vitest'
import type { RosterItem } from '../../../../electron/core/archive/archive'
import { ContactsState } from '../../../../electron/core/contacts-state'
import type { ResourcePresence } from '../../../../shared/types/domain'

const item = (jid: string, fields: Partial<RosterItem> = {}): RosterItem => ({ jid, name: '', groups: [], subscription: 'both', pendingOut: false, ...fields })
const res = (resource: string, show: ResourcePresence['show'], priority = 0, status = ''): ResourcePresence => ({ resource, show, priority, status })

let state: ContactsState

beforeEach(() => {
  state = new ContactsState()
})

describe('ContactsState roster', () => {
  it('replaceRoster returns every contact with its groups and the JIDs that disappeared', () => {
    state.replaceRoster([item('alice@example.org', { name: 'Alice', groups: ['Friends', 'Work'] }), item('bob@example.org')])
    const { upserted, removed } = state.replaceRoster([item('alice@example.org', { name: 'Alice', groups: ['Work'] }), item('carol@example.org', { groups: ['Family'] })])
    expect(removed).toEqual(['bob@example.org'])
    expect(upserted.map((c) => [c.jid, c.groups])).toEqual([
      ['alice@example.org', ['Work']],
      ['carol@example.org', ['Family']],
    ])
    expect(state.has('bob@example.org')).toBe(false)
  })

  it('a new contact starts offline with no last-seen time', () => {
    expect(state.upsert(item('alice@example.org', { name: 'Alice' }))).toEqual({
      jid: 'alice@example.org',
      name: 'Alice',
      groups: [],
      subscription: 'both',
      pendingOut: false,
      presence: { show: 'offline', status: '', resources: [], lastSeen: null },
    })
  })

  it('remove drops the contact from the list', () => {
    state.upsert(item('alice@example.org'))
    state.remove('alice@example.org')
    expect(state.contacts()).toEqual([])
    expect(state.contact('alice@example.org')).toBeNull()
  })
})

describe('ContactsState presence', () => {
  beforeEach(() => {
    state.replaceRoster([item('alice@example.org')])
  })

  it('aggregates several resources: the highest priority wins', () => {
    state.available('alice@example.org', res('desk', 'chat', 1, 'desk'))
    const contact = state.available('alice@example.org', res('phone', 'away', 10, 'phone'))
    expect(contact?.presence.show).toBe('away')
    expect(contact?.presence.status).toBe('phone')
    expect(contact?.presence.resources.map((r) => r.resource)).toEqual(['phone', 'desk'])
    expect(state.isOnline('alice@example.org')).toBe(true)
  })

  it('an update from the same resource replaces the earlier one', () => {
    state.available('alice@example.org', res('phone', 'away'))
    const contact = state.available('alice@example.org', res('phone', 'dnd', 0, 'meeting'))
    expect(contact?.presence.resources).toEqual([res('phone', 'dnd', 0, 'meeting')])
  })

  it('unavailable from one of two resources keeps the contact online and leaves lastSeen alone', () => {
    state.available('alice@example.org', res('desk', 'chat'))
    state.available('alice@example.org', res('phone', 'away'))
    const contact = state.unavailable('alice@example.org', 'desk', 1_000)
    expect(contact?.presence).toEqual({ show: 'away', status: '', resources: [res('phone', 'away')], lastSeen: null })
  })

  it('unavailable from the last resource makes the contact offline with that lastSeen', () => {
    state.available('alice@example.org', res('phone', 'away'))
    expect(state.unavailable('alice@example.org', 'phone', 2_000)?.presence).toEqual({ show: 'offline', status: '', resources: [], lastSeen: 2_000 })
  })

  it('unavailable from the bare JID clears every resource and sets lastSeen', () => {
    state.available('alice@example.org', res('desk', 'chat'))
    state.available('alice@example.org', res('phone', 'away'))
    const contact = state.unavailable('alice@example.org', '', 3_000)
    expect(contact?.presence).toEqual({ show: 'offline', status: '', resources: [], lastSeen: 3_000 })
    expect(state.isOnline('alice@example.org')).toBe(false)
  })

  it('keeps presence of someone not in the roster and shows it once they are added', () => {
    expect(state.available('bob@example.org', res('laptop', 'xa'))).toBeNull()
    expect(state.upsert(item('bob@example.org')).presence.show).toBe('xa')
  })

  it('clearPresence makes everyone offline but keeps lastSeen', () => {
    state.setLastSeen('alice@example.org', 500)
    state.available('alice@example.org', res('phone', 'chat'))
    state.clearPresence()
    expect(state.contact('alice@example.org')?.presence).toEqual({ show: 'offline', status: '', resources: [], lastSeen: 500 })
  })
})

describe('ContactsState subscription requests', () => {
  it('keeps one request per JID, the latest one', () => {
    state.addRequest({ jid: 'mallory@evil.example', nick: 'Alice', receivedAt: 1 })
    state.addRequest({ jid: 'mallory@evil.example', nick: 'Alice (new phone)', receivedAt: 2 })
    expect(state.requests()).toEqual([{ jid: 'mallory@evil.example', nick: 'Alice (new phone)', receivedAt: 2 }])
  })

  it('lists requests oldest first', () => {
    state.addRequest({ jid: 'b@example.org', nick: '', receivedAt: 20 })
    state.addRequest({ jid: 'a@example.org', nick: '', receivedAt: 10 })
    expect(state.requests().map((r) => r.jid)).toEqual(['a@example.org', 'b@example.org'])
  })

  it.each(['from', 'both'] as const)('upserting the contact with subscription %s answers its pending request', (subscription) => {
    state.addRequest({ jid: 'bob@example.org', nick: 'Bob', receivedAt: 1 })
    state.upsert(item('bob@example.org', { subscription }))
    expect(state.requests()).toEqual([])
  })

  it.each(['none', 'to'] as const)('upserting the contact with subscription %s keeps its pending request', (subscription) => {
    state.addRequest({ jid: 'bob@example.org', nick: 'Bob', receivedAt: 1 })
    state.upsert(item('bob@example.org', { subscription }))
    expect(state.requests().map((r) => r.jid)).toEqual(['bob@example.org'])
  })

  it('removeRequest reports whether there was one', () => {
    state.addRequest({ jid: 'bob@example.org', nick: '', receivedAt: 1 })
    expect(state.removeRequest('bob@example.org')).toBe(true)
    expect(state.removeRequest('bob@example.org')).toBe(false)
  })
})
