import { describe, expect, it } from 'vitest'
import { chatStanza, displayedStanza, parseChatMessage, receiptStanza, type ParseOptions } from '../../../../electron/core/xmpp/features/chat'
import { discoInfoQuery, enableCarbons, parseFeatures } from '../../../../electron/core/xmpp/features/disco'
import { mamQuery, parseFin } from '../../../../electron/core/xmpp/features/mam'
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

  it('requests a delivery receipt, is markable and says the chat is active', () => {
    const stanza = roundTrip(chatStanza(item))
    expect(stanza.getChildren('request', NS.receipts).map((r) => r.attrs)).toEqual([{ xmlns: 'urn:xmpp:receipts' }])
    expect(stanza.getChildren('markable', NS.markers).map((m) => m.attrs)).toEqual([{ xmlns: 'urn:xmpp:chat-markers:0' }])
    expect(stanza.getChildren('active', NS.chatStates)).toHaveLength(1)
    expect(stanza.getChildElements().map((c) => c.name)).toEqual(['body', 'origin-id', 'request', 'markable', 'active'])
  })

  it('is read back by the receiving side as the same message', () => {
    const sent = roundTrip(chatStanza(item))
    sent.attrs.from = 'me@example.org/desk'
    expect(parseChatMessage(sent, { account: 'alice@example.org', via: 'live', outgoing: false, now: NOW, delay: null, archiveId: null })).toStrictEqual({
      conversation: 'me@example.org',
      senderJid: 'me@example.org/desk',
      body: item.body,
      originId: item.originId,
      timestamp: NOW,
      receivedAt: NOW,
      direction: 'in',
      archiveId: null,
      markable: true,
    })
  })

  it('is read back by our other device (sent carbon) as our own message to the recipient', () => {
    const sent = roundTrip(chatStanza(item))
    sent.attrs.from = 'me@example.org/desk'
    expect(parseChatMessage(sent, { account: 'me@example.org', via: 'carbon-sent', outgoing: true, now: NOW, delay: null, archiveId: 'A-9' })).toStrictEqual({
      conversation: 'alice@example.org',
      senderJid: 'me@example.org/desk',
      body: item.body,
      originId: item.originId,
      timestamp: NOW,
      receivedAt: NOW,
      direction: 'out',
      archiveId: 'A-9',
      markable: false,
    })
  })
})

describe('parseChatMessage', () => {
  const INCOMING: ParseOptions = { account: 'me@example.org', via: 'live', outgoing: false, now: NOW, delay: null, archiveId: null }
  const OUTGOING: ParseOptions = { ...INCOMING, via: 'carbon-sent', outgoing: true }
  const parse = (xmlText: string, options: ParseOptions = INCOMING) => parseChatMessage(parseStanza(xmlText), options)

  it('an outgoing message without from is sent by our bare JID', () => {
    expect(parse(`<message to='alice@example.org/x' type='chat'><body>hi</body></message>`, OUTGOING)).toMatchObject({
      conversation: 'alice@example.org',
      senderJid: 'me@example.org',
      direction: 'out',
    })
  })

  it.each([
    ['an incoming message from ourselves', `<message from='me@example.org/phone' to='me@example.org' type='chat'><body>hi</body></message>`, INCOMING],
    ['an outgoing message to ourselves', `<message from='me@example.org/phone' to='Me@Example.org/desk' type='chat'><body>hi</body></message>`, OUTGOING],
    ['an outgoing message without to', `<message from='me@example.org/phone' type='chat'><body>hi</body></message>`, OUTGOING],
    ['a groupchat message', `<message from='alice@example.org/phone' type='groupchat'><body>hi</body></message>`, INCOMING],
    ['a headline message', `<message from='alice@example.org/phone' type='headline'><body>hi</body></message>`, INCOMING],
    ['an error message', `<message from='alice@example.org/phone' type='error'><body>hi</body></message>`, INCOMING],
  ])('%s is nothing to show', (_name, xmlText, options) => {
    expect(parse(xmlText, options)).toBeNull()
  })

  it('the delay passed in (the archive or carbon wrapper) wins over the one in the message', () => {
    const wrapper = parseStanza(`<delay xmlns='urn:xmpp:delay' stamp='2025-05-01T10:00:00Z'/>`)
    const message = parse(`<message from='alice@example.org/phone' type='chat'><body>hi</body><delay xmlns='urn:xmpp:delay' stamp='2020-01-01T00:00:00Z'/></message>`, {
      ...INCOMING,
      via: 'mam',
      delay: wrapper,
    })
    expect(message?.timestamp).toBe(Date.parse('2025-05-01T10:00:00Z'))
  })

  it('a future delay passed in is clamped to now', () => {
    const wrapper = parseStanza(`<delay xmlns='urn:xmpp:delay' stamp='2999-01-01T00:00:00Z'/>`)
    expect(parse(`<message from='alice@example.org/phone' type='chat'><body>hi</body></message>`, { ...INCOMING, via: 'mam', delay: wrapper })?.timestamp).toBe(NOW)
  })

  it('markable only for incoming messages', () => {
    const markable = `<message from='me@example.org/phone' to='alice@example.org' type='chat'><body>hi</body><markable xmlns='urn:xmpp:chat-markers:0'/></message>`
    expect(parse(markable, OUTGOING)?.markable).toBe(false)
    expect(parse(markable.replace("from='me@example.org/phone' to='alice@example.org'", "from='alice@example.org/phone'"))?.markable).toBe(true)
  })
})

