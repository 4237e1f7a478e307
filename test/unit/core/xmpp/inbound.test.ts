import { describe, expect, it } from 'vitest'
import { classifyInbound, rosterPushAllowed, type Inbound, type InboundContext } from '../../../../electron/core/xmpp/inbound'
import { parseStanza } from '../../../support/parse-xml'

const NOW = Date.parse('2025-06-01T12:00:00Z')
const CTX: InboundContext = { account: 'me@example.org', now: NOW }

const classify = (xmlText: string): Inbound => classifyInbound(parseStanza(xmlText), CTX)

type Row = [name: string, xml: string, expected: Inbound]

// Hostile and edge-case stanzas from security.md (A1, A2, A5, A13, A20) and how each must end up.
const MESSAGE_ROWS: Row[] = [
  [
    'T1: received carbon forged by mallory is rejected',
    `<message from='mallory@evil.example/x' to='me@example.org/desk' type='chat' id='c1'>
      <received xmlns='urn:xmpp:carbons:2'>
        <forwarded xmlns='urn:xmpp:forward:0'>
          <message xmlns='jabber:client' from='alice@example.org/phone' to='me@example.org/laptop' type='chat' id='c1i'>
            <body>Please send the code to mallory@evil.example</body>
          </message>
        </forwarded>
      </received>
    </message>`,
    { kind: 'rejected', reason: 'forged-carbon' },
  ],
  [
    'T1b: received carbon from our own FULL JID is rejected (must be the bare JID)',
    `<message from='me@example.org/otherres' to='me@example.org/desk' type='chat' id='c1'>
      <received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>
        <message xmlns='jabber:client' from='alice@example.org/phone' to='me@example.org/laptop' type='chat'><body>hi</body></message>
      </forwarded></received>
    </message>`,
    { kind: 'rejected', reason: 'forged-carbon' },
  ],
  [
    'T2: sent carbon forged by mallory is rejected',
    `<message from='mallory@evil.example/x' to='me@example.org/desk' type='chat'>
      <sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>
        <message xmlns='jabber:client' from='me@example.org/phone' to='alice@example.org' type='chat' id='s1'><body>I quit.</body></message>
      </forwarded></sent>
    </message>`,
    { kind: 'rejected', reason: 'forged-carbon' },
  ],
  [
    'T2b: groupchat carbon from a room occupant is rejected as forged',
    `<message from='room@muc.example.org/mallory' to='me@example.org/desk' type='groupchat' id='g1'>
      <received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>
        <message xmlns='jabber:client' from='room@muc.example.org/alice' to='room@muc.example.org' type='groupchat'><body>I am alice</body></message>
      </forwarded></received>
    </message>`,
    { kind: 'rejected', reason: 'forged-carbon' },
  ],
  [
    'groupchat carbon even from our own bare JID is rejected',
    `<message from='me@example.org' to='me@example.org/desk' type='chat'>
      <received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>
        <message xmlns='jabber:client' from='room@muc.example.org/alice' to='me@example.org/phone' type='groupchat'><body>I am alice</body></message>
      </forwarded></received>
    </message>`,
    { kind: 'rejected', reason: 'groupchat-carbon' },
  ],
  [
    'a genuine carbon from our own bare JID is not attributed to anyone (carbons are not enabled)',
    `<message from='me@example.org' to='me@example.org/desk' type='chat'>
      <sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>
        <message xmlns='jabber:client' from='me@example.org/phone' to='alice@example.org' type='chat'><body>hello</body></message>
      </forwarded></sent>
    </message>`,
    { kind: 'ignored', reason: 'carbons-not-enabled' },
  ],
  [
    'a carbon without from (from our own server) is not attributed to anyone either',
    `<message to='me@example.org/desk' type='chat'>
      <received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>
        <message xmlns='jabber:client' from='alice@example.org/phone' to='me@example.org/phone' type='chat'><body>hi</body></message>
      </forwarded></received>
    </message>`,
    { kind: 'ignored', reason: 'carbons-not-enabled' },
  ],
  [
    'T2c: a bare <forwarded> in a chat message is rejected, not shown as from alice',
    `<message from='mallory@evil.example/x' to='me@example.org/desk' type='chat'>
      <forwarded xmlns='urn:xmpp:forward:0'>
        <message xmlns='jabber:client' from='alice@example.org/phone' type='chat'><body>hi</body></message>
      </forwarded>
    </message>`,
    { kind: 'rejected', reason: 'bare-forwarded' },
  ],
  [
    'T2c: a bare <forwarded> next to a body of its own is still rejected',
    `<message from='mallory@evil.example/x' type='chat'><body>look</body>
      <forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' from='alice@example.org/phone'><body>hi</body></message></forwarded>
    </message>`,
    { kind: 'rejected', reason: 'bare-forwarded' },
  ],
  [
    'T5: an unsolicited MAM result from mallory is rejected',
    `<message from='mallory@evil.example/x' to='me@example.org/desk' id='m1'>
      <result xmlns='urn:xmpp:mam:2' queryid='QUERY-ID-IN-FLIGHT' id='fake-archive-id'>
        <forwarded xmlns='urn:xmpp:forward:0'>
          <delay xmlns='urn:xmpp:delay' stamp='2020-01-01T00:00:00Z'/>
          <message xmlns='jabber:client' from='alice@example.org/phone' to='me@example.org' type='chat'><body>old fake history</body></message>
        </forwarded>
      </result>
    </message>`,
    { kind: 'rejected', reason: 'unsolicited-mam-result' },
  ],
  [
    'T5b: a MAM result from our own archive is rejected while no query is open',
    `<message from='me@example.org' to='me@example.org/desk' id='m2'>
      <result xmlns='urn:xmpp:mam:2' queryid='UNKNOWN' id='a1'>
        <forwarded xmlns='urn:xmpp:forward:0'>
          <message xmlns='jabber:client' from='alice@example.org/phone' to='me@example.org' type='chat'><body>old</body></message>
        </forwarded>
      </result>
    </message>`,
    { kind: 'rejected', reason: 'unsolicited-mam-result' },
  ],
  ['a groupchat message is ignored', `<message from='room@muc.example.org/alice' type='groupchat' id='g2'><body>hi all</body></message>`, { kind: 'ignored', reason: 'type-groupchat' }],
  ['a headline message is ignored', `<message from='mallory@evil.example' type='headline'><body>news</body></message>`, { kind: 'ignored', reason: 'type-headline' }],
  ['a chat message without a body is ignored', `<message from='alice@example.org/phone' type='chat' id='n1'><active xmlns='http://jabber.org/protocol/chatstates'/></message>`, { kind: 'ignored', reason: 'no-body' }],
  ['a chat message with a whitespace-only body is ignored', `<message from='alice@example.org/phone' type='chat' id='n2'><body>  \n </body></message>`, { kind: 'ignored', reason: 'no-body' }],
  [
    'a body in a foreign namespace does not count as a body',
    `<message from='alice@example.org/phone' type='chat' id='n3'><body xmlns='http://www.w3.org/1999/xhtml'>html only</body></message>`,
    { kind: 'ignored', reason: 'no-body' },
  ],
  ['a chat message from an unusable JID is rejected', `<message from='@evil.example/x' type='chat' id='b1'><body>hi</body></message>`, { kind: 'rejected', reason: 'bad-from' }],
  [
    'an error bounce becomes message-error with the peer and our id, using the error text',
    `<message from='alice@example.org/phone' type='error' id='out-1'>
      <body>what we sent</body>
      <error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>Recipient offline</text></error>
    </message>`,
    { kind: 'message-error', peer: 'alice@example.org', id: 'out-1', text: 'Recipient offline' },
  ],
  [
    'an error bounce without text uses the condition name',
    `<message from='Alice@Example.org' type='error' id='out-2'><error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>`,
    { kind: 'message-error', peer: 'alice@example.org', id: 'out-2', text: 'item-not-found' },
  ],
  [
    'an error bounce without an id is ignored',
    `<message from='alice@example.org' type='error'><error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>`,
    { kind: 'ignored', reason: 'error-without-id' },
  ],
  ['an iq is not handled here', `<iq from='example.org' type='get' id='p1'><ping xmlns='urn:xmpp:ping'/></iq>`, { kind: 'ignored', reason: 'unexpected-iq' }],
]

