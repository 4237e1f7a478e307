// XEP-0045 multi-user chat (plus XEP-0249 direct invitations and XEP-0421 occupant-id): the
// join/leave stanzas we build, and the strict parsers for room presence, subjects and invitations
// — above all that nothing from outside the room we name is trusted (security notes A13/T13),
// that status 110 counts only for our own nick, and that invitations name a bare room and an inviter.
import { describe, expect, it } from 'vitest'
import {
  isValidNick,
  joinPresence,
  leavePresence,
  occupantJid,
  parseDirectInvite,
  parseMediatedInvite,
  parseMucPresence,
  parseRoomSubject,
} from '../../../../electron/core/xmpp/features/muc'
import { NS } from '../../../../electron/core/xmpp/ns'
import { parseStanza, roundTrip } from '../../../support/parse-xml'

const ROOM = 'room@muc.example.org'
const ME = 'alice'
const MUC_USER = "xmlns='http://jabber.org/protocol/muc#user'"

const presence = (from: string, x: string, extra = '', type = ''): string =>
  `<presence from='${from}' to='me@example.org/desk'${type ? ` type='${type}'` : ''}>${x}${extra}</presence>`
const userX = (item: string, statuses: number[] = []): string =>
  `<x ${MUC_USER}>${item}${statuses.map((c) => `<status code='${c}'/>`).join('')}</x>`
const ITEM = "<item affiliation='member' role='participant'/>"

describe('join and leave', () => {
  it('joins room@service/nick asking for no history, with the password when there is one', () => {
    const plain = roundTrip(joinPresence(ROOM, 'alice'))
    expect(plain.attrs.to).toBe('room@muc.example.org/alice')
    expect(plain.attrs.type).toBeUndefined()
    const x = plain.getChildren('x', NS.muc)
    expect(x).toHaveLength(1)
    expect(x[0]?.getChild('history', NS.muc)?.attrs.maxstanzas).toBe('0')
    expect(x[0]?.getChild('password', NS.muc)).toBeUndefined()

    const locked = roundTrip(joinPresence('Room@MUC.example.org', 'Alice B', { password: "s3cr<e>t'", maxStanzas: 0 }))
    expect(locked.attrs.to).toBe('room@muc.example.org/Alice B')
    expect(locked.getChild('x', NS.muc)?.getChild('password', NS.muc)?.text()).toBe("s3cr<e>t'")
  })

  it('refuses to build a join for a full or domain-only room JID, a bad nick or a bad password', () => {
    expect(() => joinPresence('room@muc.example.org/x', 'alice')).toThrow(RangeError)
    expect(() => joinPresence('muc.example.org', 'alice')).toThrow(RangeError)
    expect(() => joinPresence(ROOM, '')).toThrow(RangeError)
    expect(() => joinPresence(ROOM, 'a\u0007b')).toThrow(RangeError)
    expect(() => joinPresence(ROOM, 'alice', { password: 'x\u000by' })).toThrow(RangeError)
    expect(() => joinPresence(ROOM, 'alice', { maxStanzas: -1 })).toThrow(RangeError)
  })

  it('leaves with an unavailable presence to our occupant JID', () => {
    const leave = roundTrip(leavePresence(ROOM, 'alice'))
    expect(leave.attrs).toMatchObject({ to: 'room@muc.example.org/alice', type: 'unavailable' })
  })

  it('validates nicks: non-blank, at most 1023 UTF-8 octets, no controls', () => {
    expect(isValidNick('Ålice 🙂')).toBe(true)
    expect(isValidNick('   ')).toBe(false)
    expect(isValidNick('é'.repeat(511))).toBe(true) // 1022 octets
    expect(isValidNick('é'.repeat(512))).toBe(false) // 1024 octets
    expect(isValidNick('a\u0000b')).toBe(false)
    expect(isValidNick('a\u0085b')).toBe(false)
    expect(isValidNick('a\uD83Db')).toBe(false)
    expect(occupantJid(ROOM, 'x'.repeat(1024))).toBeNull()
  })
})

