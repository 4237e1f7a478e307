import { describe, expect, it } from 'vitest'
import { classifyInbound, rosterPushAllowed, trustedStanzaId, type Inbound, type InboundContext } from '../../../../electron/core/xmpp/inbound'
import type { IncomingMessage } from '../../../../electron/core/archive/archive'
import type { Via } from '../../../../electron/core/xmpp/features/chat'
import { parseStanza } from '../../../support/parse-xml'

const NOW = Date.parse('2025-06-01T12:00:00Z')
const ME = 'me@example.org'
/** Our archive queries in flight: one on our own archive, one on a room archive. */
const OPEN_QUERIES: ReadonlyMap<string, string> = new Map([
  ['QUERY-OWN', ME],
  ['QUERY-ROOM', 'room@muc.example.org'],
])
/** A server that stamps stanza-ids (advertises urn:xmpp:sid:0). */
const CTX: InboundContext = { account: ME, now: NOW, openQueries: OPEN_QUERIES, trustStanzaIds: true, rooms: new Map() }
/** A server that does not: no stanza-id can be trusted. */
const UNTRUSTED: InboundContext = { ...CTX, trustStanzaIds: false }

/**
 * Classifies one stanza. The tables compare whole events, so a chat event's `stanzaId` (the
 * stanza's own @id, which receipts name) is checked against the parsed stanza here once.
 */
const classify = (xmlText: string, ctx: InboundContext = CTX): Inbound => {
  const stanza = parseStanza(xmlText)
  const result = classifyInbound(stanza, ctx)
  if (result.kind !== 'chat') return result
  const { stanzaId, ...rest } = result
  const carried = stanza.getChildElements().find((c) => c.name === 'sent' || c.name === 'received')
  const inner = carried?.getChildElements()[0]?.getChildElements()[0]
  expect(stanzaId).toBe((inner ?? stanza).attrs.id ?? null)
  return rest as Inbound
}

// Fields a plain chat message never carries stay optional.
type Message = Required<Omit<IncomingMessage, 'attachment' | 'room'>>

/** A message as parsed from alice's phone, overridable field by field. */
const message = (fields: Partial<Message> = {}): Message => ({
  conversation: 'alice@example.org',
  senderJid: 'alice@example.org/phone',
  body: 'hi',
  originId: null,
  timestamp: NOW,
  receivedAt: NOW,
  direction: 'in',
  archiveId: null,
  markable: false,
  ...fields,
})

const chat = (fields: Partial<Message> = {}, via: Via = 'live', receiptRequested = false): Inbound =>
  ({ kind: 'chat', message: message(fields), via, receiptRequested }) as Inbound

/** Our own message, sent from our phone to alice, as a sent carbon shows it. */
const sentCarbon = (fields: Partial<Message> = {}): Inbound => chat({ senderJid: 'me@example.org/phone', direction: 'out', ...fields }, 'carbon-sent')

const archived = (archiveId: string, fields: Partial<Message> | null, queryId = 'QUERY-OWN'): Inbound => ({
  kind: 'archived',
  queryId,
  archiveId,
  message: fields === null ? null : message({ archiveId, ...fields }),
})

