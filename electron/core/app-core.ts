// The application core: one account's session, contact list, messages and outbox behind the IPC
// contract. Hosts (Electron main, browser host) call `handle()` and forward events; nothing here
// knows which host runs it. Protocol events are committed to the archive first and only then
// emitted, so the UI never shows what is not persisted. Layer: electron/core (Node).
import { randomUUID } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Element } from '@xmpp/xml'
import type { EventName, EventPayload } from '../../shared/ipc/contract'
import type { AccountSettings, ConnectionState, OwnPresence } from '../../shared/types/domain'
import { bareJid, parseJid } from '../../shared/types/jid'
import { safeHttpUrl } from '../../shared/util/linkify'
import { stripXmlForbidden } from '../../shared/util/xml-chars'
import type { Archive } from './archive/archive'
import { openArchive } from './archive/archive-client'
import { ArchiveSync } from './archive-sync'
import { avatarFilesIn } from './avatars/avatar-files'
import { AvatarSync, avatarDataUrl } from './avatars/avatar-sync'
import { ContactCapabilities } from './contact-capabilities'
import { BlockingHandler } from './blocking-handler'
import { ChatStates } from './chat-states'
import { ContactsHandler } from './contacts-handler'
import type { CoreEventListener, CoreService, HostPorts } from './core-service'
import { MemoryHostSettings, type HostSettingsPort } from './host-settings'
import { dispatchCommand, UserFacingError, type CommandHandlers } from './ipc/command-dispatch'
import { Messaging } from './messaging'
import type { RoomNotificationRule } from './notifications/notification-policy'
import { OutboxSender } from './outbox-sender'
import { FileSharing, type FileSession } from './files/file-sharing'
import { Profiles } from './profiles'
import { Rooms } from './rooms/rooms'
import { BookmarkSync } from './rooms/bookmark-sync'
import { chatStanza } from './xmpp/features/chat'
import { groupchatStanza } from './xmpp/features/muc-message'
import type { SecretStore } from './secrets/secret-store'
import { resolveEndpoints } from './xmpp/endpoints'
import { NS } from './xmpp/ns'
import { discoInfoQuery, enableCarbons, parseFeatures } from './xmpp/features/disco'
import { ClientStateIndication } from './xmpp/features/csi'
import { ownPresenceStanza } from './xmpp/features/presence'
import { classifyInbound } from './xmpp/inbound'
import { installResponders } from './xmpp/responders'
import { ConnectionFailure, XmppSession } from './xmpp/session'

export interface CoreOptions {
  dataDir: string
  secrets: SecretStore
  ports: HostPorts
  archiveWorkerPath?: string
  /** Extra trusted CA certificates (PEM). Tests trust their throwaway server this way. */
  trustedCa?: string[]
  /** Developer option: allow plaintext authentication to 127.0.0.1 only. */
  allowPlaintextLoopback?: boolean
  log?: (message: string) => void
}

const ACCOUNT_KEY = 'account'
const PRESENCE_KEY = 'ownPresence'

interface Live {
  account: string
  session: XmppSession
  outbox: OutboxSender
  contacts: ContactsHandler
  messaging: Messaging
  sync: ArchiveSync
  /** What contacts' resources support (XEP-0115), for features that depend on it. */
  capabilities: ContactCapabilities
  blocking: BlockingHandler
  chatStates: ChatStates
  csi: ClientStateIndication
  avatars: AvatarSync
  profiles: Profiles
  rooms: Rooms
  bookmarks: BookmarkSync
  /** What the server advertises for our account (XEP-0030), read at the start of each session. */
  accountFeatures: Set<string>
  /**
   * Set while a new session catches up from the archive: live messages wait for it, so messages
   * the archive brings back (sent while we were away) are stored before newer live ones.
   */
  liveGate: Promise<void> | null
}

export async function createCore(options: CoreOptions): Promise<CoreService> {
  mkdirSync(options.dataDir, { recursive: true })
  const archive = await openArchive(join(options.dataDir, 'archive.sqlite3'), options.archiveWorkerPath ? { worker: options.archiveWorkerPath } : {})
  const core = new AppCore(archive, options)
  await core.init()
  return core
}

