import { describe, expect, it } from 'vitest'
import { chatStanza, parseChatMessage } from '../../../../electron/core/xmpp/features/chat'
import { lastActivityQuery, ownPresenceStanza, parseLastActivity, subscriptionStanza } from '../../../../electron/core/xmpp/features/presence'
import { parseRosterQuery, rosterGet, rosterRemove, rosterSet } from '../../../../electron/core/xmpp/features/roster'
import { NS } from '../../../../electron/core/xmpp/ns'
import { parseStanza, roundTrip } from '../../../support/parse-xml'

const NOW = Date.parse('2025-06-01T12:00:00Z')

describe('chatStanza', () => {
  const item = { conversation: 'alice@example.org', body: 'Hello </body><script>alert(1)</script> & bye', originId: '3f1c2a9e-8d4b-4c1e-9a7f-2b6d5e4c3a21' }

  it('is a type=chat message to the bare JID whose id equals the origin-id', () => {
    const stanza = roundTrip(chatStanza(item))
    expect(stanza.name).toBe('message')
    expect(stanza.attrs).toEqual({ to: 'alice@example.org', type: 'chat', id: item.originId })
    expect(stanza.getChildren('origin-id', NS.sid).map((o) => o.attrs)).toEqual([{ xmlns: NS.sid, id: item.originId }])
  })

  it('carries the body as text, escaped on the wire', () => {
    const built = chatStanza(item)
    expect(built.toString()).not.toContain('<script>')
    const stanza = roundTrip(built)
    expect(stanza.getChildren('body', NS.client).map((b) => b.text())).toEqual([item.body])
  })

  it('requests a delivery receipt and says the chat is active', () => {
    const stanza = roundTrip(chatStanza(item))
    expect(stanza.getChildren('request', NS.receipts)).toHaveLength(1)
    expect(stanza.getChildren('active', NS.chatStates)).toHaveLength(1)
    expect(stanza.getChildElements().map((c) => c.name)).toEqual(['body', 'origin-id', 'request', 'active'])
  })

  it('is read back by the receiving side as the same message', () => {
    const sent = roundTrip(chatStanza(item))
    sent.attrs.from = 'me@example.org/desk'
    expect(parseChatMessage(sent, NOW)).toEqual({
      conversation: 'me@example.org',
      senderJid: 'me@example.org/desk',
      body: item.body,
      originId: item.originId,
      timestamp: NOW,
      receivedAt: NOW,
    })
  })
})

describe('roster builders', () => {
  it('rosterGet asks for the roster, with ver only when we have a version', () => {
    const plain = roundTrip(rosterGet(null))
    expect(plain.attrs).toEqual({ type: 'get' })
    expect(plain.getChild('query', NS.roster)?.attrs).toEqual({ xmlns: NS.roster })
    expect(roundTrip(rosterGet('v42')).getChild('query', NS.roster)?.attrs).toEqual({ xmlns: NS.roster, ver: 'v42' })
    expect(roundTrip(rosterGet('')).getChild('query', NS.roster)?.attrs).toEqual({ xmlns: NS.roster, ver: '' })
  })

  it('rosterSet sends one item with name and groups', () => {
    const stanza = roundTrip(rosterSet('alice@example.org', 'Alice', ['Friends', 'Work']))
    expect(stanza.attrs).toEqual({ type: 'set' })
    const items = stanza.getChild('query', NS.roster)?.getChildren('item', NS.roster) ?? []
    expect(items.map((i) => i.attrs)).toEqual([{ jid: 'alice@example.org', name: 'Alice' }])
    expect(items[0]?.getChildren('group', NS.roster).map((g) => g.text())).toEqual(['Friends', 'Work'])
  })

  it('rosterSet leaves out an empty name', () => {
    const item = roundTrip(rosterSet('alice@example.org', '', [])).getChild('query', NS.roster)?.getChild('item', NS.roster)
    expect(item?.attrs).toEqual({ jid: 'alice@example.org' })
    expect(item?.children).toEqual([])
  })

  it('rosterRemove sends an item with subscription remove', () => {
    const stanza = roundTrip(rosterRemove('alice@example.org'))
    expect(stanza.attrs).toEqual({ type: 'set' })
    expect(stanza.getChild('query', NS.roster)?.getChildren('item', NS.roster).map((i) => i.attrs)).toEqual([{ jid: 'alice@example.org', subscription: 'remove' }])
  })
})