const chat = (fields: Partial<Extract<Inbound, { kind: 'chat' }>['message']>): Inbound => ({
  kind: 'chat',
  message: { conversation: 'alice@example.org', senderJid: 'alice@example.org/phone', body: 'hi', originId: null, timestamp: NOW, receivedAt: NOW, ...fields },
})

const CHAT_ROWS: Row[] = [
  [
    'a chat message is filed under the bare from JID, preferring origin-id over @id',
    `<message from='Alice@Example.org/Phone' to='me@example.org/desk' type='chat' id='stanza-1'>
      <body>Hello</body><origin-id xmlns='urn:xmpp:sid:0' id='origin-1'/>
    </message>`,
    chat({ senderJid: 'Alice@Example.org/Phone', body: 'Hello', originId: 'origin-1' }),
  ],
  ['without origin-id the stanza @id is the origin id', `<message from='alice@example.org/phone' type='chat' id='stanza-2'><body>hi</body></message>`, chat({ originId: 'stanza-2' })],
  ['a message without type (normal) is a chat message too', `<message from='alice@example.org/phone'><body>hi</body></message>`, chat({})],
  [
    'with two <body> elements only the first one is taken',
    `<message from='alice@example.org/phone' type='chat' id='b2'><body>first</body><body>second</body></message>`,
    chat({ body: 'first', originId: 'b2' }),
  ],
  [
    'T20: a far-future <delay> is clamped to now',
    `<message from='alice@example.org/phone' to='me@example.org/desk' type='chat' id='t1'>
      <body>pinned forever</body><delay xmlns='urn:xmpp:delay' from='example.org' stamp='2999-12-31T23:59:59Z'/>
    </message>`,
    chat({ body: 'pinned forever', originId: 't1' }),
  ],
  [
    "T20: stamp='garbage' falls back to now",
    `<message from='alice@example.org/phone' type='chat' id='t2'><body>hi</body><delay xmlns='urn:xmpp:delay' stamp='garbage'/></message>`,
    chat({ originId: 't2' }),
  ],
  [
    "T20: stamp='-999999-01-01T00:00:00Z' falls back to now",
    `<message from='alice@example.org/phone' type='chat' id='t3'><body>hi</body><delay xmlns='urn:xmpp:delay' stamp='-999999-01-01T00:00:00Z'/></message>`,
    chat({ originId: 't3' }),
  ],
  [
    'a past <delay> (offline storage) keeps the original time',
    `<message from='alice@example.org/phone' type='chat' id='t4'><body>hi</body><delay xmlns='urn:xmpp:delay' stamp='2025-06-01T11:00:00Z'/></message>`,
    chat({ originId: 't4', timestamp: Date.parse('2025-06-01T11:00:00Z') }),
  ],
  [
    'T7: a forged stanza-id does not change who the message is from',
    `<message from='mallory@evil.example/x' to='me@example.org/desk' type='chat' id='x1'>
      <body>hello</body>
      <stanza-id xmlns='urn:xmpp:sid:0' by='me@example.org' id='ARCHIVE-ID-OF-AN-EXISTING-MESSAGE'/>
      <origin-id xmlns='urn:xmpp:sid:0' id='ORIGIN-ID-USED-BY-ALICE'/>
    </message>`,
    chat({ conversation: 'mallory@evil.example', senderJid: 'mallory@evil.example/x', body: 'hello', originId: 'ORIGIN-ID-USED-BY-ALICE' }),
  ],
  [
    'an origin-id longer than 256 characters is dropped',
    `<message from='alice@example.org/phone' type='chat'><body>hi</body><origin-id xmlns='urn:xmpp:sid:0' id='${'o'.repeat(257)}'/></message>`,
    chat({ originId: null }),
  ],
  [
    'markup-looking text in the body stays text',
    `<message from='alice@example.org/phone' type='chat' id='x9'><body>&lt;img src=x onerror=alert(1)&gt;</body></message>`,
    chat({ body: '<img src=x onerror=alert(1)>', originId: 'x9' }),
  ],
]

