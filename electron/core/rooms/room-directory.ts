// What rooms say about themselves before (and while) we are in them: the room browser (our
// server's chat services and their rooms, XEP-0045 §6) and a room's disco#info, mapped to what
// the UI shows. Layer: electron/core (Node).
import type { RoomFeatures, RoomInfo, RoomListing } from '../../../shared/types/room'
import { UserFacingError } from '../ipc/command-dispatch'
import { discoInfoQuery } from '../xmpp/features/disco'
import { roomJidOf } from '../xmpp/features/muc'
import { discoverMucServices, parseRoomInfo, parseRoomList, roomListQuery, type RoomInfo as RoomDisco } from '../xmpp/features/muc-disco'
import type { XmppSession } from '../xmpp/session'
import { TaskLimit } from './task-limit'

/** Rooms of a listing whose occupant count is asked for, and how many such queries run at once. */
const COUNTED_ROOMS = 100
const INFO_AT_ONCE = 4

/** The room's features as the UI knows them (it only needs to know whether moderation exists). */
export function roomFeaturesOf(disco: RoomDisco): RoomFeatures {
  const { mam, occupantId, passwordProtected, membersOnly, nonAnonymous, moderation, subjectByAnyone } = disco.features
  return { mam, occupantId, passwordProtected, membersOnly, nonAnonymous, moderation: moderation !== null, subjectByAnyone: subjectByAnyone ?? true }
}

export class RoomDirectory {
  constructor(
    private readonly session: Pick<XmppSession, 'iq'>,
    private readonly account: string,
  ) {}

  /** A room's disco#info; null when it does not answer as a room (it may not exist yet). */
  async disco(room: string): Promise<RoomDisco | null> {
    return parseRoomInfo(await this.session.iq(discoInfoQuery(room)), room)
  }

  /** What the room browser shows of a room before joining it. */
  async info(roomInput: string): Promise<RoomInfo> {
    const room = roomJidOf(roomInput)
    if (!room) throw new UserFacingError('Enter a room address like room@conference.example.org.', 'invalid-jid')
    const disco = await this.disco(room).catch(() => null)
    if (!disco) throw new UserFacingError('That room does not exist, or does not say anything about itself.', 'no-room')
    return { ...disco, features: roomFeaturesOf(disco) }
  }

  /**
   * Our server's chat services, and the rooms of `service` (default: the first one) with how many
   * people are in each: the first COUNTED_ROOMS are asked, a few at a time.
   */
  async browse(service: string | null): Promise<{ services: string[]; rooms: RoomListing[] }> {
    const domain = this.account.slice(this.account.indexOf('@') + 1)
    const services = (await discoverMucServices((s) => this.session.iq(s), domain).catch(() => [])).map((s) => s.jid)
    const target = service ?? services[0]
    if (!target) return { services, rooms: [] }
    const reply = await this.session.iq(roomListQuery(target)).catch(() => null)
    const listed = reply ? parseRoomList(reply, target) : []
    const limit = new TaskLimit(INFO_AT_ONCE)
    const rooms = await Promise.all(
      listed.map(async (room, index) => {
        const disco = index < COUNTED_ROOMS ? await limit.run(() => this.disco(room.jid)).catch(() => null) : null
        return { ...room, occupants: disco?.occupants ?? null }
      }),
    )
    return { services, rooms }
  }
}