type Row = [name: string, xml: string, expected: Inbound, ctx?: InboundContext]

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
    'a genuine sent carbon from our own bare JID is our own message, filed under the inner `to`',
    `<message from='me@example.org' to='me@example.org/desk' type='chat'>
      <sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>
        <message xmlns='jabber:client' from='me@example.org/phone' to='alice@example.org' type='chat'><body>hello</body></message>
      </forwarded></sent>
    </message>`,
    sentCarbon({ body: 'hello' }),
  ],
  [
    "a received carbon without from (from our own server) is alice's message, filed under the inner `from`",
    `<message to='me@example.org/desk' type='chat'>
      <received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>
        <message xmlns='jabber:client' from='alice@example.org/phone' to='me@example.org/phone' type='chat'><body>hi</body></message>
      </forwarded></received>
    </message>`,
    chat({}, 'carbon-received'),
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
  ['a groupchat message from a room we are not in is rejected', `<message from='room@muc.example.org/alice' type='groupchat' id='g2'><body>hi all</body></message>`, { kind: 'rejected', reason: 'groupchat-from-unknown-room' }],
  ['a headline message is ignored', `<message from='mallory@evil.example' type='headline'><body>news</body></message>`, { kind: 'ignored', reason: 'type-headline' }],
  ['a chat message without a body is ignored', `<message from='alice@example.org/phone' type='chat' id='n1'><markable xmlns='urn:xmpp:chat-markers:0'/></message>`, { kind: 'ignored', reason: 'no-body' }],
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
    'T7 (server without urn:xmpp:sid:0): a forged stanza-id changes neither who the message is from nor its archive id',
    `<message from='mallory@evil.example/x' to='me@example.org/desk' type='chat' id='x1'>
      <body>hello</body>
      <stanza-id xmlns='urn:xmpp:sid:0' by='me@example.org' id='ARCHIVE-ID-OF-AN-EXISTING-MESSAGE'/>
      <origin-id xmlns='urn:xmpp:sid:0' id='ORIGIN-ID-USED-BY-ALICE'/>
    </message>`,
    chat({ conversation: 'mallory@evil.example', senderJid: 'mallory@evil.example/x', body: 'hello', originId: 'ORIGIN-ID-USED-BY-ALICE' }),
    UNTRUSTED,
  ],
  [
    'without origin-id or id the origin id is null',
    `<message from='alice@example.org/phone' type='chat'><body>hi</body></message>`,
    chat({}),
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

/** A carbon of `inner`, from our own bare JID unless `from` says otherwise (null: no from). */
const carbon = (kind: 'sent' | 'received', inner: string, from: string | null = ME): string =>
  `<message${from === null ? '' : ` from='${from}'`} to='me@example.org/desk' type='chat'>
    <${kind} xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>${inner}</forwarded></${kind}>
  </message>`

/** Our message from our phone to alice, with `extra` children. */
const ourMessage = (extra = '', attrs = `from='me@example.org/phone' to='alice@example.org' type='chat' id='s1'`): string =>
  `<message xmlns='jabber:client' ${attrs}><body>hi</body>${extra}</message>`

/** Alice's message to our phone, with `extra` children. */
const aliceMessage = (extra = '', attrs = `from='alice@example.org/phone' to='me@example.org/phone' type='chat' id='a1'`): string =>
  `<message xmlns='jabber:client' ${attrs}><body>hi</body>${extra}</message>`

// XEP-0280 (security.md A1, A2): only carbons from our own bare JID (or without from) are unwrapped.
const CARBON_ROWS: Row[] = [
  ['T2: a sent carbon from our own FULL JID is rejected', carbon('sent', ourMessage(), 'me@example.org/otherres'), { kind: 'rejected', reason: 'forged-carbon' }],
  ['a carbon from our server domain is rejected (only our bare JID may send it)', carbon('received', aliceMessage(), 'example.org'), { kind: 'rejected', reason: 'forged-carbon' }],
  ['a carbon from a look-alike of our bare JID is rejected', carbon('sent', ourMessage(), 'me@example.org.evil.example'), { kind: 'rejected', reason: 'forged-carbon' }],
  [
    'T2b: a groupchat sent carbon even from our own bare JID is rejected',
    carbon('sent', `<message xmlns='jabber:client' from='me@example.org/phone' to='room@muc.example.org' type='groupchat'><body>hi</body></message>`),
    { kind: 'rejected', reason: 'groupchat-carbon' },
  ],
  [
    "a genuine received carbon is alice's message, never a live one (no receipt, markable kept)",
    carbon('received', aliceMessage(`<request xmlns='urn:xmpp:receipts'/><markable xmlns='urn:xmpp:chat-markers:0'/>`)),
    chat({ originId: 'a1', markable: true }, 'carbon-received'),
  ],
  [
    'a genuine sent carbon is our message: direction out, conversation = bare inner to, origin-id kept, never markable nor receipt-requested',
    carbon(
      'sent',
      ourMessage(
        `<origin-id xmlns='urn:xmpp:sid:0' id='origin-s2'/><request xmlns='urn:xmpp:receipts'/><markable xmlns='urn:xmpp:chat-markers:0'/>`,
        `from='me@example.org/phone' to='Alice@Example.org/laptop' type='chat' id='s2'`,
      ),
    ),
    sentCarbon({ originId: 'origin-s2' }),
  ],
  ['a sent carbon without inner from is ours (sender = our bare JID)', carbon('sent', ourMessage('', `to='alice@example.org' type='chat'`)), sentCarbon({ senderJid: ME })],
  ['a sent carbon without inner to has no conversation and is rejected', carbon('sent', ourMessage('', `from='me@example.org/phone' type='chat'`)), { kind: 'rejected', reason: 'bad-from' }],
  ['a received carbon without inner from is rejected', carbon('received', aliceMessage('', `to='me@example.org/phone' type='chat'`)), { kind: 'rejected', reason: 'bad-from' }],
  [
    'a received carbon with a far-future <delay> inside is dated now',
    carbon('received', aliceMessage(`<delay xmlns='urn:xmpp:delay' stamp='2999-12-31T23:59:59Z'/>`)),
    chat({ originId: 'a1' }, 'carbon-received'),
  ],
  ['an empty carbon is ignored', carbon('received', ''), { kind: 'ignored', reason: 'empty-carbon' }],
  [
    'a carbon with two <forwarded> is ambiguous and ignored',
    `<message from='me@example.org' type='chat'><received xmlns='urn:xmpp:carbons:2'>
      <forwarded xmlns='urn:xmpp:forward:0'>${aliceMessage()}</forwarded><forwarded xmlns='urn:xmpp:forward:0'>${aliceMessage()}</forwarded>
    </received></message>`,
    { kind: 'ignored', reason: 'empty-carbon' },
  ],
  ['a carbon forwarding two messages is ambiguous and ignored', carbon('received', aliceMessage() + aliceMessage()), { kind: 'ignored', reason: 'empty-carbon' }],
  [
    'a carbon whose forwarded message is in a foreign namespace is ignored',
    carbon('received', `<message xmlns='jabber:server' from='alice@example.org/phone' type='chat'><body>hi</body></message>`),
    { kind: 'ignored', reason: 'empty-carbon' },
  ],
]

const sid = (by: string, id: string): string => `<stanza-id xmlns='urn:xmpp:sid:0' by='${by}' id='${id}'/>`

// XEP-0359 (security.md A8, T7): a stanza-id is an archive id only when our server vouches for it.
const STANZA_ID_ROWS: Row[] = [
  ['a sent carbon takes the stanza-id our server stamped as archive id', carbon('sent', ourMessage(sid(ME, 'ARCH-1'))), sentCarbon({ originId: 's1', archiveId: 'ARCH-1' })],
  ['a received carbon takes it too', carbon('received', aliceMessage(sid(ME, 'ARCH-2'))), chat({ originId: 'a1', archiveId: 'ARCH-2' }, 'carbon-received')],
  ['a live message takes it too', aliceMessage(sid(ME, 'ARCH-3')), chat({ originId: 'a1', archiveId: 'ARCH-3' })],
  ['…but not when the server does not advertise urn:xmpp:sid:0', carbon('sent', ourMessage(sid(ME, 'ARCH-1'))), sentCarbon({ originId: 's1' }), UNTRUSTED],
  ['T7: two stanza-ids by our bare JID are ambiguous: no archive id', carbon('sent', ourMessage(sid(ME, 'ARCH-1') + sid(ME, 'FORGED'))), sentCarbon({ originId: 's1' })],
  [
    'T7: a live message from mallory with two stanza-ids by our bare JID gets no archive id',
    `<message from='mallory@evil.example/x' type='chat' id='x1'><body>hello</body>${sid(ME, 'ARCHIVE-ID-OF-AN-EXISTING-MESSAGE')}${sid(ME, 'REAL')}</message>`,
    chat({ conversation: 'mallory@evil.example', senderJid: 'mallory@evil.example/x', body: 'hello', originId: 'x1' }),
  ],
  ['T7: a stanza-id by someone else is not ours', carbon('sent', ourMessage(sid('mallory@evil.example', 'ARCH-1'))), sentCarbon({ originId: 's1' })],
  ['T7: a stanza-id by our server domain is not ours', carbon('sent', ourMessage(sid('example.org', 'ARCH-1'))), sentCarbon({ originId: 's1' })],
  ['T7: a stanza-id by our own full JID is not ours', carbon('sent', ourMessage(sid('me@example.org/phone', 'ARCH-1'))), sentCarbon({ originId: 's1' })],
  [
    'one stanza-id by us next to one by someone else: ours is taken',
    carbon('sent', ourMessage(sid('room@muc.example.org', 'OTHER') + sid(ME, 'ARCH-1'))),
    sentCarbon({ originId: 's1', archiveId: 'ARCH-1' }),
  ],
  ['a stanza-id in a foreign namespace is not one', carbon('sent', ourMessage(`<stanza-id xmlns='urn:xmpp:sid:1' by='${ME}' id='ARCH-1'/>`)), sentCarbon({ originId: 's1' })],
  ['a stanza-id longer than 256 characters is dropped', carbon('sent', ourMessage(sid(ME, 'a'.repeat(257)))), sentCarbon({ originId: 's1' })],
]

/** A MAM result of query `queryId` from `from` (null: no from) wrapping `inner`. */
const mamResult = (inner: string, { from = ME as string | null, queryId = 'QUERY-OWN', id = 'A-1', stamp = '2025-05-01T10:00:00Z' as string | null } = {}): string =>
  `<message${from === null ? '' : ` from='${from}'`} to='me@example.org/desk' id='m1'>
    <result xmlns='urn:xmpp:mam:2' queryid='${queryId}' id='${id}'>
      <forwarded xmlns='urn:xmpp:forward:0'>${stamp === null ? '' : `<delay xmlns='urn:xmpp:delay' stamp='${stamp}'/>`}${inner}</forwarded>
    </result>
  </message>`

const MAY_1 = Date.parse('2025-05-01T10:00:00Z')

// XEP-0313 (security.md A5, A6, A20): results only for our open queries, only from the archive asked.
const MAM_ROWS: Row[] = [
  ['T5 with the query id in flight: a result from mallory is rejected', mamResult(aliceMessage(), { from: 'mallory@evil.example/x' }), { kind: 'rejected', reason: 'mam-result-from-wrong-archive' }],
  ['a result for our own archive from our FULL JID is rejected', mamResult(aliceMessage(), { from: 'me@example.org/otherres' }), { kind: 'rejected', reason: 'mam-result-from-wrong-archive' }],
  ['a result for our own archive from our server domain is rejected', mamResult(aliceMessage(), { from: 'example.org' }), { kind: 'rejected', reason: 'mam-result-from-wrong-archive' }],
  ['a result for the room query from our own archive is rejected', mamResult(aliceMessage(), { queryId: 'QUERY-ROOM' }), { kind: 'rejected', reason: 'mam-result-from-wrong-archive' }],
  ['a result for the room query without from is rejected', mamResult(aliceMessage(), { queryId: 'QUERY-ROOM', from: null }), { kind: 'rejected', reason: 'mam-result-from-wrong-archive' }],
  [
    'a result for the room query from an occupant is rejected',
    mamResult(aliceMessage(), { queryId: 'QUERY-ROOM', from: 'room@muc.example.org/mallory' }),
    { kind: 'rejected', reason: 'mam-result-from-wrong-archive' },
  ],
  [
    'a result without queryid is unsolicited',
    `<message from='me@example.org'><result xmlns='urn:xmpp:mam:2' id='A-1'><forwarded xmlns='urn:xmpp:forward:0'>${aliceMessage()}</forwarded></result></message>`,
    { kind: 'rejected', reason: 'unsolicited-mam-result' },
  ],
  [
    'a result from our bare JID: archive id = result@id, time = the archive <delay>, no receipt, markable kept',
    mamResult(aliceMessage(`<request xmlns='urn:xmpp:receipts'/><markable xmlns='urn:xmpp:chat-markers:0'/>`)),
    archived('A-1', { originId: 'a1', timestamp: MAY_1, markable: true }),
  ],
  ['a result without from (our own archive) is accepted', mamResult(aliceMessage(), { from: null }), archived('A-1', { originId: 'a1', timestamp: MAY_1 })],
  ['a result with a far-future archive <delay> is dated now', mamResult(aliceMessage(), { stamp: '2999-12-31T23:59:59Z' }), archived('A-1', { originId: 'a1' })],
  ['a result with a garbage archive <delay> is dated now', mamResult(aliceMessage(), { stamp: 'garbage' }), archived('A-1', { originId: 'a1' })],
  [
    'the archive <delay> wins over a <delay> the sender put in the message',
    mamResult(aliceMessage(`<delay xmlns='urn:xmpp:delay' stamp='2020-01-01T00:00:00Z'/>`)),
    archived('A-1', { originId: 'a1', timestamp: MAY_1 }),
  ],
  [
    'our own message in the archive is direction out, filed under the bare inner to, never markable',
    mamResult(ourMessage(`<markable xmlns='urn:xmpp:chat-markers:0'/>`, `from='Me@Example.org/phone' to='alice@example.org/laptop' type='chat' id='s1'`)),
    archived('A-1', { senderJid: 'Me@Example.org/phone', direction: 'out', originId: 's1', timestamp: MAY_1 }),
  ],
  [
    'a stanza-id inside an archived message does not replace the result id',
    mamResult(aliceMessage(sid(ME, 'OTHER'))),
    archived('A-1', { originId: 'a1', timestamp: MAY_1 }),
  ],
  ['an archived groupchat message has nothing to show', mamResult(aliceMessage('', `from='room@muc.example.org/alice' type='groupchat'`)), archived('A-1', null)],
  ['an archived error message has nothing to show', mamResult(aliceMessage('', `from='alice@example.org/phone' type='error' id='e1'`)), archived('A-1', null)],
  [
    'an archived receipt has nothing to show (and is not applied)',
    mamResult(`<message xmlns='jabber:client' from='alice@example.org/phone' to='me@example.org'><received xmlns='urn:xmpp:receipts' id='s1'/></message>`),
    archived('A-1', null),
  ],
  [
    'a room archive result holding a groupchat message has nothing to show (no MUC yet)',
    mamResult(aliceMessage('', `from='room@muc.example.org/alice' type='groupchat'`), { queryId: 'QUERY-ROOM', from: 'room@muc.example.org' }),
    archived('A-1', null, 'QUERY-ROOM'),
  ],
  ['a result without id is ignored', mamResult(aliceMessage()).replace(" id='A-1'", ''), { kind: 'ignored', reason: 'malformed-mam-result' }],
  ['a result with an id longer than 256 characters is ignored', mamResult(aliceMessage(), { id: 'a'.repeat(257) }), { kind: 'ignored', reason: 'malformed-mam-result' }],
  ['a result without a forwarded message is ignored', mamResult(''), { kind: 'ignored', reason: 'malformed-mam-result' }],
]

// XEP-0184 receipts and XEP-0333 markers (security.md A19): matched by (peer, id), never answered.
const RECEIPT_ROWS: Row[] = [
  [
    'a receipt from alice is delivered {alice, id}',
    `<message from='alice@example.org/phone' id='r1'><received xmlns='urn:xmpp:receipts' id='X'/></message>`,
    { kind: 'delivered', peer: 'alice@example.org', id: 'X' },
  ],
  [
    'T19: a receipt from mallory for a message to alice is about mallory only',
    `<message from='mallory@evil.example/x'><received xmlns='urn:xmpp:receipts' id='ID-OF-MSG-TO-ALICE'/></message>`,
    { kind: 'delivered', peer: 'mallory@evil.example', id: 'ID-OF-MSG-TO-ALICE' },
  ],
  [
    'T19b: a receipt that also requests one is delivered only (never answered)',
    `<message from='alice@example.org/phone' id='r2'><received xmlns='urn:xmpp:receipts' id='X'/><request xmlns='urn:xmpp:receipts'/></message>`,
    { kind: 'delivered', peer: 'alice@example.org', id: 'X' },
  ],
  [
    'T19b: the same with a body is still delivered only',
    `<message from='alice@example.org/phone' type='chat' id='r3'><body>hi</body><request xmlns='urn:xmpp:receipts'/><received xmlns='urn:xmpp:receipts' id='X'/></message>`,
    { kind: 'delivered', peer: 'alice@example.org', id: 'X' },
  ],
  [
    'a receipt in a sent carbon (our other device acknowledging) is ignored',
    carbon('sent', `<message xmlns='jabber:client' from='me@example.org/phone' to='alice@example.org/phone'><received xmlns='urn:xmpp:receipts' id='X'/></message>`),
    { kind: 'ignored', reason: 'own-receipt' },
  ],
  [
    'a receipt from alice in a received carbon is delivered {alice, id}',
    carbon('received', `<message xmlns='jabber:client' from='alice@example.org/phone' to='me@example.org/phone'><received xmlns='urn:xmpp:receipts' id='X'/></message>`),
    { kind: 'delivered', peer: 'alice@example.org', id: 'X' },
  ],
  ['a receipt in a foreign namespace is not a receipt', `<message from='alice@example.org/phone'><received xmlns='urn:xmpp:receipts:1' id='X'/></message>`, { kind: 'ignored', reason: 'no-body' }],
  ['a receipt without id is not a receipt', `<message from='alice@example.org/phone'><received xmlns='urn:xmpp:receipts'/></message>`, { kind: 'ignored', reason: 'no-body' }],
  ['a receipt from an unusable JID is rejected', `<message from='@evil.example/x'><received xmlns='urn:xmpp:receipts' id='X'/></message>`, { kind: 'rejected', reason: 'bad-from' }],
  [
    'a receipt in a groupchat message from a room we are not in is rejected',
    `<message from='room@muc.example.org/alice' type='groupchat'><received xmlns='urn:xmpp:receipts' id='X'/></message>`,
    { kind: 'rejected', reason: 'groupchat-from-unknown-room' },
  ],
  [
    'a displayed marker from alice is displayed {alice, id}',
    `<message from='alice@example.org/phone' type='chat'><displayed xmlns='urn:xmpp:chat-markers:0' id='X'/></message>`,
    { kind: 'displayed', peer: 'alice@example.org', id: 'X' },
  ],
  [
    'a displayed marker from mallory is about mallory only',
    `<message from='mallory@evil.example/x' type='chat'><displayed xmlns='urn:xmpp:chat-markers:0' id='ID-OF-MSG-TO-ALICE'/></message>`,
    { kind: 'displayed', peer: 'mallory@evil.example', id: 'ID-OF-MSG-TO-ALICE' },
  ],
  [
    "alice's displayed marker in a received carbon is displayed {alice, id}",
    carbon('received', `<message xmlns='jabber:client' from='alice@example.org/phone' to='me@example.org/phone' type='chat'><displayed xmlns='urn:xmpp:chat-markers:0' id='X'/></message>`),
    { kind: 'displayed', peer: 'alice@example.org', id: 'X' },
  ],
  [
    "our own displayed marker in a sent carbon means we read alice's messages elsewhere",
    carbon('sent', `<message xmlns='jabber:client' from='me@example.org/phone' to='Alice@Example.org/phone' type='chat'><displayed xmlns='urn:xmpp:chat-markers:0' id='X'/></message>`),
    { kind: 'read-elsewhere', peer: 'alice@example.org' },
  ],
  ['a displayed marker without id is nothing', `<message from='alice@example.org/phone' type='chat'><displayed xmlns='urn:xmpp:chat-markers:0'/></message>`, { kind: 'ignored', reason: 'no-body' }],
  [
    'a displayed marker in a foreign namespace is nothing',
    `<message from='alice@example.org/phone' type='chat'><displayed xmlns='urn:xmpp:chat-markers:1' id='X'/></message>`,
    { kind: 'ignored', reason: 'no-body' },
  ],
]

// Receipt requests are honoured only for live messages; markable only for incoming ones.
const FLAG_ROWS: Row[] = [
  ['a live chat with <request/> asks for a receipt', aliceMessage(`<request xmlns='urn:xmpp:receipts'/>`), chat({ originId: 'a1' }, 'live', true)],
  ['a live normal message with <request/> asks for a receipt', aliceMessage(`<request xmlns='urn:xmpp:receipts'/>`, `from='alice@example.org/phone' id='a1'`), chat({ originId: 'a1' }, 'live', true)],
  ['a <request/> in a foreign namespace is no request', aliceMessage(`<request xmlns='urn:xmpp:receipts:1'/>`), chat({ originId: 'a1' })],
  ['a <request/> inside a received carbon is never honoured', carbon('received', aliceMessage(`<request xmlns='urn:xmpp:receipts'/>`)), chat({ originId: 'a1' }, 'carbon-received')],
  ['a <request/> inside a sent carbon is never honoured', carbon('sent', ourMessage(`<request xmlns='urn:xmpp:receipts'/>`)), sentCarbon({ originId: 's1' })],
  ['a live message with <markable/> is markable', aliceMessage(`<markable xmlns='urn:xmpp:chat-markers:0'/>`), chat({ originId: 'a1', markable: true })],
  ['a <markable/> in a foreign namespace is not', aliceMessage(`<markable xmlns='urn:xmpp:chat-markers:1'/>`), chat({ originId: 'a1' })],
  ['our own message is never markable (sent carbon)', carbon('sent', ourMessage(`<markable xmlns='urn:xmpp:chat-markers:0'/>`)), sentCarbon({ originId: 's1' })],
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
    'T13: a muc#user claim in presence from a JID that is no room of ours is rejected',
    `<presence from='mallory@evil.example/x' to='me@example.org/desk'>
      <x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='owner' role='moderator' jid='alice@example.org/phone'/><status code='110'/></x>
    </presence>`,
    { kind: 'rejected', reason: 'muc-presence-not-from-room' },
  ],
  ['an unsubscribed presence maps to its kind', `<presence from='alice@example.org' type='unsubscribed'/>`, presence({ kind: 'unsubscribed', jid: 'alice@example.org' })],
  ['a presence from an unusable JID is rejected', `<presence from='@evil.example/x'/>`, { kind: 'rejected', reason: 'bad-from' }],
]

