// Room traffic through the one inbound pipeline: only rooms we are in may send groupchat
// messages, room presence and subjects; a room archive supplies only that room's messages;
// bookmarks only from our own account; moderation only from the room itself; and the hostile
// vectors of security notes T2b, T5c, T6, T8c, T13, T13b.
import { describe, expect, it } from 'vitest'
import { classifyInbound, type Inbound, type InboundContext } from '../../../../electron/core/xmpp/inbound'
import type { RoomContext } from '../../../../electron/core/xmpp/features/muc-message'
import { parseStanza } from '../../../support/parse-xml'

const NOW = Date.parse('2025-06-01T12:00:00Z')
const ME = 'me@example.org'
const ROOM = 'room@muc.example.org'
const OCC = "xmlns='urn:xmpp:occupant-id:0'"
const SID = "xmlns='urn:xmpp:sid:0'"

const room = (extra: Partial<RoomContext> = {}): RoomContext => ({ room: ROOM, nick: 'me', occupantIds: false, ownOccupantId: null, stanzaIds: true, ...extra })
const ctx = (r: RoomContext = room()): InboundContext => ({
  account: ME,
  now: NOW,
  openQueries: new Map([
    ['ROOM-QUERY', ROOM],
    ['OWN-QUERY', ME],
  ]),
  trustStanzaIds: true,
  rooms: new Map([[ROOM, r]]),
})
const classify = (xml: string, context = ctx()): Inbound => classifyInbound(parseStanza(xml), context)

function message(inbound: Inbound) {
  if (inbound.kind === 'room-message') return inbound.message
  if (inbound.kind === 'archived' && inbound.message) return inbound.message
  throw new Error(`not a room message: ${JSON.stringify(inbound)}`)
}