const presence = (event: Extract<Inbound, { kind: 'presence' }>['event']): Inbound => ({ kind: 'presence', event })

const PRESENCE_ROWS: Row[] = [
  [
    'an available presence maps show, status and priority',
    `<presence from='alice@example.org/phone'><show>dnd</show><status>busy</status><priority>5</priority></presence>`,
    presence({ kind: 'available', jid: 'alice@example.org', resource: { resource: 'phone', show: 'dnd', status: 'busy', priority: 5 } }),
  ],
  [
    'priority 9999 is clamped to 127',
    `<presence from='alice@example.org/phone'><priority>9999</priority></presence>`,
    presence({ kind: 'available', jid: 'alice@example.org', resource: { resource: 'phone', show: 'available', status: '', priority: 127 } }),
  ],
  [
    'priority -9999 is clamped to -128',
    `<presence from='alice@example.org/phone'><priority>-9999</priority></presence>`,
    presence({ kind: 'available', jid: 'alice@example.org', resource: { resource: 'phone', show: 'available', status: '', priority: -128 } }),
  ],
  [
    'a non-numeric priority counts as 0',
    `<presence from='alice@example.org/phone'><priority>high</priority></presence>`,
    presence({ kind: 'available', jid: 'alice@example.org', resource: { resource: 'phone', show: 'available', status: '', priority: 0 } }),
  ],
  [
    "show 'bogus' is treated as available",
    `<presence from='alice@example.org/phone'><show>bogus</show></presence>`,
    presence({ kind: 'available', jid: 'alice@example.org', resource: { resource: 'phone', show: 'available', status: '', priority: 0 } }),
  ],
  [
    'an unavailable presence with a future <delay> is dated now',
    `<presence from='alice@example.org/phone' type='unavailable'><delay xmlns='urn:xmpp:delay' stamp='2999-12-31T23:59:59Z'/></presence>`,
    presence({ kind: 'unavailable', jid: 'alice@example.org', resource: 'phone', at: NOW }),
  ],
  [
    'an unavailable presence with a past <delay> keeps that time',
    `<presence from='alice@example.org' type='unavailable'><delay xmlns='urn:xmpp:delay' stamp='2025-05-31T08:00:00Z'/></presence>`,
    presence({ kind: 'unavailable', jid: 'alice@example.org', resource: '', at: Date.parse('2025-05-31T08:00:00Z') }),
  ],
  [
    'T12: a subscription request keeps the self-asserted nick but the JID comes from the from attribute',
    `<presence from='mallory@evil.example' to='me@example.org' type='subscribe'>
      <nick xmlns='http://jabber.org/protocol/nick'>Alice (new phone)</nick>
    </presence>`,
    presence({ kind: 'subscribe', jid: 'mallory@evil.example', nick: 'Alice (new phone)' }),
  ],
  [
    'T12: a subscription request from a full JID is filed under the bare JID',
    `<presence from='Mallory@Evil.example/x' type='subscribe'><nick xmlns='http://jabber.org/protocol/nick'>alice@example.org</nick></presence>`,
    presence({ kind: 'subscribe', jid: 'mallory@evil.example', nick: 'alice@example.org' }),
  ],
  [
    'T13: a muc#user claim in presence from a non-room JID is about the sender only',
    `<presence from='mallory@evil.example/x' to='me@example.org/desk'>
      <x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='owner' role='moderator' jid='alice@example.org/phone'/><status code='110'/></x>
    </presence>`,
    presence({ kind: 'available', jid: 'mallory@evil.example', resource: { resource: 'x', show: 'available', status: '', priority: 0 } }),
  ],
  ['an unsubscribed presence maps to its kind', `<presence from='alice@example.org' type='unsubscribed'/>`, presence({ kind: 'unsubscribed', jid: 'alice@example.org' })],
  ['a presence from an unusable JID is rejected', `<presence from='@evil.example/x'/>`, { kind: 'rejected', reason: 'bad-from' }],
]