describe('receipts and markers', () => {
  it('receiptStanza acknowledges the message id to the full JID, with an id of its own and nothing else', () => {
    const stanza = roundTrip(receiptStanza('alice@example.org/phone', 'their-id', 'own-id'))
    expect(stanza.name).toBe('message')
    expect(stanza.attrs).toEqual({ to: 'alice@example.org/phone', id: 'own-id' })
    expect(stanza.getChildElements().map((c) => [c.name, c.attrs])).toEqual([['received', { xmlns: NS.receipts, id: 'their-id' }]])
  })

  it('a receipt never asks for a receipt itself (XEP-0184 loop rule)', () => {
    expect(roundTrip(receiptStanza('alice@example.org/phone', 'x', 'y')).getChildren('request', NS.receipts)).toEqual([])
  })

  it('displayedStanza marks the message id as displayed, as a chat message the archive stores', () => {
    const stanza = roundTrip(displayedStanza('alice@example.org', 'their-id', 'own-id'))
    expect(stanza.attrs).toEqual({ to: 'alice@example.org', type: 'chat', id: 'own-id' })
    expect(stanza.getChildElements().map((c) => [c.name, c.attrs])).toEqual([
      ['displayed', { xmlns: NS.markers, id: 'their-id' }],
      ['store', { xmlns: 'urn:xmpp:hints' }],
    ])
    expect(stanza.getChildren('body', NS.client)).toEqual([])
  })
})