describe('classifyInbound', () => {
  describe('messages', () => {
    it.each(MESSAGE_ROWS)('%s', (_name, xmlText, expected, ctx) => {
      expect(classify(xmlText, ctx)).toStrictEqual(expected)
    })
  })

  describe('chat messages', () => {
    it.each(CHAT_ROWS)('%s', (_name, xmlText, expected, ctx) => {
      expect(classify(xmlText, ctx)).toStrictEqual(expected)
    })

    it('cuts an oversized body to 64 KiB', () => {
      const result = classify(`<message from='alice@example.org/phone' type='chat'><body>${'a'.repeat(70_000)}</body></message>`)
      expect(result.kind === 'chat' && result.message.body.length).toBe(64 * 1024)
    })
  })

  describe.each([
    ['carbons', CARBON_ROWS],
    ['stanza-ids', STANZA_ID_ROWS],
    ['archive results', MAM_ROWS],
    ['receipts and markers', RECEIPT_ROWS],
    ['receipt requests and markable', FLAG_ROWS],
  ])('%s', (_group, rows) => {
    it.each(rows)('%s', (_name, xmlText, expected, ctx) => {
      expect(classify(xmlText, ctx)).toStrictEqual(expected)
    })
  })

  // security.md A6: a room archive can never supply 1:1 messages; the inner `from` must be the room.
  it("T5c: a result from the room archive we asked holding a 1:1 message from alice is not shown as alice's", () => {
    const result = classify(
      mamResult(`<message xmlns='jabber:client' from='alice@example.org/phone' type='chat'><body>1:1 message smuggled via room archive</body></message>`, {
        queryId: 'QUERY-ROOM',
        from: 'room@muc.example.org',
        id: 'r1',
        stamp: '2024-01-01T00:00:00Z',
      }),
    )
    expect(result.kind === 'rejected' || (result.kind === 'archived' && result.message === null)).toBe(true)
  })

  // security.md A19 loop rule: a message that carries a receipt is never answered, even a receipt without id.
  it('T19b: a message carrying both <received/> (without id) and <request/> never asks for a receipt', () => {
    const result = classify(
      `<message from='alice@example.org/phone' type='chat' id='r4'><body>hi</body><received xmlns='urn:xmpp:receipts'/><request xmlns='urn:xmpp:receipts'/></message>`,
    )
    expect(result.kind === 'chat' && result.receiptRequested).toBe(false)
  })

  describe('presence', () => {
    it.each(PRESENCE_ROWS)('%s', (_name, xmlText, expected, ctx) => {
      expect(classify(xmlText, ctx)).toStrictEqual(expected)
    })

    it('cuts a self-asserted nick to 256 characters', () => {
      const result = classify(`<presence from='mallory@evil.example' type='subscribe'><nick xmlns='http://jabber.org/protocol/nick'>${'n'.repeat(1000)}</nick></presence>`)
      expect(result.kind === 'presence' && result.event.kind === 'subscribe' && result.event.nick.length).toBe(256)
    })
  })
})

