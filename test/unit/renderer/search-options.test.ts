import { describe, expect, it } from 'vitest'
import type { Contact, ConversationSummary } from '../../../shared/types/domain'
import { conversationOptions, senderOptions } from '../../../renderer/src/lib/logic/search-options'
import { formatResultTime } from '../../../renderer/src/lib/logic/time-format'

const contact = (jid: string, name: string): Contact => ({
  jid,
  name,
  groups: [],
  subscription: 'both',
  pendingOut: false,
  presence: { show: 'offline', status: '', resources: [], lastSeen: null },
})
const summary = (jid: string): ConversationSummary => ({ jid, lastActivity: 0, unread: 0, lastBody: '', lastDirection: 'in' })
const contacts = new Map([
  ['bob@localhost', contact('bob@localhost', 'Bob')],
  ['carol@localhost', contact('carol@localhost', 'Carol')],
  ['eve@localhost', contact('eve@localhost', 'Eve\u202E')],
])

describe('search filter options', () => {
  it('lists All, then conversations A–Z by name, JIDs next to names', () => {
    const options = conversationOptions([summary('zed@example.org'), summary('carol@localhost'), summary('bob@localhost')], contacts, '')
    expect(options).toEqual([
      { value: '', label: 'All' },
      { value: 'bob@localhost', label: 'Bob (bob@localhost)' },
      { value: 'carol@localhost', label: 'Carol (carol@localhost)' },
      { value: 'zed@example.org', label: 'zed@example.org' },
    ])
  })

  it('keeps the chosen conversation even without a summary', () => {
    const options = conversationOptions([], contacts, 'new@example.org')
    expect(options.map((o) => o.value)).toEqual(['', 'new@example.org'])
  })

  it('lists Anyone, Me, then contacts and partners once; only the partner in one conversation', () => {
    const all = senderOptions([summary('bob@localhost'), summary('zed@example.org')], contacts, '', '')
    expect(all.map((o) => o.value)).toEqual(['', 'me', 'bob@localhost', 'carol@localhost', 'eve@localhost', 'zed@example.org'])
    expect(all.slice(0, 2).map((o) => o.label)).toEqual(['Anyone', 'Me'])
    const one = senderOptions([summary('bob@localhost')], contacts, 'bob@localhost', 'carol@localhost')
    expect(one.map((o) => o.value)).toEqual(['', 'me', 'bob@localhost', 'carol@localhost'])
  })

  it('shows bidi controls in names as visible marks', () => {
    const eve = senderOptions([], contacts, '', '').find((o) => o.value === 'eve@localhost')
    expect(eve?.label).toBe('Eve\uFFFD (eve@localhost)')
  })
})

describe('result times', () => {
  const opts = { locale: 'en-GB', timeZone: 'UTC' }
  const NOW = Date.UTC(2025, 5, 10, 12, 0)
  it('says today/yesterday, else the date (with the year when not this year), with the time', () => {
    expect(formatResultTime(Date.UTC(2025, 5, 10, 9, 5), NOW, opts)).toBe('Today, 09:05')
    expect(formatResultTime(Date.UTC(2025, 5, 9, 23, 59), NOW, opts)).toBe('Yesterday, 23:59')
    expect(formatResultTime(Date.UTC(2025, 4, 2, 14, 0), NOW, opts)).toBe('2 May, 14:00')
    expect(formatResultTime(Date.UTC(2023, 11, 24, 8, 30), NOW, opts)).toBe('24 Dec 2023, 08:30')
  })
})