describe('mamQuery', () => {
  const fields = (stanza: ReturnType<typeof roundTrip>) =>
    stanza
      .getChild('query', NS.mam)
      ?.getChild('x', NS.dataForms)
      ?.getChildren('field', NS.dataForms)
      .map((f) => ({ ...f.attrs, values: f.getChildren('value', NS.dataForms).map((v) => v.text()) }))
  const paging = (stanza: ReturnType<typeof roundTrip>) =>
    stanza
      .getChild('query', NS.mam)
      ?.getChild('set', NS.rsm)
      ?.getChildElements()
      .map((c) => [c.name, c.text()])

  it('is an iq set (to our own archive: no to) with the query id and a MAM v2 form', () => {
    const stanza = roundTrip(mamQuery({ queryId: 'Q-1', max: 50 }))
    expect(stanza.name).toBe('iq')
    expect(stanza.attrs).toEqual({ type: 'set' })
    const query = stanza.getChildren('query', NS.mam)
    expect(query.map((q) => q.attrs)).toEqual([{ xmlns: 'urn:xmpp:mam:2', queryid: 'Q-1' }])
    expect(query[0]?.getChildren('x', NS.dataForms).map((x) => x.attrs)).toEqual([{ xmlns: 'jabber:x:data', type: 'submit' }])
    expect(fields(stanza)).toEqual([{ var: 'FORM_TYPE', type: 'hidden', values: ['urn:xmpp:mam:2'] }])
    expect(paging(stanza)).toEqual([['max', '50']])
    expect(query[0]?.getChild('set', NS.rsm)?.attrs).toEqual({ xmlns: 'http://jabber.org/protocol/rsm' })
  })

  it('filters by a with field when asked', () => {
    expect(fields(roundTrip(mamQuery({ queryId: 'Q', max: 10, with: 'alice@example.org' })))).toEqual([
      { var: 'FORM_TYPE', type: 'hidden', values: ['urn:xmpp:mam:2'] },
      { var: 'with', values: ['alice@example.org'] },
    ])
  })

  it('bounds by time in whole UTC seconds: the start rounded down, the end rounded up', () => {
    const start = Date.UTC(2026, 0, 2, 3, 4, 5, 678)
    expect(fields(roundTrip(mamQuery({ queryId: 'Q', max: 10, with: 'a@example.org', start, end: start + 1_000 })))).toEqual([
      { var: 'FORM_TYPE', type: 'hidden', values: ['urn:xmpp:mam:2'] },
      { var: 'with', values: ['a@example.org'] },
      { var: 'start', values: ['2026-01-02T03:04:05Z'] },
      { var: 'end', values: ['2026-01-02T03:04:07Z'] },
    ])
  })

  it('an empty with is no filter', () => {
    expect(fields(roundTrip(mamQuery({ queryId: 'Q', max: 10, with: '' })))).toEqual([{ var: 'FORM_TYPE', type: 'hidden', values: ['urn:xmpp:mam:2'] }])
  })

  it('pages forward with after', () => {
    expect(paging(roundTrip(mamQuery({ queryId: 'Q', max: 250, after: 'A-17' })))).toEqual([
      ['max', '250'],
      ['after', 'A-17'],
    ])
  })

  it('pages backward with before', () => {
    expect(paging(roundTrip(mamQuery({ queryId: 'Q', max: 250, before: 'A-17' })))).toEqual([
      ['max', '250'],
      ['before', 'A-17'],
    ])
  })

  it("before='' is an empty <before/> (the newest page)", () => {
    const built = mamQuery({ queryId: 'Q', max: 250, before: '' })
    expect(built.toString()).toMatch(/<before\/>|<before><\/before>/u)
    const before = roundTrip(built).getChild('query', NS.mam)?.getChild('set', NS.rsm)?.getChildren('before', NS.rsm)
    expect(before?.map((b) => [b.text(), b.children.length])).toEqual([['', 0]])
  })

  it('escapes values on the wire', () => {
    const built = mamQuery({ queryId: "Q'<x>", max: 1, with: 'a&b@example.org', after: '</after><evil/>' })
    expect(built.toString()).not.toContain('<evil/>')
    const stanza = roundTrip(built)
    expect(stanza.getChild('query', NS.mam)?.attrs.queryid).toBe("Q'<x>")
    expect(fields(stanza)?.[1]?.values).toEqual(['a&b@example.org'])
    expect(paging(stanza)).toEqual([
      ['max', '1'],
      ['after', '</after><evil/>'],
    ])
  })
})