describe('room messages', () => {
  it('stores a message from an occupant under the room, with nick, sender key and the room’s stanza-id', () => {
    const m = message(classify(`<message from='${ROOM}/alice' type='groupchat' id='a1'><body>hi all</body><origin-id ${SID} id='o1'/><stanza-id ${SID} by='${ROOM}' id='r-1'/></message>`))
    expect(m).toMatchObject({ conversation: ROOM, senderJid: `${ROOM}/alice`, body: 'hi all', direction: 'in', originId: 'o1' })
    expect(m.room).toEqual({ nick: 'alice', senderKey: `${ROOM}/alice`, occupantId: null, archiveId: 'r-1', mayBeOwn: false, mentionsUs: false })
  })

  it('notes a mention of our nick in someone else’s message, never in ours', () => {
    expect(message(classify(`<message from='${ROOM}/alice' type='groupchat'><body>me: lunch?</body></message>`)).room?.mentionsUs).toBe(true)
    expect(message(classify(`<message from='${ROOM}/me' type='groupchat'><body>me again</body></message>`)).room?.mentionsUs).toBe(false)
  })

  it('takes no stanza-id a sender could choose: not another entity’s, not from a room that does not stamp its own', () => {
    const fake = `<message from='${ROOM}/alice' type='groupchat'><body>x</body><stanza-id ${SID} by='${ME}' id='ours'/></message>`
    expect(message(classify(fake)).room?.archiveId).toBeNull()
    const unstamped = `<message from='${ROOM}/alice' type='groupchat'><body>x</body><stanza-id ${SID} by='${ROOM}' id='r-2'/></message>`
    expect(message(classify(unstamped, ctx(room({ stanzaIds: false })))).room?.archiveId).toBeNull()
  })

  it('recognises our own reflection live by our nick, and by our occupant id when the room has them', () => {
    const own = message(classify(`<message from='${ROOM}/me' type='groupchat'><body>mine</body><origin-id ${SID} id='o2'/></message>`))
    expect(own).toMatchObject({ direction: 'out', room: { senderKey: ME, mayBeOwn: true } })
    const withIds = ctx(room({ occupantIds: true, ownOccupantId: 'OWN' }))
    expect(message(classify(`<message from='${ROOM}/renamed' type='groupchat'><body>mine</body><occupant-id ${OCC} id='OWN'/></message>`, withIds))).toMatchObject({ direction: 'out' })
    // With occupant ids, our nick alone proves nothing.
    expect(message(classify(`<message from='${ROOM}/me' type='groupchat'><body>not mine</body><occupant-id ${OCC} id='OTHER'/></message>`, withIds))).toMatchObject({ direction: 'in', room: { senderKey: `${ROOM}\u0000OTHER` } })
  })

  it('rejects groupchat from a room we are not in, and from the wrong room', () => {
    expect(classify(`<message from='other@muc.example.org/alice' type='groupchat'><body>hi</body></message>`)).toEqual({ kind: 'rejected', reason: 'groupchat-from-unknown-room' })
    expect(classify(`<message from='mallory@evil.example/x' type='groupchat'><body>hi</body></message>`)).toEqual({ kind: 'rejected', reason: 'groupchat-from-unknown-room' })
  })

  it('T2b: a groupchat carbon is rejected, whoever it claims to be from', () => {
    const t2b = `<message from='${ROOM}/mallory' to='${ME}/desk' type='groupchat' id='g1'><received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' from='${ROOM}/alice' to='${ROOM}' type='groupchat'><body>I am alice</body></message></forwarded></received></message>`
    expect(classify(t2b).kind).toBe('rejected')
  })

  it('T13b: a real-JID claim inside a room message changes nothing: it is from room/nick', () => {
    const m = message(classify(`<message from='${ROOM}/mallory' type='groupchat' id='mj1'><body>trust me</body><x xmlns='http://jabber.org/protocol/muc#user'><item jid='alice@example.org/phone'/></x></message>`))
    expect(m).toMatchObject({ senderJid: `${ROOM}/mallory`, direction: 'in', room: { nick: 'mallory', senderKey: `${ROOM}/mallory` } })
  })

  it('T8c: a correction under a reused nick is keyed to the new occupant’s id, not the old one’s', () => {
    const withIds = ctx(room({ occupantIds: true }))
    const original = message(classify(`<message from='${ROOM}/alice' type='groupchat' id='orig'><body>hello</body><occupant-id ${OCC} id='ALICE'/></message>`, withIds))
    const correction = classify(`<message from='${ROOM}/alice' type='groupchat' id='c2'><body>edited</body><replace xmlns='urn:xmpp:message-correct:0' id='orig'/><occupant-id ${OCC} id='MALLORY'/></message>`, withIds)
    expect(correction.kind).toBe('room-change')
    if (correction.kind !== 'room-change') return
    expect(correction.change.senderBare).not.toBe(original.room?.senderKey)
    expect(correction.change).toMatchObject({ kind: 'correction', conversation: ROOM, senderBare: `${ROOM}\u0000MALLORY`, replaceId: 'orig' })
  })

  it('reads the subject, and ignores a message from the room itself that is neither subject nor moderation', () => {
    expect(classify(`<message from='${ROOM}/alice' type='groupchat'><subject>Plans</subject></message>`)).toEqual({ kind: 'room-subject', room: ROOM, subject: { subject: 'Plans', by: 'alice' } })
    expect(classify(`<message from='${ROOM}' type='groupchat'><body>This room is now non-anonymous</body></message>`).kind).toBe('ignored')
  })

  it('takes a moderation notice only from the room itself', () => {
    const notice = (from: string) =>
      `<message from='${from}' type='groupchat' id='mod1'><apply-to xmlns='urn:xmpp:fasten:0' id='r-1'><moderated xmlns='urn:xmpp:message-moderate:0' by='${ROOM}/boss'><retract xmlns='urn:xmpp:message-retract:0'/></moderated></apply-to></message>`
    expect(classify(notice(ROOM))).toMatchObject({ kind: 'room-moderation', room: ROOM, moderation: { target: 'r-1' } })
    expect(classify(notice(`${ROOM}/boss`)).kind).not.toBe('room-moderation')
  })
})