describe('room presence', () => {
  it('reads an occupant with role, affiliation, real JID and occupant-id', () => {
    const p = parseMucPresence(
      parseStanza(presence(`${ROOM}/bob`, userX("<item affiliation='admin' role='moderator' jid='Bob@Example.org/phone'/>"), "<occupant-id xmlns='urn:xmpp:occupant-id:0' id='oid-bob'/>")),
      ROOM,
      ME,
    )
    expect(p).toEqual({
      kind: 'occupant', nick: 'bob', role: 'moderator', affiliation: 'admin', realJid: 'bob@example.org/phone', occupantId: 'oid-bob',
      self: false, claimsSelf: false, created: false, kicked: false, banned: false, destroyed: false, unavailable: false, codes: [],
    })
  })

  it('recognises our own presence (110) and a room we created (201)', () => {
    const p = parseMucPresence(parseStanza(presence(`${ROOM}/alice`, userX("<item affiliation='owner' role='moderator'/>", [110, 201]))), ROOM, ME)
    expect(p).toMatchObject({ kind: 'occupant', nick: 'alice', self: true, created: true, codes: [110, 201] })
  })

  it('T13-style: a spoofed 110 on another occupant is not self', () => {
    const p = parseMucPresence(parseStanza(presence(`${ROOM}/mallory`, userX("<item affiliation='owner' role='moderator'/>", [110]))), ROOM, ME)
    expect(p).toMatchObject({ nick: 'mallory', self: false, claimsSelf: true })
  })

  it('reads nick changes (303), kicks (307), bans (301) and leaves', () => {
    const renamed = parseMucPresence(parseStanza(presence(`${ROOM}/bob`, userX("<item affiliation='none' role='participant' nick='robert'/>", [303]), '', 'unavailable')), ROOM, ME)
    expect(renamed).toMatchObject({ unavailable: true, nickChanged: 'robert', kicked: false })
    const kicked = parseMucPresence(parseStanza(presence(`${ROOM}/bob`, userX("<item affiliation='none' role='none'/>", [307]), '', 'unavailable')), ROOM, ME)
    expect(kicked).toMatchObject({ unavailable: true, kicked: true, banned: false })
    const banned = parseMucPresence(parseStanza(presence(`${ROOM}/bob`, userX("<item affiliation='outcast' role='none'/>", [301]), '', 'unavailable')), ROOM, ME)
    expect(banned).toMatchObject({ unavailable: true, banned: true, affiliation: 'outcast' })
    const left = parseMucPresence(parseStanza(presence(`${ROOM}/bob`, userX("<item affiliation='none' role='none'/>"), '', 'unavailable')), ROOM, ME)
    expect(left).toMatchObject({ unavailable: true, kicked: false, banned: false })
    expect(left).not.toHaveProperty('nickChanged')
  })

  it('refuses a 303 without a usable new nick', () => {
    for (const item of ["<item affiliation='none' role='participant'/>", "<item affiliation='none' role='participant' nick=''/>", "<item affiliation='none' role='participant' nick='a&#x85;b'/>"]) {
      expect(parseMucPresence(parseStanza(presence(`${ROOM}/bob`, userX(item, [303]), '', 'unavailable')), ROOM, ME)).toBeNull()
    }
    // The XML parser already refuses C0 character references; a tree built another way is still checked.
    const stanza = parseStanza(presence(`${ROOM}/bob`, userX("<item affiliation='none' role='participant' nick='x'/>", [303]), '', 'unavailable'))
    const item = stanza.getChild('x', NS.mucUser)?.getChild('item', NS.mucUser)
    if (item) item.attrs.nick = 'a\u0001b'
    expect(parseMucPresence(stanza, ROOM, ME)).toBeNull()
  })

  it('T13: refuses muc#user presence from another room, a plain contact, the bare room, or without a from', () => {
    const x = userX("<item affiliation='owner' role='moderator' jid='alice@example.org/phone'/>", [110])
    expect(parseMucPresence(parseStanza(presence('other@muc.example.org/alice', x)), ROOM, ME)).toBeNull()
    expect(parseMucPresence(parseStanza(presence('room@evil.example/alice', x)), ROOM, ME)).toBeNull()
    expect(parseMucPresence(parseStanza(presence('mallory@evil.example/x', x)), ROOM, ME)).toBeNull()
    expect(parseMucPresence(parseStanza(presence(ROOM, x)), ROOM, ME)).toBeNull()
    expect(parseMucPresence(parseStanza(`<presence>${x}</presence>`), ROOM, ME)).toBeNull()
  })

  it('refuses duplicate, missing or foreign-namespace payloads', () => {
    const from = `${ROOM}/bob`
    expect(parseMucPresence(parseStanza(presence(from, userX(ITEM) + userX("<item affiliation='owner' role='moderator'/>"))), ROOM, ME)).toBeNull()
    expect(parseMucPresence(parseStanza(presence(from, '')), ROOM, ME)).toBeNull()
    expect(parseMucPresence(parseStanza(presence(from, `<x xmlns='http://jabber.org/protocol/muc'>${ITEM}</x>`)), ROOM, ME)).toBeNull()
    expect(parseMucPresence(parseStanza(presence(from, userX(''))), ROOM, ME)).toBeNull()
  })

  it('reads one occupant joined from several sessions of one account (multi-session nick), only when the items agree', () => {
    const from = `${ROOM}/bob`
    const session = (resource: string, role = 'participant', jid = `bob@example.org/${resource}`): string => `<item affiliation='member' role='${role}' jid='${jid}'/>`
    expect(parseMucPresence(parseStanza(presence(from, userX(session('phone') + session('desk')))), ROOM, ME)).toMatchObject({ nick: 'bob', role: 'participant', realJid: 'bob@example.org' })
    expect(parseMucPresence(parseStanza(presence(from, userX(session('phone') + session('desk', 'moderator')))), ROOM, ME)).toBeNull()
    expect(parseMucPresence(parseStanza(presence(from, userX(session('phone') + session('x', 'participant', 'mallory@evil.example/x')))), ROOM, ME)).toBeNull()
  })

  it('refuses unknown or missing roles and affiliations', () => {
    for (const item of ["<item affiliation='member' role='god'/>", "<item affiliation='superuser' role='participant'/>", "<item role='participant'/>", "<item affiliation='member'/>", "<item affiliation='Member' role='participant'/>"]) {
      expect(parseMucPresence(parseStanza(presence(`${ROOM}/bob`, userX(item))), ROOM, ME)).toBeNull()
    }
  })

  it('refuses an over-long nick and control characters in the nick', () => {
    expect(parseMucPresence(parseStanza(presence(`${ROOM}/${'n'.repeat(1024)}`, userX(ITEM))), ROOM, ME)).toBeNull()
    expect(parseMucPresence(parseStanza(presence(`${ROOM}/${'n'.repeat(1023)}`, userX(ITEM))), ROOM, ME)).not.toBeNull()
    expect(parseMucPresence(parseStanza(presence(`${ROOM}/bo&#x7f;b`, userX(ITEM))), ROOM, ME)).toBeNull()
    expect(parseMucPresence(parseStanza(presence(`${ROOM}/bo&#x9b;b`, userX(ITEM))), ROOM, ME)).toBeNull()
    // C0 controls cannot get through the XML parser; check a tree built another way too.
    const stanza = parseStanza(presence(`${ROOM}/bob`, userX(ITEM)))
    stanza.attrs.from = `${ROOM}/bo\u001bb`
    expect(parseMucPresence(stanza, ROOM, ME)).toBeNull()
  })

  it('refuses a malformed real JID, and ignores an ambiguous occupant-id and garbage status codes', () => {
    expect(parseMucPresence(parseStanza(presence(`${ROOM}/bob`, userX("<item affiliation='member' role='participant' jid='bad@@jid'/>"))), ROOM, ME)).toBeNull()
    const twoIds = "<occupant-id xmlns='urn:xmpp:occupant-id:0' id='a'/><occupant-id xmlns='urn:xmpp:occupant-id:0' id='b'/>"
    const p = parseMucPresence(parseStanza(presence(`${ROOM}/bob`, `<x ${MUC_USER}>${ITEM}<status code='11O'/><status code='1100'/><status/></x>`, twoIds)), ROOM, ME)
    expect(p).toMatchObject({ kind: 'occupant', codes: [], claimsSelf: false })
    expect(p).not.toHaveProperty('occupantId')
  })

  it('ignores other presence types', () => {
    expect(parseMucPresence(parseStanza(presence(`${ROOM}/bob`, userX(ITEM), '', 'subscribe')), ROOM, ME)).toBeNull()
  })

  it('maps join errors: nick conflict, password, members-only, banned, other', () => {
    const err = (condition: string, type = 'cancel', from = `${ROOM}/alice`): ReturnType<typeof parseMucPresence> =>
      parseMucPresence(parseStanza(`<presence from='${from}' type='error'><x xmlns='http://jabber.org/protocol/muc'/><error type='${type}'><${condition} xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>why</text></error></presence>`), ROOM, ME)
    expect(err('conflict')).toEqual({ kind: 'error', nick: 'alice', error: 'conflict', condition: 'conflict', text: 'why' })
    expect(err('not-authorized', 'auth')).toMatchObject({ error: 'not-authorized' })
    expect(err('registration-required', 'auth')).toMatchObject({ error: 'registration-required' })
    expect(err('forbidden', 'auth')).toMatchObject({ error: 'forbidden' })
    expect(err('service-unavailable', 'wait')).toMatchObject({ error: 'other', condition: 'service-unavailable' })
    expect(err('conflict', 'cancel', ROOM)).toMatchObject({ error: 'conflict', nick: '' })
    expect(err('conflict', 'cancel', 'other@muc.example.org/alice')).toBeNull()
    const legacy = parseMucPresence(parseStanza(`<presence from='${ROOM}/alice' type='error'><error code='409'/></presence>`), ROOM, ME)
    expect(legacy).toMatchObject({ error: 'conflict' })
  })
})