describe('parseFin', () => {
  const fin = (attrs: string, set: string | null) =>
    parseStanza(`<iq type='result' id='q1'><fin xmlns='urn:xmpp:mam:2'${attrs}>${set === null ? '' : `<set xmlns='http://jabber.org/protocol/rsm'>${set}</set>`}</fin></iq>`)

  it('reads complete, first and last', () => {
    expect(parseFin(fin(` complete='true'`, `<first index='0'>A-1</first><last>A-9</last><count>9</count>`))).toEqual({ complete: true, first: 'A-1', last: 'A-9' })
  })

  it("complete='false' and an absent complete both mean more pages", () => {
    expect(parseFin(fin(` complete='false'`, `<first>A-1</first><last>A-9</last>`))).toEqual({ complete: false, first: 'A-1', last: 'A-9' })
    expect(parseFin(fin('', `<first>A-1</first><last>A-9</last>`))).toEqual({ complete: false, first: 'A-1', last: 'A-9' })
  })

  // XEP-0313 types `complete` as xs:boolean, whose lexical forms are true/false/1/0.
  it("complete='1' (xs:boolean) means complete", () => {
    expect(parseFin(fin(` complete='1'`, `<first>A-1</first><last>A-9</last>`))?.complete).toBe(true)
  })

  it('an empty page has no first and last', () => {
    expect(parseFin(fin(` complete='true'`, `<count>0</count>`))).toEqual({ complete: true, first: null, last: null })
    expect(parseFin(fin(` complete='true'`, `<first/><last></last>`))).toEqual({ complete: true, first: null, last: null })
  })

  it('a missing <set/> gives no first and last', () => {
    expect(parseFin(fin(` complete='true'`, null))).toEqual({ complete: true, first: null, last: null })
  })

  it('first/last in a foreign namespace are not read', () => {
    expect(parseFin(parseStanza(`<iq type='result'><fin xmlns='urn:xmpp:mam:2'><set xmlns='urn:example:rsm'><first>A-1</first><last>A-9</last></set></fin></iq>`))).toEqual({
      complete: false,
      first: null,
      last: null,
    })
  })

  it('a reply without <fin/> (or a MAM v1 fin) is not a fin', () => {
    expect(parseFin(parseStanza(`<iq type='result' id='q1'/>`))).toBeNull()
    expect(parseFin(parseStanza(`<iq type='result'><fin xmlns='urn:xmpp:mam:1' complete='true'/></iq>`))).toBeNull()
  })
})

describe('disco and carbons', () => {
  it('discoInfoQuery is a disco#info get to the given JID', () => {
    const stanza = roundTrip(discoInfoQuery('me@example.org'))
    expect(stanza.attrs).toEqual({ type: 'get', to: 'me@example.org' })
    expect(stanza.getChildren('query', NS.discoInfo).map((q) => [q.attrs, q.children.length])).toEqual([[{ xmlns: NS.discoInfo }, 0]])
  })

  it('parseFeatures returns the advertised feature namespaces only', () => {
    const reply = parseStanza(`<iq type='result' from='me@example.org' id='d1'>
      <query xmlns='http://jabber.org/protocol/disco#info'>
        <identity category='account' type='registered'/>
        <feature var='urn:xmpp:mam:2'/>
        <feature var='urn:xmpp:sid:0'/>
        <feature var='urn:xmpp:mam:2'/>
        <feature var=''/>
        <feature/>
        <feature xmlns='urn:example:other' var='urn:example:smuggled'/>
        <x xmlns='jabber:x:data' type='result'><field var='FORM_TYPE'><value>urn:xmpp:sid:0</value></field></x>
      </query>
    </iq>`)
    expect([...parseFeatures(reply)].sort()).toEqual(['urn:xmpp:mam:2', 'urn:xmpp:sid:0'])
  })

  it('parseFeatures of a reply without a disco#info query is empty', () => {
    expect(parseFeatures(parseStanza(`<iq type='result' id='d1'/>`)).size).toBe(0)
    expect(parseFeatures(parseStanza(`<iq type='result' id='d1'><query xmlns='http://jabber.org/protocol/disco#items'><feature var='urn:xmpp:sid:0'/></query></iq>`)).size).toBe(0)
  })

  it('enableCarbons is an iq set with a carbons:2 <enable/>', () => {
    const stanza = roundTrip(enableCarbons())
    expect(stanza.attrs).toEqual({ type: 'set' })
    expect(stanza.getChildElements().map((c) => [c.name, c.attrs])).toEqual([['enable', { xmlns: NS.carbons }]])
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
      ['c', ''], // XEP-0115 caps (own-features.test.ts)
    ])
  })

  it.each(['away', 'xa', 'dnd'] as const)('%s: a <show> with that value', (show) => {
    const stanza = roundTrip(ownPresenceStanza({ show, status: '' }, 5))
    expect(stanza.attrs).toEqual({})
    expect(stanza.getChildElements().map((c) => [c.name, c.text()])).toEqual([
      ['show', show],
      ['priority', '5'],
      ['c', ''],
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
