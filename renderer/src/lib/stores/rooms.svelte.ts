// Group chats (XEP-0045): the rooms we are in, joining or have bookmarked (`rooms:list`,
// `rooms:changed`), the occupants of rooms opened in this window (`rooms:occupants`, fetched when a
// room is opened, then kept up to date by the event of the same name) and pending invitations.
// Every command the room UI needs goes through here. Maps live in $state.raw, replaced per change.
// Layer: renderer (Svelte state).
import type { CommandRequest, CommandResponse } from '../../../../shared/ipc/contract'
import type { Occupant, Room, RoomInvitation, RoomNotify } from '../../../../shared/types/room'
import type { RendererApi } from '../api'
import { applyOccupantsChange, applyRoomsChange, privateChatName, privateChatOf } from '../logic/rooms-view'
import { SnapshotSync } from '../logic/snapshot-sync'

type Rooms = ReadonlyMap<string, Room>
type RoomsChange = { upserted: Room[]; removed: string[] }

export class RoomsStore {
  readonly #api: RendererApi
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- an immutable snapshot in $state.raw, replaced on every change
  #rooms = $state.raw<Rooms>(new Map())
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- an immutable snapshot in $state.raw, replaced on every change
  #occupants = $state.raw<ReadonlyMap<string, ReadonlyMap<string, Occupant>>>(new Map())
  #invitations = $state.raw<RoomInvitation[]>([])
  readonly #sync = new SnapshotSync<Rooms, RoomsChange>(applyRoomsChange)
  readonly #unsubscribe: (() => void)[]

  constructor(api: RendererApi) {
    this.#api = api
    this.#unsubscribe = [
      api.on('rooms:changed', (change) => {
        this.#rooms = this.#sync.apply(this.#rooms, change)
      }),
      api.on('rooms:occupants', ({ room, upserted, removed }) => {
        const current = this.#occupants.get(room)
        // Only rooms opened here are tracked; the others are fetched whole when opened.
        if (current) this.#setOccupants(room, applyOccupantsChange(current, { upserted, removed }))
      }),
      api.on('rooms:invitations', (invitations) => {
        this.#invitations = invitations
      }),
    ]
  }

  get list(): Room[] {
    return [...this.#rooms.values()]
  }
  get invitations(): RoomInvitation[] {
    return this.#invitations
  }

  get(jid: string | null): Room | undefined {
    return jid === null ? undefined : this.#rooms.get(jid)
  }

  isRoom = (jid: string): boolean => this.#rooms.has(jid)

  /** How a private conversation with an occupant of one of our rooms is named; null for any other. */
  privateChatName(jid: string): string | null {
    const pm = privateChatOf(jid, this.isRoom)
    const room = pm ? this.#rooms.get(pm.room) : undefined
    return pm && room ? privateChatName(pm.nick, room) : null
  }

  /** The occupants of a room opened here (empty until `loadOccupants`). */
  occupants(room: string): Occupant[] {
    return [...(this.#occupants.get(room)?.values() ?? [])]
  }

  nicks(room: string): string[] {
    return [...(this.#occupants.get(room)?.keys() ?? [])]
  }

  async load(): Promise<void> {
    const token = this.#sync.begin()
    try {
      const [list, invitations] = await Promise.all([this.#api.invoke('rooms:list', null), this.#api.invoke('rooms:invitations', null)])
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- an immutable snapshot in $state.raw, replaced on every change
      const merged = this.#sync.finish(token, new Map(list.map((r) => [r.jid, r])))
      if (merged) this.#rooms = merged
      this.#invitations = invitations
    } catch (error) {
      this.#sync.cancel()
      throw error
    }
  }

  async loadOccupants(room: string): Promise<void> {
    const list = await this.#api.invoke('rooms:occupants', { room })
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- an immutable snapshot in $state.raw, replaced on every change
    this.#setOccupants(room, new Map(list.map((o) => [o.nick, o])))
  }

  #setOccupants(room: string, occupants: ReadonlyMap<string, Occupant>): void {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- an immutable snapshot in $state.raw, replaced on every change
    this.#occupants = new Map(this.#occupants).set(room, occupants)
  }

  join(request: CommandRequest<'rooms:join'>): Promise<CommandResponse<'rooms:join'>> {
    return this.#api.invoke('rooms:join', request)
  }

  create(request: CommandRequest<'rooms:create'>): Promise<CommandResponse<'rooms:create'>> {
    return this.#api.invoke('rooms:create', request)
  }

  async leave(room: string, forget: boolean): Promise<void> {
    await this.#api.invoke('rooms:leave', { room, forget })
  }

  async setNick(room: string, nick: string): Promise<void> {
    await this.#api.invoke('rooms:set-nick', { room, nick })
  }

  async setSubject(room: string, subject: string): Promise<void> {
    await this.#api.invoke('rooms:set-subject', { room, subject })
  }

  async setNotify(room: string, notify: RoomNotify): Promise<void> {
    await this.#api.invoke('rooms:set-notify', { room, notify })
  }

  async invite(room: string, jid: string, reason: string): Promise<void> {
    await this.#api.invoke('rooms:invite', { room, jid, reason })
  }

  async dismissInvitation(room: string): Promise<void> {
    await this.#api.invoke('rooms:dismiss-invitation', { room })
  }

  browse(service: string | null): Promise<CommandResponse<'rooms:browse'>> {
    return this.#api.invoke('rooms:browse', { service })
  }

  info(room: string): Promise<CommandResponse<'rooms:info'>> {
    return this.#api.invoke('rooms:info', { room })
  }

  async moderate(room: string, messageId: number, reason: string): Promise<void> {
    await this.#api.invoke('rooms:moderate', { room, messageId, reason })
  }

  clear(): void {
    this.#sync.cancel()
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- an immutable snapshot in $state.raw, replaced on every change
    this.#rooms = new Map()
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- an immutable snapshot in $state.raw, replaced on every change
    this.#occupants = new Map()
    this.#invitations = []
  }

  dispose(): void {
    for (const off of this.#unsubscribe) off()
  }
}
