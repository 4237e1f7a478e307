// XEP-0045 §10 room creation and destruction: the instant room (empty submit), the configured room
// (the form only from the room asked, our choices applied where the form has a field, the rest
// reported), cancel and destroy.
import { describe, expect, it } from 'vitest'
import { parseDataForm, type DataForm } from '../../../../electron/core/xmpp/features/data-forms'
import {
  cancelRoomConfig,
  destroyRoomRequest,
  instantRoomRequest,
  parseRoomConfigForm,
  roomConfigQuery,
  roomConfigSubmit,
} from '../../../../electron/core/xmpp/features/muc-owner'
import { NS } from '../../../../electron/core/xmpp/ns'
import { parseStanza, roundTrip } from '../../../support/parse-xml'

const ROOM = 'coven@chat.shakespeare.lit'
const CONFIG_TYPE = "<field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/muc#roomconfig</value></field>"
// ejabberd-like: every field XEP-0045 §10.1.3 shows.
const FULL_FORM =
  `<x xmlns='jabber:x:data' type='form'><title>Configuration</title>${CONFIG_TYPE}` +
  "<field var='muc#roomconfig_roomname' type='text-single'><value/></field>" +
  "<field var='muc#roomconfig_roomdesc' type='text-single'/>" +
  "<field var='muc#roomconfig_persistentroom' type='boolean'><value>0</value></field>" +
  "<field var='muc#roomconfig_publicroom' type='boolean'><value>1</value></field>" +
  "<field var='muc#roomconfig_moderatedroom' type='boolean'><value>0</value></field>" +
  "<field var='muc#roomconfig_membersonly' type='boolean'><value>0</value></field>" +
  "<field var='muc#roomconfig_passwordprotectedroom' type='boolean'><value>0</value></field>" +
  "<field var='muc#roomconfig_roomsecret' type='text-private'/>" +
  "<field var='muc#roomconfig_whois' type='list-single'><value>moderators</value><option><value>moderators</value></option><option><value>anyone</value></option></field>" +
  "<field var='muc#roomconfig_maxusers' type='list-single'><value>20</value><option><value>10</value></option><option><value>20</value></option></field>" +
  '</x>'
// Prosody-like: no passwordprotectedroom, no moderated or public flag in this cut-down form.
const SMALL_FORM =
  `<x xmlns='jabber:x:data' type='form'>${CONFIG_TYPE}` +
  "<field var='muc#roomconfig_roomname' type='text-single'/>" +
  "<field var='muc#roomconfig_roomsecret' type='text-private'/>" +
  "<field var='muc#roomconfig_whois' type='list-single'><value>moderators</value><option><value>moderators</value></option></field>" +
  '</x>'

const configReply = (form: string, from = ROOM): string => `<iq type='result' from='${from}' id='c1'><query xmlns='http://jabber.org/protocol/muc#owner'>${form}</query></iq>`

function values(stanza: ReturnType<typeof instantRoomRequest>): Record<string, string[]> {
  const x = roundTrip(stanza).getChild('query', NS.mucOwner)?.getChild('x', NS.dataForms)
  return Object.fromEntries((x?.getChildren('field', NS.dataForms) ?? []).map((f) => [f.attrs.var, f.getChildren('value', NS.dataForms).map((v) => v.text())]))
}

