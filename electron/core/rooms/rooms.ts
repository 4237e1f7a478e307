// The multi-user chat side of a session (XEP-0045): the rooms we are in, joining and leaving
// them, their occupants and subject, and each room's history from its own archive (XEP-0313)
// with its own cursor. Records persist in the archive so rooms are listed (and re-joined) before
// the server answers; everything else is per session. Every room stanza reaches this class only
// through the inbound pipeline, which admits it only from a room in `contexts`.
// Layer: electron/core (Node).
import { randomUUID } from 'node:crypto'
import type { EventName, EventPayload } from '../../../shared/ipc/contract'
import type { Occupant, Room, RoomCreateConfig, RoomFeatures, RoomInvitation, RoomJoinError, RoomNotify, RoomStatus } from '../../../shared/types/room'
import type { Archive, IncomingMessage, StoreResult } from '../archive/archive'
import type { RoomRecord } from '../archive/rooms'
import { ArchiveSync } from '../archive-sync'
import { UserFacingError } from '../ipc/command-dispatch'
import type { ChatMessage } from '../../../shared/types/domain'
import type { MessageChange } from '../xmpp/features/chat'
import { isValidNick, joinPresence, leavePresence, nickChangePresence, roomJidOf, type MucPresence, type RoomInvite, type RoomSubject } from '../xmpp/features/muc'
import { moderationRequest, type Moderation, type ModerationVersion } from '../xmpp/features/moderation'
import type { RoomContext } from '../xmpp/features/muc-message'
import type { RoomNotificationRule } from '../notifications/notification-policy'
import type { PresenceEvent } from '../xmpp/features/presence'
import type { XmppSession } from '../xmpp/session'
import { joinErrorText } from './join-errors'
import { RoomDirectory, roomFeaturesOf } from './room-directory'
import { RoomOwner } from './room-owner'
import { RoomSelfPing } from './self-ping'
import { TaskLimit } from './task-limit'
import type { BookmarkSync } from './bookmark-sync'
import type { Bookmark, BookmarkChanges } from '../xmpp/features/bookmarks'

type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void

/** How long a room may take to answer a join before we give up on this attempt. */
const JOIN_TIMEOUT_MS = 30_000
/** Invitations kept waiting for an answer; older ones are dropped first. */
const MAX_INVITATIONS = 20
/** Room archives caught up at once (the rest wait their turn). */
const CATCH_UPS_AT_ONCE = 3
/** Occupant changes within this time reach the UI as one event. */
const OCCUPANT_BATCH_MS = 20

export type JoinResult = { ok: true } | { ok: false; error: RoomJoinError; message: string }

interface LiveRoom {
  record: RoomRecord
  status: RoomStatus
  error: RoomJoinError | null
  errorText: string | null
  features: RoomFeatures
  /** The XEP-0425 version the room speaks; null when it offers no moderation. */
  moderation: ModerationVersion | null
  role: Room['role']
  affiliation: Room['affiliation']
  ownOccupantId: string | null
  occupants: Map<string, Occupant>
  /** Since when each present nick's holder has been in the room, as far as we saw it. */
  presentSince: Map<string, number>
  /** Settles the pending join (or nick change) when the room answers. */
  waiter: ((result: JoinResult) => void) | null
  /** Set while we create this room: a locked new room gets this configuration, not the defaults. */
  creating: RoomCreateConfig | 'instant' | null
  history: ArchiveSync | null
  /** We were in the room when the last session ended: the next one joins it again. */
  rejoin: boolean
}

const NO_FEATURES: RoomFeatures = { mam: false, occupantId: false, passwordProtected: false, membersOnly: false, nonAnonymous: false, moderation: false, subjectByAnyone: true }