describe('room subject', () => {
  const msg = (from: string, inner: string, type = 'groupchat'): string => `<message from='${from}' type='${type}' id='s1'>${inner}</message>`

  it('reads a subject set by an occupant or by the room, and a cleared subject', () => {
    expect(parseRoomSubject(parseStanza(msg(`${ROOM}/bob`, '<subject>Plans &lt;b&gt;</subject>')), ROOM)).toEqual({ subject: 'Plans <b>', by: 'bob' })
    expect(parseRoomSubject(parseStanza(msg(ROOM, '<subject>Welcome</subject>')), ROOM)).toEqual({ subject: 'Welcome', by: null })
    expect(parseRoomSubject(parseStanza(msg(ROOM, '<subject/>')), ROOM)).toEqual({ subject: '', by: null })
  })

  it('refuses subjects with a body, from another room or JID, not groupchat, or duplicated', () => {
    expect(parseRoomSubject(parseStanza(msg(`${ROOM}/bob`, '<subject>x</subject><body>hi</body>')), ROOM)).toBeNull()
    expect(parseRoomSubject(parseStanza(msg('other@muc.example.org/bob', '<subject>x</subject>')), ROOM)).toBeNull()
    expect(parseRoomSubject(parseStanza(msg('mallory@evil.example/x', '<subject>x</subject>')), ROOM)).toBeNull()
    expect(parseRoomSubject(parseStanza(msg(`${ROOM}/bob`, '<subject>x</subject>', 'chat')), ROOM)).toBeNull()
    expect(parseRoomSubject(parseStanza(msg(`${ROOM}/bob`, '<subject>x</subject><subject>y</subject>')), ROOM)).toBeNull()
    expect(parseRoomSubject(parseStanza(msg(`${ROOM}/bob`, '<body>no subject</body>')), ROOM)).toBeNull()
    const escape = parseStanza(msg(`${ROOM}/bob`, '<subject>x</subject>'))
    const subject = escape.getChild('subject', NS.client)
    if (subject) subject.children = ['a\u001b[31m']
    expect(parseRoomSubject(escape, ROOM)).toBeNull()
  })
})

