// XEP-0045 §10 owner use cases: after our join presence created a room (status 201), either
// accept the service's defaults (an instant room, §10.1.2) or fetch the configuration form and
// submit our choices (§10.1.3); and destroy a room (§10.9). Layer: electron/core (pure).
import xml, { type Element } from '@xmpp/xml'
import { LIMITS } from '../../../../shared/types/limits'
import { stripXmlForbidden } from '../../../../shared/util/xml-chars'
import { NS } from '../ns'
import { onlyChild } from '../xml-helpers'
import { cancelForm, findField, formsOfType, submitForm, type DataForm, type SubmitValue } from './data-forms'
import { roomJidOf } from './muc'

export const ROOM_CONFIG_FORM = 'http://jabber.org/protocol/muc#roomconfig'

/** What we may ask of a new room; unset choices keep the service's default. */
export interface RoomConfigChoices {
  name?: string
  description?: string
  /** Stays when the last occupant leaves. */
  persistent?: boolean
  membersOnly?: boolean
  /** '' for none. */
  password?: string
  /** Occupants see each other's real JIDs (muc#roomconfig_whois = anyone). */
  nonAnonymous?: boolean
  /** Listed in the service's room directory. */
  public?: boolean
  /** Only occupants with voice may speak. */
  moderated?: boolean
}

function requireRoom(room: string): string {
  const bare = roomJidOf(room)
  if (!bare) throw new RangeError('muc-owner: invalid room JID')
  return bare
}

function ownerIq(room: string, type: 'get' | 'set', ...children: Element[]): Element {
  return xml('iq', { type, to: requireRoom(room) }, xml('query', { xmlns: NS.mucOwner }, ...children))
}

/** §10.1.2: accept the default configuration by submitting an empty form. */
export function instantRoomRequest(room: string): Element {
  return ownerIq(room, 'set', xml('x', { xmlns: NS.dataForms, type: 'submit' }))
}

/** §10.1.3: ask for the configuration form. */
export function roomConfigQuery(room: string): Element {
  return ownerIq(room, 'get')
}

/** §10.1.3: give up creating the room (the service destroys it). */
export function cancelRoomConfig(room: string): Element {
  return ownerIq(room, 'set', cancelForm())
}

/** The configuration form in the reply to roomConfigQuery; null unless `room` sent exactly one. */
export function parseRoomConfigForm(reply: Element, room: string): DataForm | null {
  const expected = roomJidOf(room)
  if (!expected || reply.attrs.type !== 'result' || reply.attrs.from !== expected) return null
  const query = onlyChild(reply, 'query', NS.mucOwner)
  const forms = query ? formsOfType(query, ROOM_CONFIG_FORM).filter((f) => f.type === 'form') : []
  return forms.length === 1 ? (forms[0] ?? null) : null
}

export interface RoomConfigSubmission {
  stanza: Element
  /** The choices this service's form has no field for (the room was configured without them). */
  unapplied: (keyof RoomConfigChoices)[]
}

const BOOLEAN_VARS = {
  persistent: 'muc#roomconfig_persistentroom',
  membersOnly: 'muc#roomconfig_membersonly',
  public: 'muc#roomconfig_publicroom',
  moderated: 'muc#roomconfig_moderatedroom',
} as const

/**
 * The submit form for `form` with our choices applied where the service offers the field (see
 * `unapplied`). A password sets muc#roomconfig_roomsecret, and passwordprotectedroom where the
 * form has it (Prosody's has only the secret). Throws RangeError on a value no field can take:
 * a name, description or password with characters XML cannot carry, or too long.
 */
export function roomConfigSubmit(room: string, form: DataForm, choices: RoomConfigChoices): RoomConfigSubmission {
  const values: Record<string, SubmitValue> = {}
  const unapplied: (keyof RoomConfigChoices)[] = []
  const has = (name: string): boolean => findField(form, name) !== undefined
  const set = (choice: keyof RoomConfigChoices, name: string, value: SubmitValue): void => {
    if (has(name)) values[name] = value
    else unapplied.push(choice)
  }

  if (choices.name !== undefined) set('name', 'muc#roomconfig_roomname', checkedText(choices.name, LIMITS.name, 'name'))
  if (choices.description !== undefined) set('description', 'muc#roomconfig_roomdesc', checkedText(choices.description, LIMITS.status, 'description'))
  for (const choice of ['persistent', 'membersOnly', 'public', 'moderated'] as const) {
    const value = choices[choice]
    if (value !== undefined) set(choice, BOOLEAN_VARS[choice], value)
  }
  if (choices.password !== undefined) {
    const password = checkedText(choices.password, 1023, 'password')
    if (has('muc#roomconfig_roomsecret')) {
      values['muc#roomconfig_roomsecret'] = password
      if (has('muc#roomconfig_passwordprotectedroom')) values['muc#roomconfig_passwordprotectedroom'] = password !== ''
    } else if (password !== '') {
      unapplied.push('password')
    }
  }
  if (choices.nonAnonymous !== undefined) {
    const whois = choices.nonAnonymous ? 'anyone' : 'moderators'
    const field = findField(form, 'muc#roomconfig_whois')
    if (field && (field.options.length === 0 || field.options.some((o) => o.value === whois))) values['muc#roomconfig_whois'] = whois
    else unapplied.push('nonAnonymous')
  }
  return { stanza: ownerIq(room, 'set', submitForm(form, values)), unapplied }
}

function checkedText(text: string, max: number, what: string): string {
  if (text.length > max || stripXmlForbidden(text) !== text || /[\r\n]/u.test(text)) throw new RangeError(`muc-owner: invalid ${what}`)
  return text
}

export interface DestroyOptions {
  reason?: string
  /** A room to send the occupants to instead. */
  alternate?: string
}

/** §10.9: destroy a room we own. Throws RangeError on an unusable room, alternate or reason. */
export function destroyRoomRequest(room: string, options: DestroyOptions = {}): Element {
  const { reason, alternate } = options
  const jid = alternate === undefined ? undefined : roomJidOf(alternate)
  if (jid === null) throw new RangeError('muc-owner: invalid alternate room')
  if (reason !== undefined && (reason.length > LIMITS.status || stripXmlForbidden(reason) !== reason)) throw new RangeError('muc-owner: invalid reason')
  return ownerIq(room, 'set', xml('destroy', jid ? { jid } : {}, reason ? xml('reason', {}, reason) : null))
}