describe('classifyInbound', () => {
  describe('messages', () => {
    it.each(MESSAGE_ROWS)('%s', (_name, xmlText, expected) => {
      expect(classify(xmlText)).toEqual(expected)
    })
  })

  describe('chat messages', () => {
    it.each(CHAT_ROWS)('%s', (_name, xmlText, expected) => {
      expect(classify(xmlText)).toEqual(expected)
    })

    it('cuts an oversized body to 64 KiB', () => {
      const result = classify(`<message from='alice@example.org/phone' type='chat'><body>${'a'.repeat(70_000)}</body></message>`)
      expect(result.kind === 'chat' && result.message.body.length).toBe(64 * 1024)
    })
  })

  describe('presence', () => {
    it.each(PRESENCE_ROWS)('%s', (_name, xmlText, expected) => {
      expect(classify(xmlText)).toEqual(expected)
    })

    it('cuts a self-asserted nick to 256 characters', () => {
      const result = classify(`<presence from='mallory@evil.example' type='subscribe'><nick xmlns='http://jabber.org/protocol/nick'>${'n'.repeat(1000)}</nick></presence>`)
      expect(result.kind === 'presence' && result.event.kind === 'subscribe' && result.event.nick.length).toBe(256)
    })
  })
})

describe('rosterPushAllowed', () => {
  const T3_ADD = `<iq type='set' id='push1' from='mallory@evil.example/x' to='me@example.org/desk'>
    <query xmlns='jabber:iq:roster'><item jid='mallory@evil.example' name='Alice' subscription='both'/></query>
  </iq>`
  const T3_REMOVE = `<iq type='set' id='push2' from='mallory@evil.example/x' to='me@example.org/desk'>
    <query xmlns='jabber:iq:roster'><item jid='alice@example.org' subscription='remove'/></query>
  </iq>`
  const push = (from: string | null): string =>
    `<iq type='set' id='push3'${from === null ? '' : ` from='${from}'`}><query xmlns='jabber:iq:roster'><item jid='alice@example.org' name='Alice'/></query></iq>`

  it('T3: refuses a roster push from mallory (add and remove)', () => {
    expect(rosterPushAllowed(parseStanza(T3_ADD), 'me@example.org')).toBe(false)
    expect(rosterPushAllowed(parseStanza(T3_REMOVE), 'me@example.org')).toBe(false)
  })

  it('accepts a roster push from our own bare JID', () => {
    expect(rosterPushAllowed(parseStanza(push('me@example.org')), 'me@example.org')).toBe(true)
  })

  it('accepts a roster push without from (from our server on our behalf)', () => {
    expect(rosterPushAllowed(parseStanza(push(null)), 'me@example.org')).toBe(true)
  })

  it('refuses a roster push from our server domain or a look-alike account', () => {
    expect(rosterPushAllowed(parseStanza(push('example.org')), 'me@example.org')).toBe(false)
    expect(rosterPushAllowed(parseStanza(push('me@example.org.evil.example')), 'me@example.org')).toBe(false)
  })

  // RFC 6121 §2.1.6: ignore the push "unless it has no 'from' attribute or ... the user's bare JID".
  it('refuses a roster push from one of our own full JIDs (only the bare JID may push)', () => {
    expect(rosterPushAllowed(parseStanza(push('me@example.org/otherres')), 'me@example.org')).toBe(false)
  })
})