describe('trustedStanzaId', () => {
  const stamped = parseStanza(`<message from='alice@example.org/phone' type='chat'><body>hi</body>${sid(ME, 'ARCH-1')}</message>`)

  it('is the stanza-id by our bare JID when the server stamps them', () => {
    expect(trustedStanzaId(stamped, CTX)).toBe('ARCH-1')
  })

  it('is null when the server does not advertise urn:xmpp:sid:0', () => {
    expect(trustedStanzaId(stamped, UNTRUSTED)).toBeNull()
  })

  it('is null for another account on the same server', () => {
    expect(trustedStanzaId(stamped, { ...CTX, account: 'bob@example.org' })).toBeNull()
  })

  it('is null without an id', () => {
    expect(trustedStanzaId(parseStanza(`<message from='alice@example.org/phone'><stanza-id xmlns='urn:xmpp:sid:0' by='${ME}'/></message>`), CTX)).toBeNull()
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

describe('XEP-0490 displayed synchronisation (a private PEP node, security notes A7)', () => {
  const event = (from: string, items: string) =>
    `<message from='${from}' to='me@example.org/desk' type='headline'><event xmlns='http://jabber.org/protocol/pubsub#event'><items node='urn:xmpp:mds:displayed:0'>${items}</items></event></message>`
  const item = (conversation: string, by: string, id: string) =>
    `<item id='${conversation}'><displayed xmlns='urn:xmpp:mds:displayed:0'><stanza-id xmlns='urn:xmpp:sid:0' by='${by}' id='${id}'/></displayed></item>`

  it('follows notifications from our own bare JID, keeping only ids from our own archive', () => {
    const stanza = event('me@example.org', item('alice@example.org', 'me@example.org', 'A1') + item('bob@example.org', 'mallory@evil.example', 'B1'))
    expect(classify(stanza)).toStrictEqual({ kind: 'displayed-sync', items: [{ conversation: 'alice@example.org', archiveId: 'A1' }] })
  })

  it('rejects the same notification from anyone else, a full JID of ours included', () => {
    for (const from of ['mallory@evil.example', 'me@example.org/phone', 'example.org'])
      expect(classify(event(from, item('alice@example.org', 'me@example.org', 'A1')))).toStrictEqual({ kind: 'rejected', reason: 'private-node-from-stranger' })
  })
})
