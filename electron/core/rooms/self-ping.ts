// XEP-0410 MUC self-ping: a room can forget us without a word (its server restarted, a
// server-to-server link broke), and we would sit in a room that no longer delivers. So a room
// that has been quiet for a while is asked whether we are still in it, by pinging our own
// occupant JID; when the answer says we are not, we join again. Layer: electron/core (Node).
import type { Element } from '@xmpp/xml'
import { classifySelfPingFailure, classifySelfPingReply, selfPingQuery, type SelfPingVerdict } from '../xmpp/features/muc-ping'

/** Rooms quiet for this long are pinged (XEP-0410 suggests minutes, not seconds). */
export const QUIET_MS = 15 * 60_000
/** How often quiet rooms are looked for. */
const CHECK_EVERY_MS = 60_000
const PING_TIMEOUT_MS = 30_000

export interface SelfPingRooms {
  /** Rooms we are in: their JID and our nick there. */
  joined(): { room: string; nick: string }[]
  /** The room forgot us: join it again. */
  rejoin(room: string): void
}

export class RoomSelfPing {
  readonly #lastHeard = new Map<string, number>()
  #timer: ReturnType<typeof setInterval> | null = null
  readonly #inFlight = new Set<string>()

  constructor(
    private readonly rooms: SelfPingRooms,
    private readonly iq: (stanza: Element, timeoutMs: number) => Promise<Element>,
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    this.stop()
    // A failed round (the session ending under it) is retried at the next tick.
    this.#timer = setInterval(() => void this.check().catch(() => {}), CHECK_EVERY_MS)
    this.#timer.unref?.()
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer)
    this.#timer = null
  }

  /** Anything from the room (a message, a presence, a subject) shows we are still in it. */
  heard(room: string): void {
    this.#lastHeard.set(room, this.now())
  }

  /** Pings every room quiet for QUIET_MS; resolves when all answered. */
  async check(): Promise<void> {
    const due = this.rooms.joined().filter(({ room }) => !this.#inFlight.has(room) && this.now() - (this.#lastHeard.get(room) ?? 0) >= QUIET_MS)
    await Promise.all(due.map(({ room, nick }) => this.#ping(room, nick)))
  }

  async #ping(room: string, nick: string): Promise<void> {
    this.#inFlight.add(room)
    try {
      const verdict: SelfPingVerdict = await this.iq(selfPingQuery(room, nick), PING_TIMEOUT_MS).then(classifySelfPingReply, classifySelfPingFailure)
      if (verdict === 'joined') this.heard(room)
      if (verdict === 'not-joined') this.rooms.rejoin(room)
    } finally {
      this.#inFlight.delete(room)
    }
  }
}