class AppCore implements CoreService {
  readonly #listeners = new Set<CoreEventListener>()
  readonly #log: (message: string) => void
  #account: AccountSettings | null = null
  #connection: ConnectionState = { status: 'signed-out' }
  #ownPresence: OwnPresence = { show: 'available', status: '' }
  /** Whether the user can see the window (XEP-0352); the host tells us when that changes. */
  #clientActive = true
  #unread = new Map<string, number>()
  /** The conversation the user has open, whose missed messages a new session fetches first. */
  #viewing: string | null = null
  #live: Live | null = null
  /** Held in memory only for the running session; the keychain has it only when "remember" is on. */
  #password = ''
  readonly #settings: HostSettingsPort
  readonly #files: FileSharing

  constructor(
    private readonly archive: Archive,
    private readonly options: CoreOptions,
  ) {
    this.#log = options.log ?? ((m) => console.error(`[core] ${m}`))
    this.#settings = options.ports.settings ?? new MemoryHostSettings()
    this.#files = new FileSharing({
      archive,
      dataDir: options.dataDir,
      ports: options.ports,
      emit: (event, payload) => this.#emit(event, payload),
      live: () => this.#fileSession(),
      transfer: () => ({ ca: options.trustedCa, allowInsecureLoopback: options.allowPlaintextLoopback ?? false }),
      log: this.#log,
    })
  }

  async init(): Promise<void> {
    this.#account = await this.archive.getSetting<AccountSettings>(ACCOUNT_KEY)
    this.#ownPresence = (await this.archive.getSetting<OwnPresence>(PRESENCE_KEY)) ?? this.#ownPresence
    if (this.#account) await this.#loadUnread(this.#account.jid)
  }

  handle(command: string, rawRequest: unknown) {
    return dispatchCommand(this.#handlers, command, rawRequest, this.#log)
  }

  subscribe(listener: CoreEventListener): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  ownPresence(): OwnPresence {
    return this.#ownPresence
  }

  unreadTotal(): number {
    let total = 0
    for (const n of this.#unread.values()) total += n
    return total
  }

  async setOwnPresence(presence: OwnPresence): Promise<void> {
    await this.#rememberPresence(presence)
    const live = this.#live
    if (presence.show === 'offline') {
      if (live) await this.#disconnect('You are offline.')
      return
    }
    if (live?.session.online) await live.session.send(ownPresenceStanza(presence))
    else if (!live && this.#account && this.#password) await this.#connect(this.#account)
  }

  async #rememberPresence(presence: OwnPresence): Promise<void> {
    this.#ownPresence = presence
    await this.archive.setSetting(PRESENCE_KEY, presence)
    this.#emit('presence:own', presence)
  }

  isBlocked(jid: string): boolean {
    return this.#live?.blocking.isBlocked(jid) ?? false
  }

  roomNotificationRule(jid: string): RoomNotificationRule | null {
    return this.#live?.rooms.notificationRule(jid) ?? null
  }

  viewingConversation(): string | null {
    return this.#viewing
  }

  async avatarFile(jid: string): Promise<string | null> {
    const hash = this.#account ? await this.archive.avatarHash(this.#account.jid, jid) : null
    return hash ? avatarFilesIn(this.options.dataDir).pathOf(hash) : null
  }

  reconnectNow(): void {
    this.#live?.session.reconnectNow()
  }

  async setClientActive(active: boolean): Promise<void> {
    this.#clientActive = active
    await this.#live?.csi.set(active).catch((error: unknown) => this.#log(`client state not sent: ${String(error)}`))
  }

  async resume(): Promise<void> {
    const account = this.#account
    if (!account?.rememberPassword || this.#ownPresence.show === 'offline') return
    const saved = await this.options.secrets.get(account.jid).catch(() => null)
    if (!saved) return
    this.#password = saved
    await this.#connect(account).catch(() => {}) // the state event says what went wrong
  }

  async shutdown(): Promise<void> {
    await this.#live?.session.stop()
    this.#live = null
    await this.archive.close()
  }

  #emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.#listeners) {
      try {
        listener(event, payload)
      } catch (error) {
        this.#log(`event listener failed: ${String(error)}`)
      }
    }
  }

  #setConnection(state: ConnectionState): void {
    this.#connection = state
    this.#emit('connection:state', state)
  }

  async #loadUnread(account: string): Promise<void> {
    this.#unread = new Map((await this.archive.conversations(account)).map((c) => [c.jid, c.unread]))
  }

  readonly #handlers: CommandHandlers = {
    'app:state': async () => ({
      account: this.#account,
      hasSavedPassword: this.#account ? (await this.options.secrets.get(this.#account.jid).catch(() => null)) !== null : false,
      connection: this.#connection,
      ownPresence: this.#ownPresence,
    }),
    'account:sign-in': async (req) => {
      const jid = parseJid(req.jid)
      if (!jid || !jid.local || jid.resource) throw new UserFacingError('Enter an address like name@example.org.', 'invalid-jid')
      const account: AccountSettings = { jid: `${jid.local}@${jid.domain}`, host: req.host, port: req.port, directTls: req.directTls, rememberPassword: req.rememberPassword }
      const password = req.password || (await this.options.secrets.get(account.jid).catch(() => null)) || ''
      if (!password) throw new UserFacingError('Enter your password.', 'no-password')
      await this.#disconnect(null)
      this.#password = password
      // Signing in means being online; only the presence is remembered here, the connection follows.
      if (this.#ownPresence.show === 'offline') await this.#rememberPresence({ show: 'available', status: this.#ownPresence.status })
      try {
        await this.#connect(account)
      } catch (error) {
        this.#password = ''
        if (error instanceof ConnectionFailure) return { ok: false as const, message: error.message, kind: error.classified.kind }
        throw error
      }
      this.#account = account
      await this.archive.setSetting(ACCOUNT_KEY, account)
      if (account.rememberPassword) await this.options.secrets.set(account.jid, password)
      else await this.options.secrets.delete(account.jid)
      return { ok: true as const }
    },
    'account:sign-out': async () => {
      const account = this.#account
      await this.#disconnect(null)
      this.#password = ''
      if (account) await this.options.secrets.delete(account.jid)
      await this.archive.deleteSetting(ACCOUNT_KEY)
      this.#account = null
      this.#unread.clear()
      this.#setConnection({ status: 'signed-out' })
      return null
    },
    'roster:list': async () => this.#live?.contacts.list() ?? [],
    'roster:add': async (req) => (await this.#requireLive().contacts.add(req.jid, req.name, req.groups), null),
    'roster:rename': async (req) => (await this.#requireLive().contacts.rename(req.jid, req.name), null),
    'roster:remove': async (req) => (await this.#requireLive().contacts.remove(req.jid), null),
    'subscription:list': async () => this.#live?.contacts.requests() ?? [],
    'subscription:answer': async (req) => (await this.#requireLive().contacts.answer(req.jid, req.accept), null),
    'presence:set': async (req) => (await this.setOwnPresence(req), null),
    'conversations:list': async () => (this.#account ? this.archive.conversations(this.#account.jid) : []),
    'messages:page': async (req) => (this.#account ? this.archive.page(this.#account.jid, req.conversation, req.beforeId, req.limit) : { messages: [], hasMore: false }),
    'messages:newer': async (req) => (this.#account ? this.archive.newer(this.#account.jid, req.conversation, req.afterId, req.limit) : { messages: [], hasMore: false }),
    'messages:around': async (req) =>
      this.#account ? this.archive.around(this.#account.jid, req.conversation, req.messageId, req.context) : { messages: [], hasOlder: false, hasNewer: false },
    'messages:fetch-older': async (req) => {
      const live = this.#requireLive()
      if (!live.session.online) throw new UserFacingError('Older messages can be loaded once you are connected.', 'offline')
      if (live.rooms.isRoom(req.conversation)) return live.rooms.fetchOlder(req.conversation)
      if (!live.accountFeatures.has(NS.mam)) return { added: 0, complete: true }
      return live.sync.fetchOlder(req.conversation)
    },
    'conversation:gaps': async (req) => (this.#account ? this.archive.gapsIn(this.#account.jid, req.conversation) : []),
    'conversation:viewing': async (req) => ((this.#viewing = req.conversation), null),
    'search:messages': async (req) => {
      if (!this.#account) return { hits: [], nextCursor: null, superseded: false }
      const result = await this.archive.search(this.#account.jid, req)
      return result === 'superseded' ? { hits: [], nextCursor: null, superseded: true } : { ...result, superseded: false }
    },
    'messages:send': async (req) => {
      // Offline (by choice or by network) is fine: the outbox keeps it until the next session.
      const account = this.#account
      if (!account) throw new UserFacingError('Sign in to send messages.', 'signed-out')
      const body = stripXmlForbidden(req.body)
      if (body.trim() === '') throw new UserFacingError('The message is empty.', 'empty')
      const senderNick = this.#live?.rooms.ownNick(req.conversation)
      const draft = { conversation: req.conversation, body, originId: randomUUID(), timestamp: Date.now(), ...(senderNick ? { senderNick } : {}) }
      const result = await this.archive.storeOutgoing(account.jid, draft)
      const stored = result.added[0]
      if (!stored) throw new Error('The archive did not store the message')
      this.#emit('messages:added', result.added)
      this.#emit('conversations:changed', result.conversations)
      void this.#live?.outbox.flush()
      return stored
    },
    'messages:retry': async (req) => {
      if (!this.#account) throw new UserFacingError('Sign in to send messages.', 'signed-out')
      // Only a failed outgoing message can go back to pending (the archive enforces it).
      const changed = await this.archive.setStates(this.#account.jid, [{ id: req.id, state: 'pending' }])
      if (changed.length === 0) throw new UserFacingError('Only a message that failed can be sent again.', 'not-failed')
      this.#emit('messages:state', changed)
      void this.#live?.outbox.flush()
      return null
    },
    'conversation:mark-read': async (req) => {
      if (!this.#account) return null
      const summary = await this.archive.markRead(this.#account.jid, req.conversation)
      if (summary) {
        this.#unread.set(summary.jid, summary.unread)
        this.#emit('conversations:changed', [summary])
      }
      await this.#live?.messaging.markedRead(req.conversation)
      return null
    },
    'client:active': async (req) => (await this.setClientActive(req.active), null),
    'blocking:list': async () => this.#live?.blocking.state() ?? { supported: false, jids: [] },
    'contacts:block': async (req) => (await this.#requireLive().blocking.block(req.jid), null),
    'contacts:unblock': async (req) => (await this.#requireLive().blocking.unblock(req.jid), null),
    'chat-state:send': async (req) => (await this.#live?.chatStates.send(req.conversation, req.state), null),
    'settings:get': async () => this.#settings.get(),
    'settings:set': async (req) => (await this.#settings.set(req), null),
    'profile:get': async (req) => this.#requireLive().profiles.card(req.jid),
    'profile:save': async (req) => (await this.#requireLive().profiles.saveOwn(req), null),
    'avatar:get': async (req) => ({
      dataUrl: this.#account ? await avatarDataUrl(this.archive, avatarFilesIn(this.options.dataDir), this.#account.jid, req.jid) : null,
    }),
    'files:upload-limit': async () => this.#files.uploadLimit(),
    'files:stage': async (req) => this.#files.stage(req),
    'files:stage-chunk': async (req) => (await this.#files.stageChunk(req), null),
    'files:upload': async (req) => this.#files.upload(req.upload),
    'files:cancel': async (req) => (await this.#files.cancel(req.upload), null),
    'files:preview': async (req) => this.#files.preview(req.messageId, req.asked),
    'files:save': async (req) => this.#files.save(req.messageId),
    'files:open': async (req) => (await this.#files.open(req.messageId), null),
    'rooms:list': async () => this.#live?.rooms.list() ?? [],
    'rooms:join': async (req) => this.#requireLive().rooms.join(req.room, req.nick, req.password, req.bookmark),
    'rooms:create': async (req) => this.#requireLive().rooms.join(req.room, req.nick, req.config?.password || null, req.bookmark, req.config ?? 'instant'),
    'rooms:leave': async (req) => (await this.#live?.rooms.leave(req.room, req.forget), null),
    'rooms:occupants': async (req) => this.#live?.rooms.occupants(req.room) ?? [],
    'rooms:set-nick': async (req) => (await this.#requireLive().rooms.setNick(req.room, req.nick), null),
    'rooms:set-subject': async (req) => (await this.#requireLive().rooms.setSubject(req.room, req.subject), null),
    'rooms:set-notify': async (req) => (await this.#requireLive().rooms.setNotify(req.room, req.notify), null),
    'rooms:invite': async (req) => (await this.#requireLive().rooms.invite(req.room, req.jid, req.reason), null),
    'rooms:invitations': async () => this.#live?.rooms.invitations() ?? [],
    'rooms:dismiss-invitation': async (req) => (this.#live?.rooms.dismissInvitation(req.room), null),
    'rooms:browse': async (req) => this.#requireLive().rooms.directory.browse(req.service),
    'rooms:info': async (req) => this.#requireLive().rooms.directory.info(req.room),
    'rooms:moderate': async (req) => (await this.#requireLive().rooms.moderate(req.room, req.messageId, req.reason), null),
    'link:open': async (req) => {
      const url = safeHttpUrl(req.url)
      if (!url) throw new UserFacingError('Only web links (http and https) can be opened.', 'unsafe-link')
      await this.options.ports.openExternal(url)
      return null
    },
  }

  #fileSession(): FileSession | null {
    const live = this.#live
    if (!live) return null
    return {
      account: live.account,
      session: live.session,
      flushOutbox: () => live.outbox.flush(),
      trusted: (bare) => live.contacts.inRoster(bare) && !live.blocking.isBlocked(bare),
      nickIn: (conversation) => live.rooms.ownNick(conversation),
    }
  }

  #requireLive(): Live {
    if (!this.#live?.session.online) throw new UserFacingError('You are offline; try again when connected.', 'offline')
    return this.#live
  }

  async #disconnect(reason: string | null): Promise<void> {
    const live = this.#live
    this.#live = null
    if (!live) return
    await live.session.stop()
    live.rooms.stop()
    live.contacts.reset()
    live.chatStates.reset()
    if (reason !== null) this.#setConnection({ status: 'offline', reason, kind: null })
  }

  async #connect(account: AccountSettings): Promise<void> {
    const jid = parseJid(account.jid)
    if (!jid) throw new Error('Stored account address is invalid')
    const override = { host: account.host, port: account.port, directTls: account.directTls }
    let live: Live | null = null
    const session = new XmppSession(
      {
        local: jid.local,
        domain: jid.domain,
        resource: `desk-${randomUUID().slice(0, 8)}`,
        endpoints: () => resolveEndpoints(jid.domain, override),
        password: () => this.#password,
        ...(this.options.trustedCa ? { ca: this.options.trustedCa } : {}),
        allowPlaintextLoopback: this.options.allowPlaintextLoopback ?? false,
      },
      {
        state: (state) => this.#setConnection(state),
        install: (client) => {
          installResponders(client.iqCallee)
          live?.contacts.install(client)
          live?.blocking.install(client)
        },
        ready: async ({ resumed }) => {
          if (!live) return
          await live.csi.streamReady(resumed).catch((error: unknown) => this.#log(`client state not sent: ${String(error)}`))
          try {
            // A resumed stream (XEP-0198) lost nothing: the server replays what we missed.
            if (!resumed) await this.#sessionStarted(live)
            await live.outbox.flush()
            if (!resumed) void live.contacts.fetchLastSeen()
          } catch (error) {
            // The connection dropped (or the user signed out) during set-up; the next session redoes it.
            if (session.online) this.#log(`session set-up failed: ${error instanceof Error ? error.message : String(error)}`)
          }
        },
        stanza: (stanza) => void this.#inbound(stanza),
        acked: (stanza) => void live?.outbox.acked(stanza),
        failed: (stanza) => live?.outbox.failed(stanza),
      },
    )
    const outbox = new OutboxSender(
      this.archive,
      account.jid,
      { get online() { return session.online }, get acksEnabled() { return session.acksEnabled }, send: (s) => session.send(s) },
      (changes) => this.#emit('messages:state', changes),
      (item) => {
        if (!rooms.isRoom(item.conversation)) return chatStanza(item)
        return rooms.joinedNick(item.conversation) === null ? null : groupchatStanza(item)
      },
    )
    const emit = <E extends EventName>(event: E, payload: EventPayload<E>): void => this.#emit(event, payload)
    const blocking = new BlockingHandler(account.jid, session, emit, () => contacts.dropBlockedRequests(), this.#log)
    const contacts = new ContactsHandler(this.archive, account.jid, session, emit, this.#log, (jid) => blocking.isBlocked(jid))
    // Never to a room or its occupants, whatever the roster says about the room's address.
    const mayTellTyping = (jid: string): boolean => contacts.seesOurPresence(jid) && !blocking.isBlocked(jid) && !rooms.isRoom(bareJid(jid) ?? '')
    const chatStates = new ChatStates(session, mayTellTyping, emit)
    const messaging = new Messaging(
      this.archive,
      account.jid,
      session,
      contacts,
      emit,
      (summaries) => {
        for (const c of summaries) this.#unread.set(c.jid, c.unread)
      },
      (originId) => outbox.forget(originId),
    )
    const sync = new ArchiveSync(
      this.archive,
      account.jid,
      session,
      (result) => messaging.published(result, sync.sessionStartedAt),
      (change) => messaging.applyChange(change),
    )
    const bookmarks = new BookmarkSync(session)
    const rooms = new Rooms({
      archive: this.archive,
      account: account.jid,
      session,
      emit,
      published: (result, newSince) => messaging.published(result, newSince),
      updated: (message) => emit('messages:updated', [message]),
      applyChange: (change) => messaging.applyChange(change),
      viewing: () => this.#viewing,
      openQueries: sync.openQueries,
      bookmarks,
      joined: () => void outbox.flush(),
      log: this.#log,
    })
    const capabilities = new ContactCapabilities(this.archive, session, (bare) => bare === account.jid || contacts.inRoster(bare), this.#log)
    const csi = new ClientStateIndication(session, this.#clientActive)
    const mayFetchAvatar = (bare: string): boolean => bare === account.jid || contacts.inRoster(bare)
    const avatars = new AvatarSync(this.archive, avatarFilesIn(this.options.dataDir), account.jid, session, mayFetchAvatar, (jid) => emit('avatar:changed', { jid }), this.#log)
    const profiles = new Profiles(session, account.jid, avatars)
    live = { account: account.jid, session, outbox, contacts, messaging, sync, capabilities, csi, avatars, profiles, blocking, chatStates, rooms, bookmarks, accountFeatures: new Set(), liveGate: null }
    this.#live = live
    await rooms.load()
    await contacts.loadCached()
    await capabilities.load()
    if (this.#account?.jid !== account.jid) await this.#loadUnread(account.jid)
    try {
      await session.start()
    } catch (error) {
      if (this.#live === live) this.#live = null
      throw error
    }
  }

  /**
   * A new session, in the order that loses nothing (XEP-0280 and XEP-0313 advice): roster, then
   * what the server supports, carbons before presence, presence, then the archive catch-up; the
   * caller flushes the outbox after it, so messages the archive proves sent are not sent twice.
   */
  async #sessionStarted(live: Live): Promise<void> {
    const boundAt = Date.now()
    live.rooms.sessionBegan()
    live.capabilities.sessionStarted()
    await live.contacts.sessionStarted()
    live.chatStates.reset()
    // Before our presence goes out, so whoever is blocked is known when their traffic could arrive.
    await live.blocking.sessionStarted()
    live.accountFeatures = await live.session
      .iq(discoInfoQuery(live.account))
      .then(parseFeatures)
      .catch(() => new Set<string>())
    await live.rooms.bookmarksLoaded(await live.bookmarks.fetch(live.accountFeatures))
    await live.session.iq(enableCarbons()).catch((error: unknown) => this.#log(`carbons not enabled: ${String(error)}`))
    let release = (): void => {}
    if (live.accountFeatures.has(NS.mam)) live.liveGate = new Promise<void>((resolve) => (release = resolve))
    try {
      if (this.#ownPresence.show !== 'offline') await live.session.send(ownPresenceStanza(this.#ownPresence))
      if (live.accountFeatures.has(NS.mam)) await live.sync.catchUp(boundAt, this.#viewing)
      await live.messaging.syncDisplayed(live.session.jid)
    } finally {
      live.liveGate = null
      release()
    }
    // Rooms are joined in the background: a slow room must not hold up the rest of the session.
    live.rooms.sessionStarted().catch((error: unknown) => this.#log(`rooms not joined: ${String(error)}`))
  }

  async #inbound(stanza: Element): Promise<void> {
    const live = this.#live
    if (!live) return
    const inbound = classifyInbound(stanza, {
      account: live.account,
      now: Date.now(),
      openQueries: live.sync.openQueries,
      trustStanzaIds: live.accountFeatures.has(NS.sid),
      rooms: live.rooms.contexts(),
    })
    try {
      switch (inbound.kind) {
        case 'archived':
          live.sync.collect(inbound.queryId, inbound.message, inbound.change)
          live.rooms.collect(inbound.queryId, inbound.message)
          return
        case 'room-message':
          await live.rooms.message(inbound.message)
          return
        case 'room-change':
          await live.rooms.change(inbound.room, inbound.change)
          return
        case 'room-subject':
          await live.rooms.subject(inbound.room, inbound.subject)
          return
        case 'bookmarks':
          live.bookmarks.seen(inbound.changes)
          await live.rooms.bookmarksChanged(inbound.changes)
          return
        case 'room-moderation':
          await live.rooms.moderated(inbound.room, inbound.moderation, Date.now())
          return
        case 'room-presence':
          await live.rooms.presence(inbound.room, inbound.presence, inbound.event)
          return
        case 'room-invite':
          if (!live.blocking.isBlocked(inbound.invite.inviter)) live.rooms.invited(inbound.invite, Date.now())
          return
        case 'presence':
          live.capabilities.presence(inbound.event)
          if (inbound.event.kind === 'available' && inbound.event.photo !== undefined)
            void live.avatars.photoHash(inbound.event.jid, inbound.event.photo).catch((error: unknown) => this.#log(`avatar not updated: ${String(error)}`))
          live.chatStates.presence(inbound.event)
          await live.contacts.presence(inbound.event)
          return
        case 'chat-state':
          live.chatStates.received(inbound.peer, inbound.resource, inbound.state)
          return
        case 'avatar':
          void live.avatars.advertised(inbound.jid, inbound.advert).catch((error: unknown) => this.#log(`avatar not updated: ${String(error)}`))
          return
        case 'rejected':
          this.#log(`dropped a ${stanza.name} (${inbound.reason})`)
          return
        case 'ignored':
          return
        case 'message-error':
          if (live.rooms.bounced(inbound.peer, inbound.id, inbound.text)) return
          await live.messaging.handle(inbound)
          return
        default:
          // Held in arrival order until the archive catch-up has stored what came before them.
          if (inbound.kind === 'chat' && inbound.message.direction === 'in') live.chatStates.messageFrom(inbound.message.conversation)
          if (live.liveGate && (inbound.kind === 'chat' || inbound.kind === 'change')) await live.liveGate
          await live.messaging.handle(inbound)
      }
    } catch (error) {
      // One bad stanza must never take the session down; under test it must not hide either.
      this.#log(`inbound ${stanza.name} failed: ${error instanceof Error ? error.stack : String(error)}`)
      if (process.env.NODE_ENV === 'test') throw error
    }
  }
}
