// What we send to a room as its owner or as an occupant beyond presence and messages: the
// configuration of a room we just created (XEP-0045 §10.1), a subject change (§8.1) and a direct
// invitation (XEP-0249). Layer: electron/core (Node).
import xml, { type Element } from '@xmpp/xml'
import type { RoomCreateConfig } from '../../../shared/types/room'
import { UserFacingError } from '../ipc/command-dispatch'
import { instantRoomRequest, parseRoomConfigForm, roomConfigQuery, roomConfigSubmit } from '../xmpp/features/muc-owner'
import { NS } from '../xmpp/ns'
import type { XmppSession } from '../xmpp/session'

export class RoomOwner {
  constructor(private readonly session: Pick<XmppSession, 'iq'>) {}

  /** Unlocks a new room: the service's defaults (instant) or the settings the user chose. */
  async configure(room: string, config: RoomCreateConfig | 'instant'): Promise<void> {
    if (config === 'instant') {
      await this.session.iq(instantRoomRequest(room))
      return
    }
    const form = parseRoomConfigForm(await this.session.iq(roomConfigQuery(room)), room)
    if (!form) throw new Error('the room sent no usable configuration form')
    const { stanza } = roomConfigSubmit(room, form, config)
    await this.session.iq(stanza)
  }

  /** `id`: the room bounces a refused change with it (XEP-0045 §8.1: not allowed). */
  subjectMessage(room: string, subject: string, id: string): Element {
    return xml('message', { to: room, type: 'groupchat', id }, xml('subject', {}, subject))
  }

  directInvitation(room: string, jid: string, reason: string, password: string | null): Element {
    if (jid === room) throw new UserFacingError('Invite a person, not the room.', 'invalid-jid')
    const attrs: Record<string, string> = { xmlns: NS.conference, jid: room }
    if (reason) attrs.reason = reason
    if (password) attrs.password = password
    return xml('message', { to: jid }, xml('x', attrs))
  }
}