describe('invitations', () => {
  it('reads a direct invitation (XEP-0249) with the sender as inviter', () => {
    const invite = parseDirectInvite(parseStanza(`<message from='Carol@Example.org/phone' to='me@example.org'><x xmlns='jabber:x:conference' jid='Room@MUC.example.org' password='pw' reason='join us'/></message>`))
    expect(invite).toEqual({ kind: 'direct', room: 'room@muc.example.org', inviter: 'carol@example.org', password: 'pw', reason: 'join us' })
  })

  it('refuses direct invitations with a full-JID or domain room, no room, no from, or duplicated', () => {
    const direct = (from: string | null, x: string): string => `<message${from ? ` from='${from}'` : ''} to='me@example.org'>${x}</message>`
    expect(parseDirectInvite(parseStanza(direct('carol@example.org/phone', "<x xmlns='jabber:x:conference' jid='room@muc.example.org/mallory'/>")))).toBeNull()
    expect(parseDirectInvite(parseStanza(direct('carol@example.org/phone', "<x xmlns='jabber:x:conference' jid='muc.example.org'/>")))).toBeNull()
    expect(parseDirectInvite(parseStanza(direct('carol@example.org/phone', "<x xmlns='jabber:x:conference'/>")))).toBeNull()
    expect(parseDirectInvite(parseStanza(direct(null, "<x xmlns='jabber:x:conference' jid='room@muc.example.org'/>")))).toBeNull()
    const two = "<x xmlns='jabber:x:conference' jid='room@muc.example.org'/><x xmlns='jabber:x:conference' jid='evil@muc.example.org'/>"
    expect(parseDirectInvite(parseStanza(direct('carol@example.org/phone', two)))).toBeNull()
  })

  it('reads a mediated invitation with the room as from and invite@from as inviter', () => {
    const invite = parseMediatedInvite(parseStanza(`<message from='room@muc.example.org' to='me@example.org'><x ${MUC_USER}><invite from='carol@example.org/phone'><reason>come</reason></invite><password>pw</password></x></message>`))
    expect(invite).toEqual({ kind: 'mediated', room: 'room@muc.example.org', inviter: 'carol@example.org', password: 'pw', reason: 'come' })
  })

  it('prefers the mediated form when a room sends both, so the real inviter is shown', () => {
    const both = parseStanza(`<message from='room@muc.example.org' to='me@example.org'><x ${MUC_USER}><invite from='carol@example.org/phone'/></x><x xmlns='jabber:x:conference' jid='room@muc.example.org'/></message>`)
    expect(parseDirectInvite(both)).toBeNull()
    expect(parseMediatedInvite(both)).toMatchObject({ room: 'room@muc.example.org', inviter: 'carol@example.org' })
  })

  it('refuses mediated invitations from a full JID, without an inviter, or duplicated', () => {
    const mediated = (from: string | null, x: string): string => `<message${from ? ` from='${from}'` : ''} to='me@example.org'>${x}</message>`
    const ok = `<x ${MUC_USER}><invite from='carol@example.org'/></x>`
    expect(parseMediatedInvite(parseStanza(mediated('room@muc.example.org/mallory', ok)))).toBeNull()
    expect(parseMediatedInvite(parseStanza(mediated('muc.example.org', ok)))).toBeNull()
    expect(parseMediatedInvite(parseStanza(mediated(null, ok)))).toBeNull()
    expect(parseMediatedInvite(parseStanza(mediated('room@muc.example.org', `<x ${MUC_USER}><invite/></x>`)))).toBeNull()
    expect(parseMediatedInvite(parseStanza(mediated('room@muc.example.org', `<x ${MUC_USER}><invite from='carol@example.org'/><invite from='dave@example.org'/></x>`)))).toBeNull()
    expect(parseMediatedInvite(parseStanza(mediated('room@muc.example.org', ok + ok)))).toBeNull()
    expect(parseMediatedInvite(parseStanza(`<message from='room@muc.example.org' type='error'>${ok}</message>`))).toBeNull()
  })
})
