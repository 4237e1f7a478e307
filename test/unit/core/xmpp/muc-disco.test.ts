// XEP-0045 §6 room browser: finding the chat services of our server, listing a service's rooms and
// reading a room's disco#info; every answer only from the entity asked, bounded and cleaned.
import type { Element } from '@xmpp/xml'
import { describe, expect, it } from 'vitest'
import { MAX_DISCO_ITEMS } from '../../../../electron/core/xmpp/features/http-upload'
import { discoverMucServices, MAX_ROOMS, parseMucService, parseRoomInfo, parseRoomList, roomListQuery } from '../../../../electron/core/xmpp/features/muc-disco'
import { NS } from '../../../../electron/core/xmpp/ns'
import { parseStanza, roundTrip } from '../../../support/parse-xml'

const SERVICE = 'chat.shakespeare.lit'
const ROOM = `coven@${SERVICE}`

const info = (from: string, inner: string): Element => parseStanza(`<iq type='result' from='${from}' id='i1'><query xmlns='http://jabber.org/protocol/disco#info'>${inner}</query></iq>`)
const items = (from: string, inner: string): Element => parseStanza(`<iq type='result' from='${from}' id='i2'><query xmlns='http://jabber.org/protocol/disco#items'>${inner}</query></iq>`)
const CONFERENCE = "<identity category='conference' type='text' name='Shakespearean Chat Service'/><feature var='http://jabber.org/protocol/muc'/>"

describe('finding chat services', () => {
  it('recognises a conference/text identity from the entity asked', () => {
    expect(parseMucService(SERVICE, info(SERVICE, CONFERENCE))).toEqual({ jid: SERVICE, name: 'Shakespearean Chat Service' })
    expect(parseMucService(SERVICE, info('evil.example', CONFERENCE))).toBeNull()
    expect(parseMucService(SERVICE, info(SERVICE, "<identity category='conference' type='irc'/>"))).toBeNull()
    expect(parseMucService(SERVICE, info(SERVICE, "<identity category='store' type='file'/><feature var='http://jabber.org/protocol/muc'/>"))).toBeNull()
  })

  it('asks disco#items of our server, then disco#info of each domain item, keeping the chat services', async () => {
    const asked: string[] = []
    const iq = async (stanza: Element): Promise<Element> => {
      const to = String(stanza.attrs.to)
      const query = stanza.getChild('query', NS.discoItems) ? 'items' : 'info'
      asked.push(`${query} ${to}`)
      if (query === 'items') {
        return items(
          'example.org',
          `<item jid='${SERVICE}'/><item jid='upload.example.org'/><item jid='broken.example.org'/><item jid='user@example.org'/><item jid='example.org/res'/><item jid='${SERVICE}' node='x'/><item jid='irc.example.org'/>`,
        )
      }
      if (to === SERVICE) return info(SERVICE, CONFERENCE)
      if (to === 'irc.example.org') return info('irc.example.org', "<identity category='conference' type='text' name='IRC&#x202E;gateway'/>")
      if (to === 'broken.example.org') throw new Error('timeout')
      return info(to, "<identity category='store' type='file'/>")
    }
    const services = await discoverMucServices(iq, 'example.org')
    expect(services).toEqual([
      { jid: SERVICE, name: 'Shakespearean Chat Service' },
      { jid: 'irc.example.org', name: 'IRCgateway' },
    ])
    expect(asked.sort()).toEqual(['info broken.example.org', `info ${SERVICE}`, 'info irc.example.org', 'info upload.example.org', 'items example.org'].sort())
  })

  it('trusts no item list from elsewhere, and asks at most MAX_DISCO_ITEMS entities', async () => {
    const spoofed = await discoverMucServices(async () => items('evil.example', `<item jid='${SERVICE}'/>`), 'example.org')
    expect(spoofed).toEqual([])
    let infoQueries = 0
    const many = Array.from({ length: 100 }, (_, i) => `<item jid='s${i}.example.org'/>`).join('')
    await discoverMucServices(async (stanza) => {
      if (stanza.getChild('query', NS.discoItems)) return items('example.org', many)
      infoQueries += 1
      return info(String(stanza.attrs.to), CONFERENCE)
    }, 'example.org')
    expect(infoQueries).toBe(MAX_DISCO_ITEMS)
  })
})

describe('listing rooms', () => {
  it('asks the service for at most MAX_ROOMS items', () => {
    const iq = roundTrip(roomListQuery(SERVICE))
    expect(iq.attrs).toMatchObject({ type: 'get', to: SERVICE })
    expect(iq.getChild('query', NS.discoItems)?.getChild('set', NS.rsm)?.getChildText('max', NS.rsm)).toBe(String(MAX_ROOMS))
  })

  it('lists bare rooms of that service once each, names cleaned and cut', () => {
    const list = parseRoomList(
      items(
        SERVICE,
        `<item jid='Heath@${SERVICE}' name='A Lonely Heath'/><item jid='darkcave@${SERVICE}' name='A&#x9;Dark&#x202E;  Cave'/><item jid='heath@${SERVICE}' name='dup'/>` +
          `<item jid='${SERVICE}'/><item jid='x@${SERVICE}/nick'/><item jid='trap@evil.example' name='Official'/><item jid='noname@${SERVICE}'/><item jid='long@${SERVICE}' name='${'n'.repeat(300)}'/>`,
      ),
      SERVICE,
    )
    expect(list.map((r) => r.jid)).toEqual([`heath@${SERVICE}`, `darkcave@${SERVICE}`, `noname@${SERVICE}`, `long@${SERVICE}`])
    expect(list[0]?.name).toBe('A Lonely Heath')
    expect(list[1]?.name).toBe('A Dark Cave')
    expect(list[2]?.name).toBe('')
    expect(list[3]?.name).toHaveLength(256)
  })

  it('is empty for an answer from elsewhere or not a result, and bounded', () => {
    expect(parseRoomList(items('evil.example', `<item jid='a@${SERVICE}'/>`), SERVICE)).toEqual([])
    expect(parseRoomList(parseStanza(`<iq type='error' from='${SERVICE}' id='x'><query xmlns='http://jabber.org/protocol/disco#items'><item jid='a@${SERVICE}'/></query></iq>`), SERVICE)).toEqual([])
    const many = Array.from({ length: MAX_ROOMS + 50 }, (_, i) => `<item jid='r${i}@${SERVICE}'/>`).join('')
    expect(parseRoomList(items(SERVICE, many), SERVICE)).toHaveLength(MAX_ROOMS)
  })
})

