// Multi-user chat (XEP-0045) as the UI sees it: rooms we are in or have bookmarked, their
// occupants, invitations and the room browser. Layer: shared (pure, no Node, no DOM).
import { z } from 'zod'
import { jidString } from './domain'
import { LIMITS } from './limits'

/** RFC 7622 allows 1023 octets; a nick longer than this in characters is refused before encoding. */
export const nickString = z.string().min(1).max(1023)

export const roomRole = z.enum(['moderator', 'participant', 'visitor', 'none'])
export type RoomRole = z.infer<typeof roomRole>
export const roomAffiliation = z.enum(['owner', 'admin', 'member', 'outcast', 'none'])
export type RoomAffiliation = z.infer<typeof roomAffiliation>

/** Which room messages notify: every one, only those mentioning our nick, or none. */
export const roomNotify = z.enum(['all', 'mentions', 'none'])
export type RoomNotify = z.infer<typeof roomNotify>

/**
 * Where we stand in a room: `joining` until the room confirms our presence, `joined`, `left` (by
 * choice, or not yet joined this session), or `error` with why (nick taken, wrong password, …).
 */
export const roomStatus = z.enum(['joining', 'joined', 'left', 'error'])
export type RoomStatus = z.infer<typeof roomStatus>

export const roomJoinError = z.enum(['conflict', 'not-authorized', 'registration-required', 'forbidden', 'kicked', 'banned', 'destroyed', 'other'])
export type RoomJoinError = z.infer<typeof roomJoinError>

/** What the room told us about itself (XEP-0045 §6.4 disco#info), when we last joined. */
export const roomFeatures = z.object({
  /** The room keeps an archive (XEP-0313): history comes from it, not from the join replay. */
  mam: z.boolean(),
  /** XEP-0421: messages and presence carry stable occupant ids. */
  occupantId: z.boolean(),
  passwordProtected: z.boolean(),
  membersOnly: z.boolean(),
  /** Participants see each other's real JIDs. */
  nonAnonymous: z.boolean(),
  /** Moderators can remove messages for everyone (XEP-0425). */
  moderation: z.boolean(),
  /** Occupants who are not moderators may set the subject too (true when the room does not say). */
  subjectByAnyone: z.boolean(),
})
export type RoomFeatures = z.infer<typeof roomFeatures>

export const room = z.object({
  jid: jidString,
  /** The room's name from a bookmark or its disco#info; '' when it has none. */
  name: z.string().max(LIMITS.name),
  nick: nickString,
  subject: z.string(),
  /** Joined at every sign-in (a bookmark's autojoin). */
  autojoin: z.boolean(),
  /** Stored as a bookmark on the server, so our other devices know it. */
  bookmarked: z.boolean(),
  notify: roomNotify,
  status: roomStatus,
  error: roomJoinError.nullable(),
  /** The server's own words about an error, when it gave some (shown after our explanation). */
  errorText: z.string().nullable(),
  role: roomRole,
  affiliation: roomAffiliation,
  features: roomFeatures,
})
export type Room = z.infer<typeof room>

export const occupant = z.object({
  nick: nickString,
  role: roomRole,
  affiliation: roomAffiliation,
  /** Only in non-anonymous rooms or when we moderate; straight from the room's own presence. */
  realJid: jidString.nullable(),
  show: z.enum(['chat', 'available', 'away', 'xa', 'dnd']),
  status: z.string(),
  /** This occupant is us. */
  self: z.boolean(),
})
export type Occupant = z.infer<typeof occupant>

/** An invitation to a room (XEP-0249 direct or XEP-0045 mediated); `inviter` is always a JID. */
export const roomInvitation = z.object({
  room: jidString,
  inviter: jidString,
  reason: z.string(),
  /** The room's password when the inviter gave one. */
  password: z.string().nullable(),
  receivedAt: z.number(),
})
export type RoomInvitation = z.infer<typeof roomInvitation>

/**
 * One room of a room browser listing (disco#items of a MUC service); `occupants` from the room's
 * disco#info, null when it does not say (or is beyond the first rooms asked).
 */
export const roomListing = z.object({ jid: jidString, name: z.string(), occupants: z.number().int().nonnegative().nullable() })
export type RoomListing = z.infer<typeof roomListing>

/** What a room's disco#info says before we join it. */
export const roomInfo = z.object({
  jid: jidString,
  name: z.string(),
  description: z.string(),
  occupants: z.number().int().nonnegative().nullable(),
  features: roomFeatures,
})
export type RoomInfo = z.infer<typeof roomInfo>

/** How to create a room: instantly with the service's defaults, or with these settings. */
export const roomCreateConfig = z.object({
  name: z.string().max(LIMITS.name),
  description: z.string().max(LIMITS.status),
  /** Stays when the last occupant leaves. */
  persistent: z.boolean(),
  membersOnly: z.boolean(),
  /** '' for none. */
  password: z.string().max(1023),
  /** Whether occupants see each other's real JIDs. */
  nonAnonymous: z.boolean(),
  /** Listed in the service's room directory (the room browser). */
  public: z.boolean(),
})
export type RoomCreateConfig = z.infer<typeof roomCreateConfig>