describe('parseRosterQuery', () => {
  it('maps items, cleans bad values and drops unusable JIDs', () => {
    const query = parseStanza(`<iq type='result' id='r1'><query xmlns='jabber:iq:roster' ver='v7'>
      <item jid='Alice@Example.org' name='Alice' subscription='both'><group>Friends</group><group> Friends </group><group>  </group></item>
      <item jid='bob@example.org' subscription='bogus' ask='subscribe'/>
      <item jid='@bad' name='x'/>
      <item jid='carol@example.org' subscription='remove'/>
      <item jid='dave@example.org' name='${'d'.repeat(300)}' subscription='to'/>
    </query></iq>`).getChild('query', NS.roster)
    expect(query).toBeDefined()
    if (!query) return
    expect(parseRosterQuery(query)).toEqual({
      version: 'v7',
      items: [
        { jid: 'alice@example.org', name: 'Alice', groups: ['Friends'], subscription: 'both', pendingOut: false },
        { jid: 'bob@example.org', name: '', groups: [], subscription: 'none', pendingOut: true },
        { jid: 'carol@example.org', remove: true },
        { jid: 'dave@example.org', name: 'd'.repeat(256), groups: [], subscription: 'to', pendingOut: false },
      ],
    })
  })
})

describe('ownPresenceStanza', () => {
  it('available: no show, the status and the priority', () => {
    const stanza = roundTrip(ownPresenceStanza({ show: 'available', status: 'hi' }))
    expect(stanza.attrs).toEqual({})
    expect(stanza.getChildElements().map((c) => [c.name, c.text()])).toEqual([
      ['status', 'hi'],
      ['priority', '0'],
    ])
  })

  it.each(['away', 'xa', 'dnd'] as const)('%s: a <show> with that value', (show) => {
    const stanza = roundTrip(ownPresenceStanza({ show, status: '' }, 5))
    expect(stanza.attrs).toEqual({})
    expect(stanza.getChildElements().map((c) => [c.name, c.text()])).toEqual([
      ['show', show],
      ['priority', '5'],
    ])
  })

  it('offline: an unavailable presence without children', () => {
    const stanza = roundTrip(ownPresenceStanza({ show: 'offline', status: 'bye' }))
    expect(stanza.attrs).toEqual({ type: 'unavailable' })
    expect(stanza.children).toEqual([])
  })
})

describe('subscription and last activity', () => {
  it('subscriptionStanza addresses the JID with the given type', () => {
    expect(roundTrip(subscriptionStanza('alice@example.org', 'subscribed')).attrs).toEqual({ to: 'alice@example.org', type: 'subscribed' })
  })

  it('lastActivityQuery is a jabber:iq:last get to the bare JID', () => {
    const stanza = roundTrip(lastActivityQuery('alice@example.org'))
    expect(stanza.attrs).toEqual({ type: 'get', to: 'alice@example.org' })
    expect(stanza.getChildren('query', NS.last)).toHaveLength(1)
  })

  it.each([
    [`<iq type='result' from='alice@example.org'><query xmlns='jabber:iq:last' seconds='60'/></iq>`, NOW - 60_000],
    [`<iq type='result' from='alice@example.org'><query xmlns='jabber:iq:last' seconds='-5'/></iq>`, null],
    [`<iq type='result' from='alice@example.org'><query xmlns='jabber:iq:last' seconds='soon'/></iq>`, null],
    [`<iq type='result' from='alice@example.org'><query xmlns='jabber:iq:version' seconds='60'/></iq>`, null],
  ])('parseLastActivity(%s) is %s', (xmlText, expected) => {
    expect(parseLastActivity(parseStanza(xmlText), NOW)).toBe(expected)
  })
})