describe("a room's disco#info", () => {
  const ROOMINFO = (fields: string): string =>
    `<x xmlns='jabber:x:data' type='result'><field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/muc#roominfo</value></field>${fields}</x>`

  it('reads name, description, occupants and features', () => {
    const room = parseRoomInfo(
      info(
        ROOM,
        "<identity category='conference' type='text' name='A Dark Cave'/>" +
          "<feature var='http://jabber.org/protocol/muc'/><feature var='muc_passwordprotected'/><feature var='muc_membersonly'/><feature var='muc_moderated'/>" +
          "<feature var='muc_nonanonymous'/><feature var='muc_persistent'/><feature var='urn:xmpp:mam:2'/><feature var='urn:xmpp:occupant-id:0'/>" +
          "<feature var='urn:xmpp:message-moderate:0'/><feature var='urn:xmpp:message-moderate:1'/>" +
          ROOMINFO("<field var='muc#roominfo_description'><value>The place for all good witches!</value></field><field var='muc#roominfo_occupants'><value>3</value></field><field var='muc#roominfo_changesubject'><value>0</value></field>"),
      ),
      'Coven@chat.shakespeare.lit',
    )
    expect(room).toEqual({
      jid: ROOM,
      name: 'A Dark Cave',
      description: 'The place for all good witches!',
      occupants: 3,
      features: { mam: true, occupantId: true, passwordProtected: true, membersOnly: true, moderated: true, nonAnonymous: true, persistent: true, moderation: 1, subjectByAnyone: false },
    })
  })

  it('reads who may set the subject from Prosody’s config field too', () => {
    const r = parseRoomInfo(info(ROOM, `<identity category='conference' type='text'/>${ROOMINFO("<field var='muc#roomconfig_changesubject' type='boolean'><value>1</value></field>")}`), ROOM)
    expect(r?.features.subjectByAnyone).toBe(true)
  })

  it('defaults to the open, unarchived, anonymous, temporary case', () => {
    const room = parseRoomInfo(info(ROOM, "<identity category='conference' type='text'/><feature var='muc_open'/><feature var='muc_unsecured'/><feature var='muc_semianonymous'/><feature var='muc_temporary'/>"), ROOM)
    expect(room).toEqual({
      jid: ROOM,
      name: '',
      description: '',
      occupants: null,
      features: { mam: false, occupantId: false, passwordProtected: false, membersOnly: false, moderated: false, nonAnonymous: false, persistent: false, moderation: null, subjectByAnyone: null },
    })
    const legacy = parseRoomInfo(info(ROOM, "<identity category='conference' type='text'/><feature var='urn:xmpp:message-moderate:0'/>"), ROOM)
    expect(legacy?.features.moderation).toBe(0)
  })

  it('falls back to the roomname field and refuses a bad occupant count', () => {
    const room = parseRoomInfo(
      info(ROOM, `<identity category='conference' type='text'/>${ROOMINFO("<field var='muc#roomconfig_roomname'><value>From the form</value></field><field var='muc#roominfo_occupants'><value>-1</value></field>")}`),
      ROOM,
    )
    expect(room).toMatchObject({ name: 'From the form', occupants: null })
    for (const count of ['1e3', '0x10', '9999999', '', '3.5']) {
      const r = parseRoomInfo(info(ROOM, `<identity category='conference' type='text'/>${ROOMINFO(`<field var='muc#roominfo_occupants'><value>${count}</value></field>`)}`), ROOM)
      expect(r?.occupants, count).toBeNull()
    }
  })

  it('ignores a roominfo form that is malformed or ambiguous', () => {
    const form = ROOMINFO("<field var='muc#roominfo_description'><value>x</value></field>")
    const twice = parseRoomInfo(info(ROOM, `<identity category='conference' type='text'/>${form}${form}`), ROOM)
    expect(twice?.description).toBe('')
    const malformed = parseRoomInfo(info(ROOM, `<identity category='conference' type='text'/>${ROOMINFO("<field var='muc#roominfo_description'><value>a</value><value>b</value></field>")}`), ROOM)
    expect(malformed?.description).toBe('')
  })

  it('refuses an answer from another entity, an occupant, or without the conference identity', () => {
    const body = "<identity category='conference' type='text' name='Trap'/><feature var='muc_nonanonymous'/>"
    expect(parseRoomInfo(info('other@chat.shakespeare.lit', body), ROOM)).toBeNull()
    expect(parseRoomInfo(info(`${ROOM}/witch`, body), ROOM)).toBeNull()
    expect(parseRoomInfo(info(ROOM, "<identity category='client' type='pc'/>"), ROOM)).toBeNull()
    expect(parseRoomInfo(info(ROOM, body), 'not-a-room')).toBeNull()
  })
})