export interface RoomsDeps {
  archive: Archive
  account: string
  session: Pick<XmppSession, 'iq' | 'send' | 'online' | 'nudge'>
  emit: Emit
  /** Publishes a store result (events, unread counts); `newSince`: older messages are history. */
  published: (result: StoreResult, newSince: number) => void
  /** A stored message changed (a moderator removed it). */
  updated: (message: ChatMessage) => void
  /** Applies a correction or retraction (the archive checks it is by the original sender). */
  applyChange: (change: MessageChange) => Promise<void>
  /** The session's open archive queries, shared with the account's own archive sync. */
  openQueries: Map<string, string>
  bookmarks: Pick<BookmarkSync, 'save' | 'remove'>
  /** Our messages to a room wait in the outbox until we are in it. */
  joined: (room: string) => void
  /** The conversation the user has open. */
  viewing: () => string | null
  log: (message: string) => void
}

export class Rooms {
  readonly #rooms = new Map<string, LiveRoom>()
  #invitations: RoomInvitation[] = []
  readonly #owner: RoomOwner
  readonly #selfPing: RoomSelfPing
  readonly #catchUps = new TaskLimit(CATCH_UPS_AT_ONCE)
  /** Settled once this session's bookmarks are merged (see bookmarksLoaded). */
  #ready: Promise<void> = Promise.resolve()
  #markReady: () => void = () => {}
  readonly #pendingOccupants = new Map<string, Map<string, Occupant | null>>()
  #occupantFlush: ReturnType<typeof setTimeout> | null = null
  /** Our subject change waiting for the room's answer, per room (a new one replaces the old). */
  readonly #subjectChanges = new Map<string, { id: string; settle: (refusal: string | null) => void }>()
  /** The room browser, and what rooms say about themselves. */
  readonly directory: RoomDirectory

  constructor(private readonly deps: RoomsDeps) {
    this.#owner = new RoomOwner(deps.session)
    this.directory = new RoomDirectory(deps.session, deps.account)
    this.#selfPing = new RoomSelfPing(
      {
        joined: () => [...this.#rooms.values()].filter((r) => r.status === 'joined').map((r) => ({ room: r.record.jid, nick: r.record.nick })),
        rejoin: (room) => this.#background(this.#rejoin(room), `re-joining ${room}`),
      },
      (stanza, timeoutMs) => deps.session.iq(stanza, timeoutMs),
    )
  }