describe('creating a room', () => {
  it('instant room: an empty submit form to muc#owner', () => {
    const iq = roundTrip(instantRoomRequest('Coven@Chat.shakespeare.lit'))
    expect(iq.attrs).toMatchObject({ type: 'set', to: ROOM })
    const x = iq.getChild('query', NS.mucOwner)?.getChild('x', NS.dataForms)
    expect(x?.attrs.type).toBe('submit')
    expect(x?.children).toHaveLength(0)
  })

  it('asks the room for its configuration form, or cancels', () => {
    const query = roundTrip(roomConfigQuery(ROOM))
    expect(query.attrs).toMatchObject({ type: 'get', to: ROOM })
    expect(query.getChild('query', NS.mucOwner)?.children).toHaveLength(0)
    expect(roundTrip(cancelRoomConfig(ROOM)).getChild('query', NS.mucOwner)?.getChild('x', NS.dataForms)?.attrs.type).toBe('cancel')
  })

  it('refuses a room that is not a bare room JID', () => {
    for (const room of ['chat.shakespeare.lit', `${ROOM}/nick`, '']) {
      expect(() => instantRoomRequest(room)).toThrow(RangeError)
      expect(() => roomConfigQuery(room)).toThrow(RangeError)
    }
  })

  it('reads the form only from the room asked, as a result, with exactly one roomconfig form', () => {
    expect(parseRoomConfigForm(parseStanza(configReply(FULL_FORM)), ROOM)?.title).toBe('Configuration')
    expect(parseRoomConfigForm(parseStanza(configReply(FULL_FORM, 'other@chat.shakespeare.lit')), ROOM)).toBeNull()
    expect(parseRoomConfigForm(parseStanza(configReply(FULL_FORM, `${ROOM}/witch`)), ROOM)).toBeNull()
    expect(parseRoomConfigForm(parseStanza(configReply(FULL_FORM + FULL_FORM)), ROOM)).toBeNull()
    expect(parseRoomConfigForm(parseStanza(configReply(FULL_FORM.replace('muc#roomconfig<', 'muc#roominfo<'))), ROOM)).toBeNull()
    expect(parseRoomConfigForm(parseStanza(configReply(FULL_FORM.replace("type='form'", "type='result'"))), ROOM)).toBeNull()
    expect(parseRoomConfigForm(parseStanza(configReply(FULL_FORM).replace("type='result'", "type='error'")), ROOM)).toBeNull()
  })

  it('submits our choices in the muc#roomconfig fields, keeping the other defaults', () => {
    const form = parseRoomConfigForm(parseStanza(configReply(FULL_FORM)), ROOM) as DataForm
    const { stanza, unapplied } = roomConfigSubmit(ROOM, form, {
      name: 'The Coven',
      description: 'Witches only',
      persistent: true,
      membersOnly: true,
      password: 'cauldron',
      nonAnonymous: true,
      public: false,
      moderated: true,
    })
    expect(unapplied).toEqual([])
    expect(roundTrip(stanza).attrs).toMatchObject({ type: 'set', to: ROOM })
    expect(values(stanza)).toEqual({
      FORM_TYPE: ['http://jabber.org/protocol/muc#roomconfig'],
      'muc#roomconfig_roomname': ['The Coven'],
      'muc#roomconfig_roomdesc': ['Witches only'],
      'muc#roomconfig_persistentroom': ['1'],
      'muc#roomconfig_publicroom': ['0'],
      'muc#roomconfig_moderatedroom': ['1'],
      'muc#roomconfig_membersonly': ['1'],
      'muc#roomconfig_passwordprotectedroom': ['1'],
      'muc#roomconfig_roomsecret': ['cauldron'],
      'muc#roomconfig_whois': ['anyone'],
      'muc#roomconfig_maxusers': ['20'],
    })
  })

  it('an empty password turns protection off', () => {
    const form = parseDataForm(parseStanza(FULL_FORM)) as DataForm
    expect(values(roomConfigSubmit(ROOM, form, { password: '' }).stanza)).toMatchObject({ 'muc#roomconfig_passwordprotectedroom': ['0'], 'muc#roomconfig_roomsecret': [''] })
  })

  it('reports choices the service has no field (or option) for', () => {
    const form = parseDataForm(parseStanza(SMALL_FORM)) as DataForm
    const { stanza, unapplied } = roomConfigSubmit(ROOM, form, { name: 'X', persistent: true, password: 'pw', nonAnonymous: true, description: 'd' })
    expect(unapplied.sort()).toEqual(['description', 'nonAnonymous', 'persistent'])
    expect(values(stanza)).toEqual({
      FORM_TYPE: ['http://jabber.org/protocol/muc#roomconfig'],
      'muc#roomconfig_roomname': ['X'],
      'muc#roomconfig_roomsecret': ['pw'],
      'muc#roomconfig_whois': ['moderators'],
    })
    const noSecret = parseDataForm(parseStanza(`<x xmlns='jabber:x:data' type='form'>${CONFIG_TYPE}</x>`)) as DataForm
    expect(roomConfigSubmit(ROOM, noSecret, { password: 'pw' }).unapplied).toEqual(['password'])
    expect(roomConfigSubmit(ROOM, noSecret, { password: '' }).unapplied).toEqual([])
  })

  it('refuses choices that cannot be sent', () => {
    const form = parseDataForm(parseStanza(FULL_FORM)) as DataForm
    expect(() => roomConfigSubmit(ROOM, form, { name: 'a\nb' })).toThrow(RangeError)
    expect(() => roomConfigSubmit(ROOM, form, { name: 'x'.repeat(257) })).toThrow(RangeError)
    expect(() => roomConfigSubmit(ROOM, form, { password: 'p\u0001' })).toThrow(RangeError)
    expect(() => roomConfigSubmit(ROOM, form, { description: 'x'.repeat(1025) })).toThrow(RangeError)
  })
})

describe('destroying a room', () => {
  it('sends <destroy/> with an optional alternate venue and reason', () => {
    const plain = roundTrip(destroyRoomRequest(ROOM)).getChild('query', NS.mucOwner)?.getChild('destroy', NS.mucOwner)
    expect(plain?.attrs.jid).toBeUndefined()
    expect(plain?.children).toHaveLength(0)
    const full = roundTrip(destroyRoomRequest(ROOM, { alternate: 'New@chat.shakespeare.lit', reason: 'Moved' })).getChild('query', NS.mucOwner)?.getChild('destroy', NS.mucOwner)
    expect(full?.attrs.jid).toBe('new@chat.shakespeare.lit')
    expect(full?.getChildText('reason', NS.mucOwner)).toBe('Moved')
  })

  it('refuses an unusable alternate or reason', () => {
    expect(() => destroyRoomRequest(ROOM, { alternate: 'chat.shakespeare.lit' })).toThrow(RangeError)
    expect(() => destroyRoomRequest(ROOM, { reason: 'x\u0000' })).toThrow(RangeError)
    expect(() => destroyRoomRequest('nope')).toThrow(RangeError)
  })
})