describe('room archives', () => {
  const result = (from: string, queryId: string, inner: string) =>
    `<message from='${from}' to='${ME}/desk'><result xmlns='urn:xmpp:mam:2' queryid='${queryId}' id='r9'><forwarded xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay' stamp='2024-01-01T00:00:00Z'/>${inner}</forwarded></result></message>`

  it('stores the room’s own messages, with the result id as the room archive id and the archived time', () => {
    const m = message(classify(result(ROOM, 'ROOM-QUERY', `<message xmlns='jabber:client' from='${ROOM}/alice' type='groupchat'><body>old news</body></message>`)))
    expect(m).toMatchObject({ conversation: ROOM, body: 'old news', timestamp: Date.parse('2024-01-01T00:00:00Z'), room: { archiveId: 'r9', nick: 'alice' } })
  })

  it('T5c: a room archive never supplies a 1:1 message, nor another room’s', () => {
    const smuggled = classify(result(ROOM, 'ROOM-QUERY', `<message xmlns='jabber:client' from='alice@example.org/phone' type='chat'><body>1:1 message smuggled via room archive</body></message>`))
    expect(smuggled).toEqual({ kind: 'archived', queryId: 'ROOM-QUERY', archiveId: 'r9', message: null })
    const otherRoom = classify(result(ROOM, 'ROOM-QUERY', `<message xmlns='jabber:client' from='other@muc.example.org/alice' type='groupchat'><body>elsewhere</body></message>`))
    expect(otherRoom).toMatchObject({ kind: 'archived', message: null })
  })

  it('refuses room results from anyone but the room asked, and takes no corrections from a room archive', () => {
    expect(classify(result(`${ROOM}/alice`, 'ROOM-QUERY', `<message xmlns='jabber:client' from='${ROOM}/alice' type='groupchat'><body>x</body></message>`))).toEqual({
      kind: 'rejected',
      reason: 'mam-result-from-wrong-archive',
    })
    const correction = classify(result(ROOM, 'ROOM-QUERY', `<message xmlns='jabber:client' from='${ROOM}/alice' type='groupchat'><body>new</body><replace xmlns='urn:xmpp:message-correct:0' id='x'/></message>`))
    expect(correction).toMatchObject({ kind: 'archived', message: null })
  })
})

describe('room presence, private messages, invitations and bookmarks', () => {
  it('reads occupant presence from a room we are in, with the contact-style presence beside it', () => {
    const inbound = classify(`<presence from='${ROOM}/alice'><show>away</show><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='member' role='participant'/></x></presence>`)
    expect(inbound).toMatchObject({ kind: 'room-presence', room: ROOM, presence: { kind: 'occupant', nick: 'alice', role: 'participant' }, event: { kind: 'available', resource: { show: 'away' } } })
  })

  it('T13: refuses muc#user presence from a JID that is no room of ours', () => {
    const t13 = `<presence from='mallory@evil.example/x'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='owner' role='moderator' jid='alice@example.org/phone'/><status code='110'/></x></presence>`
    expect(classify(t13)).toEqual({ kind: 'rejected', reason: 'muc-presence-not-from-room' })
  })

  it('files a private message from an occupant under room/nick, never under the room', () => {
    const inbound = classify(`<message from='${ROOM}/alice' type='chat' id='pm1'><body>psst</body><x xmlns='http://jabber.org/protocol/muc#user'/></message>`)
    expect(inbound).toMatchObject({ kind: 'chat', message: { conversation: `${ROOM}/alice`, body: 'psst' }, receiptRequested: false })
  })

  it('reads invitations with the inviter’s JID (direct from the sender, mediated from the room’s invite@from)', () => {
    expect(classify(`<message from='bob@example.org/phone'><x xmlns='jabber:x:conference' jid='new@muc.example.org' reason='join us'/></message>`)).toEqual({
      kind: 'room-invite',
      invite: { kind: 'direct', room: 'new@muc.example.org', inviter: 'bob@example.org', reason: 'join us' },
    })
    expect(classify(`<message from='new@muc.example.org'><x xmlns='http://jabber.org/protocol/muc#user'><invite from='carol@example.org/desk'/></x></message>`)).toMatchObject({
      kind: 'room-invite',
      invite: { kind: 'mediated', inviter: 'carol@example.org' },
    })
  })

  it('T6: bookmark notifications only from our own account', () => {
    const event = (from: string | null) =>
      `<message ${from ? `from='${from}'` : ''} to='${ME}/desk' type='headline' id='e1'><event xmlns='http://jabber.org/protocol/pubsub#event'><items node='urn:xmpp:bookmarks:1'><item id='trap@muc.evil.example'><conference xmlns='urn:xmpp:bookmarks:1' name='Team (official)' autojoin='true'><nick>me</nick></conference></item></items></event></message>`
    expect(classify(event('mallory@evil.example'))).toEqual({ kind: 'rejected', reason: 'private-node-from-stranger' })
    expect(classify(event(`${ME}/other-device`))).toEqual({ kind: 'rejected', reason: 'private-node-from-stranger' })
    expect(classify(event(ME))).toMatchObject({ kind: 'bookmarks', changes: { published: [{ room: 'trap@muc.evil.example', autojoin: true }], retracted: [] } })
    expect(classify(event(null)).kind).toBe('bookmarks')
  })
})