  /** Work nobody waits for (the session may end under it): a failure is logged, never unhandled. */
  #background(task: Promise<unknown>, what: string): void {
    task.catch((error: unknown) => this.deps.log(`${what} failed: ${error instanceof Error ? error.message : String(error)}`))
  }

  /** The session ended for good (sign-out, going offline): no more pings. */
  stop(): void {
    this.#selfPing.stop()
    this.#markReady()
  }

  /** Self-ping found that the room forgot us. */
  async #rejoin(room: string): Promise<void> {
    const r = this.#rooms.get(room)
    if (r?.status !== 'joined') return
    this.deps.log(`room ${room} forgot us; joining again`)
    await this.#join(r, { autojoin: true })
  }

  /** Reads the saved rooms (status `left` until a session joins them). */
  async load(): Promise<void> {
    for (const record of await this.deps.archive.rooms(this.deps.account)) this.#rooms.set(record.jid, this.#fresh(record))
  }

  #fresh(record: RoomRecord): LiveRoom {
    return {
      record,
      status: 'left',
      error: null,
      errorText: null,
      features: NO_FEATURES,
      moderation: null,
      role: 'none',
      affiliation: 'none',
      ownOccupantId: null,
      occupants: new Map(),
      presentSince: new Map(),
      waiter: null,
      creating: null,
      history: null,
      rejoin: false,
    }
  }

  list(): Room[] {
    return [...this.#rooms.values()].map((r) => this.#view(r))
  }

  #view(r: LiveRoom): Room {
    const { jid, name, nick, subject, autojoin, bookmarked, notify } = r.record
    return { jid, name, nick, subject, autojoin, bookmarked, notify, status: r.status, error: r.error, errorText: r.errorText, role: r.role, affiliation: r.affiliation, features: r.features }
  }

  #changed(r: LiveRoom): void {
    this.deps.emit('rooms:changed', { upserted: [this.#view(r)], removed: [] })
  }

  /** Rooms whose traffic the inbound pipeline admits: those we are in or joining. */
  contexts(): Map<string, RoomContext> {
    const contexts = new Map<string, RoomContext>()
    for (const [jid, r] of this.#rooms) {
      if (r.status !== 'joining' && r.status !== 'joined') continue
      // A room with an archive stamps its messages with its own stanza-ids (XEP-0313 §5.2).
      contexts.set(jid, { room: jid, nick: r.record.nick, occupantIds: r.features.occupantId, ownOccupantId: r.ownOccupantId, stanzaIds: r.features.mam })
    }
    return contexts
  }

  isRoom(jid: string): boolean {
    return this.#rooms.has(jid)
  }

  /** Our nick in the room when we are in it (messages can go out), else null. */
  joinedNick(jid: string): string | null {
    const r = this.#rooms.get(jid)
    return r?.status === 'joined' ? r.record.nick : null
  }

  /** Our nick in a room we know (joined or not); undefined for any other conversation. */
  ownNick(jid: string): string | undefined {
    return this.#rooms.get(jid)?.record.nick
  }

  /** The nick and notification level of a room, for notifications; null for other conversations. */
  notificationRule(jid: string): RoomNotificationRule | null {
    const r = this.#rooms.get(jid)
    return r ? { name: r.record.name, nick: r.record.nick, notify: r.record.notify } : null
  }

  occupants(room: string): Occupant[] {
    return [...(this.#rooms.get(room)?.occupants.values() ?? [])]
  }

  invitations(): RoomInvitation[] {
    return this.#invitations
  }

  /**
   * Early in a new session: the server's bookmarks (null: unreadable) are merged in. What the user
   * does with rooms meanwhile waits for this, so a late merge cannot undo it.
   */
  async bookmarksLoaded(bookmarks: Bookmark[] | null): Promise<void> {
    try {
      if (bookmarks) await this.#mergeBookmarks(bookmarks)
    } finally {
      this.#markReady()
    }
  }

  /**
   * Once the session is set up: every room we mean to be in is joined again, since the server
   * forgot our occupancy with the old session.
   */
  async sessionStarted(): Promise<void> {
    // A room the user joins meanwhile is already on its way in.
    const wanted = [...this.#rooms.values()].filter((r) => (r.record.autojoin || r.rejoin) && (r.status === 'left' || r.status === 'error'))
    // The room on screen first: its join, and so its history, is first in line.
    const viewing = this.deps.viewing()
    wanted.sort((a, b) => Number(b.record.jid === viewing) - Number(a.record.jid === viewing))
    this.#selfPing.start()
    await Promise.all(wanted.map((r) => this.#join(r, { autojoin: true }).catch((error: unknown) => this.deps.log(`room ${r.record.jid} not joined: ${String(error)}`))))
  }

  /** The server's list is the truth about bookmarks: ours that it lacks were removed elsewhere. */
  async #mergeBookmarks(bookmarks: Bookmark[]): Promise<void> {
    const listed = new Set(bookmarks.map((b) => b.room))
    for (const r of this.#rooms.values()) {
      if (!r.record.bookmarked || listed.has(r.record.jid)) continue
      r.record = { ...r.record, bookmarked: false, autojoin: false }
      await this.#save(r)
      this.#changed(r)
    }
    for (const bookmark of bookmarks) await this.#applyBookmark(bookmark)
  }

  async #applyBookmark(bookmark: Bookmark): Promise<LiveRoom> {
    const existing = this.#rooms.get(bookmark.room)
    const record: RoomRecord = {
      jid: bookmark.room,
      name: bookmark.name || (existing?.record.name ?? ''),
      nick: bookmark.nick ?? existing?.record.nick ?? this.#defaultNick(),
      password: bookmark.password ?? existing?.record.password ?? null,
      autojoin: bookmark.autojoin,
      bookmarked: true,
      notify: existing?.record.notify ?? 'mentions',
      subject: existing?.record.subject ?? '',
    }
    const r = existing ?? this.#fresh(record)
    // While we are in the room, our nick there stays what the room knows.
    r.record = r.status === 'joined' ? { ...record, nick: r.record.nick } : record
    this.#rooms.set(record.jid, r)
    await this.#save(r)
    this.#changed(r)
    return r
  }

  #defaultNick(): string {
    return this.deps.account.slice(0, this.deps.account.indexOf('@'))
  }

  /**
   * Another device of ours changed our bookmarks (the pipeline checked the notice is from our own
   * account): a new autojoin bookmark is joined here too; a removed one is no longer re-joined.
   */
  async bookmarksChanged(changes: BookmarkChanges): Promise<void> {
    await this.#ready
    for (const bookmark of changes.published) {
      const r = await this.#applyBookmark(bookmark)
      if (bookmark.autojoin && (r.status === 'left' || r.status === 'error') && this.deps.session.online) this.#background(this.#join(r, { autojoin: true }), `joining ${r.record.jid}`)
    }
    for (const room of changes.retracted) {
      const r = this.#rooms.get(room)
      if (!r?.record.bookmarked) continue
      r.record = { ...r.record, bookmarked: false, autojoin: false }
      await this.#save(r)
      this.#changed(r)
    }
  }

  #bookmarkOf(r: LiveRoom): Bookmark {
    const { jid, name, autojoin, nick, password } = r.record
    return { room: jid, name, autojoin, nick, ...(password ? { password } : {}) }
  }

  async #saveBookmark(r: LiveRoom): Promise<void> {
    await this.deps.bookmarks.save(this.#bookmarkOf(r)).catch((error: unknown) => this.deps.log(`bookmark of ${r.record.jid} not saved: ${String(error)}`))
  }

  /**
   * First thing in a new session: the server has forgotten our occupancy. Rooms we were in (or
   * entering) are marked for re-joining; a join still waiting for the old session gives up.
   */
  sessionBegan(): void {
    // Whoever still waits for the last session's bookmarks goes ahead (and meets the new session).
    this.#markReady()
    this.#ready = new Promise((resolve) => (this.#markReady = resolve))
    for (const r of this.#rooms.values()) {
      r.rejoin = r.status === 'joined' || r.status === 'joining'
      r.history = null
      r.occupants.clear()
      if (r.status === 'left') continue
      r.status = 'left'
      this.#settleJoin(r, { ok: false, error: 'other', message: 'The connection dropped; joining again.' })
      this.#changed(r)
    }
  }

  /** The user joins a room (or creates one): saved first, so it is listed whatever the room answers. */
  async join(roomInput: string, nick: string, password: string | null, bookmark: boolean, create: RoomCreateConfig | 'instant' | null = null): Promise<JoinResult> {
    const jid = roomJidOf(roomInput)
    if (!jid) throw new UserFacingError('Enter a room address like room@conference.example.org.', 'invalid-jid')
    if (!isValidNick(nick)) throw new UserFacingError('Choose a nickname without control characters.', 'invalid-nick')
    await this.#ready
    const existing = this.#rooms.get(jid)
    if (existing?.status === 'joined' && existing.record.nick === nick) return { ok: true }
    const record: RoomRecord = {
      jid,
      name: existing?.record.name ?? '',
      nick,
      password: password ?? existing?.record.password ?? null,
      autojoin: true,
      bookmarked: bookmark || (existing?.record.bookmarked ?? false),
      notify: existing?.record.notify ?? 'mentions',
      subject: existing?.record.subject ?? '',
    }
    const r = existing ?? this.#fresh(record)
    r.record = record
    r.creating = create
    this.#rooms.set(jid, r)
    await this.#save(r)
    const result = await this.#join(r, { autojoin: false })
    if (result.ok && r.record.bookmarked) await this.#saveBookmark(r)
    return result
  }

  async #save(r: LiveRoom): Promise<void> {
    await this.deps.archive.saveRoom(this.deps.account, r.record)
  }

  /** Sends our join presence and waits for the room's answer. */
  async #join(r: LiveRoom, how: { autojoin: boolean }): Promise<JoinResult> {
    const jid = r.record.jid
    r.status = 'joining'
    r.error = null
    r.errorText = null
    r.occupants.clear()
    r.presentSince.clear()
    await this.#readFeatures(r)
    this.#changed(r)
    const answer = new Promise<JoinResult>((resolve) => {
      const timer = setTimeout(() => this.#settleJoin(r, { ok: false, error: 'other', message: 'The room did not answer.' }), JOIN_TIMEOUT_MS)
      r.waiter = (result) => {
        clearTimeout(timer)
        resolve(result)
      }
    })
    // With a room archive we catch up from it, so the room replays nothing (XEP-0045 §7.2.14).
    const options = { maxStanzas: r.features.mam ? 0 : 20, ...(r.record.password ? { password: r.record.password } : {}) }
    await this.deps.session.send(joinPresence(jid, r.record.nick, options))
    const result = await answer
    // Someone else holds our nick here: an automatic re-join tries once more with a suffix.
    if (!result.ok && result.error === 'conflict' && how.autojoin && !r.record.nick.endsWith('_')) {
      r.record = { ...r.record, nick: `${r.record.nick}_` }
      return this.#join(r, how)
    }
    return result
  }

  /** The room's disco#info (XEP-0045 §6.4): a room that does not exist yet has none, and nothing is lost. */
  async #readFeatures(r: LiveRoom): Promise<void> {
    const info = await this.directory.disco(r.record.jid).catch(() => null)
    if (!info) return
    r.features = roomFeaturesOf(info)
    r.moderation = info.features.moderation
    if (info.name !== '' && r.record.name === '') {
      r.record = { ...r.record, name: info.name }
      await this.#save(r)
    }
  }

  /** As a moderator: asks the room to retract one of its messages for everyone (XEP-0425). */
  async moderate(room: string, messageId: number, reason: string): Promise<void> {
    const r = this.#requireJoined(room)
    if (r.moderation === null || r.role !== 'moderator') throw new UserFacingError('Only a moderator of this room can remove messages.', 'not-moderator')
    const target = await this.deps.archive.roomArchiveIdOf(this.deps.account, room, messageId)
    if (!target) throw new UserFacingError('This message cannot be removed: the room never gave it an id.', 'no-room-id')
    await this.deps.session.iq(moderationRequest(room, target, r.moderation, reason || undefined))
  }

  /** The room says a moderator retracted a message (checked to come from the room itself). */
  async moderated(room: string, moderation: Moderation, now: number): Promise<void> {
    const updated = await this.deps.archive.applyModeration(this.deps.account, room, moderation.target, now)
    if (updated) this.deps.updated(updated)
  }

  #settleJoin(r: LiveRoom, result: JoinResult): void {
    const waiter = r.waiter
    r.waiter = null
    waiter?.(result)
  }

  async leave(room: string, forget: boolean): Promise<void> {
    await this.#ready
    const r = this.#rooms.get(room)
    if (!r) return
    if ((r.status === 'joined' || r.status === 'joining') && this.deps.session.online) await this.deps.session.send(leavePresence(room, r.record.nick))
    r.status = 'left'
    r.occupants.clear()
    r.history = null
    this.#settleJoin(r, { ok: false, error: 'other', message: 'You left the room.' })
    if (forget) {
      this.#rooms.delete(room)
      await this.deps.archive.deleteRoom(this.deps.account, room)
      if (r.record.bookmarked) await this.deps.bookmarks.remove(room).catch((error: unknown) => this.deps.log(`bookmark of ${room} not removed: ${String(error)}`))
      this.deps.emit('rooms:changed', { upserted: [], removed: [room] })
      return
    }
    r.record = { ...r.record, autojoin: false }
    await this.#save(r)
    if (r.record.bookmarked) await this.#saveBookmark(r)
    this.#changed(r)
  }

  async setNotify(room: string, notify: RoomNotify): Promise<void> {
    await this.#ready
    const r = this.#require(room)
    r.record = { ...r.record, notify }
    await this.#save(r)
    this.#changed(r)
  }

  #require(room: string): LiveRoom {
    const r = this.#rooms.get(room)
    if (!r) throw new UserFacingError('You are not in that room.', 'unknown-room')
    return r
  }

  /** Presence from a room we are in or joining (already checked to come from it). */
  async presence(room: string, presence: MucPresence, event: PresenceEvent | null): Promise<void> {
    const r = this.#rooms.get(room)
    if (!r) return
    this.#selfPing.heard(room)
    if (presence.kind === 'error') return this.#joinFailed(r, presence.error, presence.text ?? null)
    if (presence.self) return this.#selfPresence(r, presence)
    if (presence.claimsSelf && presence.codes.includes(210) && r.status === 'joining') {
      // The service assigned us another nick on entering (XEP-0045 §7.2.10): it is ours now.
      r.record = { ...r.record, nick: presence.nick }
      await this.#save(r)
      return this.#selfPresence(r, { ...presence, self: true })
    }
    if (presence.unavailable) {
      const since = r.presentSince.get(presence.nick)
      r.presentSince.delete(presence.nick)
      // A nick change is the same person under a new name.
      if (presence.nickChanged && since !== undefined) r.presentSince.set(presence.nickChanged, since)
      if (r.occupants.delete(presence.nick)) this.#occupantsChanged(room, presence.nick, null)
      return
    }
    if (!r.presentSince.has(presence.nick)) r.presentSince.set(presence.nick, Date.now())
    const occupant = this.#occupant(presence, event, false)
    r.occupants.set(presence.nick, occupant)
    this.#occupantsChanged(room, occupant.nick, occupant)
  }

  /**
   * Occupant changes go out together, a tick after the presence that caused them: entering a busy
   * room brings hundreds of presences at once, which the UI takes better as one update.
   */
  #occupantsChanged(room: string, nick: string, occupant: Occupant | null): void {
    const pending = this.#pendingOccupants.get(room) ?? new Map<string, Occupant | null>()
    pending.set(nick, occupant)
    this.#pendingOccupants.set(room, pending)
    this.#occupantFlush ??= setTimeout(() => {
      this.#occupantFlush = null
      for (const [jid, changes] of this.#pendingOccupants) {
        const upserted = [...changes.values()].filter((o): o is Occupant => o !== null)
        const removed = [...changes].filter(([, o]) => o === null).map(([n]) => n)
        this.deps.emit('rooms:occupants', { room: jid, upserted, removed })
      }
      this.#pendingOccupants.clear()
    }, OCCUPANT_BATCH_MS)
  }

  #occupant(presence: Extract<MucPresence, { kind: 'occupant' }>, event: PresenceEvent | null, self: boolean): Occupant {
    const resource = event?.kind === 'available' ? event.resource : null
    return {
      nick: presence.nick,
      role: presence.role,
      affiliation: presence.affiliation,
      realJid: presence.realJid ?? null,
      show: resource?.show ?? 'available',
      status: resource?.status ?? '',
      self,
    }
  }

  async #selfPresence(r: LiveRoom, presence: Extract<MucPresence, { kind: 'occupant' }>): Promise<void> {
    const room = r.record.jid
    if (presence.unavailable) {
      r.occupants.delete(presence.nick)
      if (presence.nickChanged) {
        // Our nick change went through (XEP-0045 §7.6): the new self-presence follows.
        r.record = { ...r.record, nick: presence.nickChanged }
        await this.#save(r)
        return
      }
      const error: RoomJoinError = presence.banned ? 'banned' : presence.kicked ? 'kicked' : presence.destroyed ? 'destroyed' : 'other'
      r.status = 'error'
      r.error = error
      r.errorText = null
      r.occupants.clear()
      this.#changed(r)
      this.#occupantsChanged(room, presence.nick, null)
      return
    }
    r.role = presence.role
    r.affiliation = presence.affiliation
    r.ownOccupantId = r.features.occupantId ? (presence.occupantId ?? null) : null
    const occupant = this.#occupant(presence, null, true)
    r.occupants.set(presence.nick, occupant)
    this.#occupantsChanged(room, occupant.nick, occupant)
    if (presence.created) await this.#configureNewRoom(r)
    const wasJoining = r.status === 'joining'
    r.status = 'joined'
    this.#changed(r)
    if (!wasJoining) return this.#settleJoin(r, { ok: true })
    this.#settleJoin(r, { ok: true })
    this.deps.joined(room)
    if (r.features.mam) this.#background(this.#catchUps.run(() => this.#catchUp(r)), `history of ${room}`)
  }

  /** XEP-0045 §10.1: a room we just created is locked until its owner configures it. */
  async #configureNewRoom(r: LiveRoom): Promise<void> {
    const config = r.creating ?? 'instant'
    r.creating = null
    await this.#owner.configure(r.record.jid, config).catch((error: unknown) => this.deps.log(`room ${r.record.jid} not configured: ${String(error)}`))
    if (config !== 'instant' && config.name) {
      r.record = { ...r.record, name: config.name }
      await this.#save(r)
    }
    await this.#readFeatures(r)
  }

  #joinFailed(r: LiveRoom, error: RoomJoinError, text: string | null): void {
    if (r.status !== 'joining') {
      // A refused nick change while we stay in the room.
      this.#settleJoin(r, { ok: false, error, message: joinErrorText(error, r.record.nick) })
      return
    }
    r.status = 'error'
    r.error = error
    r.errorText = text
    this.#changed(r)
    this.#settleJoin(r, { ok: false, error, message: joinErrorText(error, r.record.nick) })
  }

  /** The room's archive from our cursor (or its newest pages the first time), stored as history. */
  async #catchUp(r: LiveRoom): Promise<void> {
    const room = r.record.jid
    const firstVisit = (await this.deps.archive.syncCursor(this.deps.account, room)) === null
    await this.#history(r).catchUp(Date.now())
    // What was said before we first came in is context, not unread news.
    const summary = firstVisit ? await this.deps.archive.markRead(this.deps.account, room) : null
    if (summary) this.deps.published({ added: [], conversations: [summary] }, 0)
  }

  /** The room's archive, read with its own cursor; corrections are never taken from it. */
  #history(r: LiveRoom): ArchiveSync {
    const history =
      r.history ??
      new ArchiveSync(
        this.deps.archive,
        this.deps.account,
        this.deps.session,
        (result) => this.deps.published(result, history.sessionStartedAt),
        async () => {},
        { room: r.record.jid, openQueries: this.deps.openQueries },
      )
    r.history = history
    return history
  }

  /** Scroll-back in a room: the page of the room's archive just older than what we have. */
  async fetchOlder(room: string): Promise<{ added: number; complete: boolean }> {
    const r = this.#requireJoined(room)
    if (!r.features.mam) return { added: 0, complete: true }
    return this.#history(r).fetchOlder(room)
  }

  /** One verified result of a room archive query. */
  collect(queryId: string, message: IncomingMessage | null): void {
    for (const r of this.#rooms.values()) r.history?.collect(queryId, message)
  }

  /**
   * An occupant corrects or retracts a message. With occupant ids the sender key already names the
   * person; without them a nick may have changed hands (T8c), so only messages sent since the
   * nick's current holder came in may be changed.
   */
  async change(room: string, change: MessageChange): Promise<void> {
    const r = this.#rooms.get(room)
    if (!r) return
    if (r.features.occupantId || change.senderBare === this.deps.account) return this.deps.applyChange(change)
    const since = r.presentSince.get(change.senderBare.slice(room.length + 1))
    if (since !== undefined) await this.deps.applyChange({ ...change, notBefore: since })
  }

  async message(message: IncomingMessage): Promise<void> {
    this.#selfPing.heard(message.conversation)
    this.deps.published(await this.deps.archive.storeIncoming(this.deps.account, [message]), 0)
  }

  async subject(room: string, subject: RoomSubject): Promise<void> {
    const r = this.#rooms.get(room)
    if (!r) return
    if (subject.by === r.record.nick) this.#subjectChanges.get(room)?.settle(null)
    if (r.record.subject === subject.subject) return
    r.record = { ...r.record, subject: subject.subject }
    await this.#save(r)
    this.#changed(r)
  }

  /** Resolves when the room shows our subject to everyone; fails with the room's reason when it refuses. */
  async setSubject(room: string, subject: string): Promise<void> {
    this.#requireJoined(room)
    const id = randomUUID()
    const answer = new Promise<string | null>((resolve) => {
      const timer = setTimeout(() => resolve(null), JOIN_TIMEOUT_MS)
      this.#subjectChanges.set(room, { id, settle: (refusal) => (clearTimeout(timer), this.#subjectChanges.delete(room), resolve(refusal)) })
    })
    await this.deps.session.send(this.#owner.subjectMessage(room, subject, id))
    const refusal = await answer
    if (refusal !== null) throw new UserFacingError(`The room did not change the subject: ${refusal}`, 'subject-refused')
  }

  /** A message of ours bounced; true when it was a subject change, now failed with `text`. */
  bounced(room: string, id: string, text: string): boolean {
    const pending = this.#subjectChanges.get(room)
    if (pending?.id !== id) return false
    pending.settle(text === 'forbidden' ? 'only moderators may change it here.' : text)
    return true
  }

  #requireJoined(room: string): LiveRoom {
    const r = this.#require(room)
    if (r.status !== 'joined') throw new UserFacingError('Join the room first.', 'not-joined')
    return r
  }

  /** Changes our nick (XEP-0045 §7.6): the room answers with our new self-presence, or a conflict. */
  async setNick(room: string, nick: string): Promise<void> {
    const r = this.#requireJoined(room)
    if (!isValidNick(nick)) throw new UserFacingError('Choose a nickname without control characters.', 'invalid-nick')
    if (nick === r.record.nick) return
    const answer = new Promise<JoinResult>((resolve) => {
      const timer = setTimeout(() => this.#settleJoin(r, { ok: false, error: 'other', message: 'The room did not answer.' }), JOIN_TIMEOUT_MS)
      r.waiter = (result) => {
        clearTimeout(timer)
        resolve(result)
      }
    })
    await this.deps.session.send(nickChangePresence(room, nick))
    const result = await answer
    if (!result.ok) throw new UserFacingError(result.message, result.error)
  }

  async invite(room: string, jid: string, reason: string): Promise<void> {
    const r = this.#requireJoined(room)
    await this.deps.session.send(this.#owner.directInvitation(room, jid, reason, r.record.password))
  }

  /** An invitation arrived: kept for the prompt (a newer one to the same room replaces it). */
  invited(invite: RoomInvite, now: number): void {
    if (this.#rooms.get(invite.room)?.status === 'joined') return
    const entry: RoomInvitation = { room: invite.room, inviter: invite.inviter, reason: invite.reason ?? '', password: invite.password ?? null, receivedAt: now }
    this.#invitations = [...this.#invitations.filter((i) => i.room !== invite.room), entry].slice(-MAX_INVITATIONS)
    this.deps.emit('rooms:invitations', this.#invitations)
  }

  dismissInvitation(room: string): void {
    const before = this.#invitations.length
    this.#invitations = this.#invitations.filter((i) => i.room !== room)
    if (this.#invitations.length !== before) this.deps.emit('rooms:invitations', this.#invitations)
  }
}
