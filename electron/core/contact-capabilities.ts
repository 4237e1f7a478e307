// What each online resource of our contacts can do (XEP-0115 on XEP-0030), for features that
// should only send what the other side understands. Presence that the inbound pipeline accepted
// tells us a resource's caps; a `ver` we do not know yet is asked once, of the full JID that
// advertised it (session.iq only takes the reply from that JID), and cached for everyone only
// after we recomputed the hash over the answer ourselves. Layer: electron/core (Node).
import type { Element } from '@xmpp/xml'
import { bareJid } from '../../shared/types/jid'
import type { VerifiedCaps } from './archive/archive'
import { capsHash, capsQuery, isSupportedHash, parseDiscoInfo, type CapsAdvert } from './xmpp/features/caps'
import { OWN_CAPS_VER, OWN_DISCO_INFO } from './xmpp/features/own-features'
import type { PresenceEvent } from './xmpp/features/presence'
import { NS } from './xmpp/ns'

export interface CapsStore {
  capsEntries(): Promise<VerifiedCaps[]>
  storeCaps(entry: VerifiedCaps): Promise<void>
}

export interface DiscoLink {
  readonly online: boolean
  iq(stanza: Element, timeoutMs?: number): Promise<Element>
}

/** Bounds per session: a contact cannot make us ask without end by changing its ver. */
export const CAPS_ASKING = {
  /** Queries at once. */
  parallel: 3,
  /** Queries per contact (bare JID). */
  perContact: 8,
  /** Different contacts asked about one ver: after a wrong answer XEP-0115 §5.4 says to try another advertiser, within reason. */
  perVer: 3,
  timeoutMs: 10_000,
} as const

const keyOf = (advert: CapsAdvert): string => `${advert.hash} ${advert.ver}`
/** What one query settles: a checkable ver for everyone, an uncheckable one for that resource only. */
const askKey = (fullJid: string, advert: CapsAdvert): string => (isSupportedHash(advert.hash) ? keyOf(advert) : `${fullJid} ${keyOf(advert)}`)

export class ContactCapabilities {
  /** Verified features by `hash ver`; our own ver (another device of ours, say) needs no asking. */
  readonly #verified = new Map<string, ReadonlySet<string>>([[`sha-1 ${OWN_CAPS_VER}`, new Set(OWN_DISCO_INFO.features)]])
  /** What each online full JID advertises. */
  readonly #resources = new Map<string, CapsAdvert>()
  /** Answers for hashes we cannot check: believed for that full JID only (XEP-0115 §5.4 step 2). */
  readonly #unchecked = new Map<string, ReadonlySet<string>>()
  /** This session's asks: contacts asked per ver, queries per contact, queries waiting or running. */
  readonly #askedFor = new Map<string, Set<string>>()
  readonly #asksBy = new Map<string, number>()
  readonly #asking = new Set<string>()
  readonly #queue: { fullJid: string; advert: CapsAdvert }[] = []
  #running = 0
  #generation = 0

  constructor(
    private readonly store: CapsStore,
    private readonly link: DiscoLink,
    /** Whether we may query this contact at all (roster contacts and our own account). */
    private readonly mayAsk: (bare: string) => boolean,
    private readonly log: (message: string) => void,
  ) {}

  /** Reads the persistent cache (at sign-in, before the session starts). */
  async load(): Promise<void> {
    for (const entry of await this.store.capsEntries()) this.#verified.set(`${entry.hash} ${entry.ver}`, new Set(entry.features))
  }

  /** A new (not resumed) session: everyone is offline again and the ask budgets start over. */
  sessionStarted(): void {
    this.#generation += 1
    this.#resources.clear()
    this.#unchecked.clear()
    this.#askedFor.clear()
    this.#asksBy.clear()
    this.#asking.clear()
    this.#queue.length = 0
  }

  /**
   * Whether this resource advertised `feature`; null when we do not know (no caps, or not verified
   * yet). Callers treat null as "not supported" (XEP-0115, Implementation Notes, Directed Presence).
   */
  supports(fullJid: string, feature: string): boolean | null {
    const advert = this.#resources.get(fullJid)
    if (!advert) return null
    const features = isSupportedHash(advert.hash) ? this.#verified.get(keyOf(advert)) : this.#unchecked.get(fullJid)
    return features ? features.has(feature) : null
  }

  /** Follows a presence event the inbound pipeline produced. */
  presence(event: PresenceEvent): void {
    if (event.kind === 'unavailable') {
      // From the bare JID it means every resource is gone.
      const gone = (fullJid: string): boolean => (event.resource === '' ? bareJid(fullJid) === event.jid : fullJid === `${event.jid}/${event.resource}`)
      for (const fullJid of [...this.#resources.keys()]) if (gone(fullJid)) this.#forget(fullJid)
      return
    }
    if (event.kind !== 'available') return
    const fullJid = event.resource.resource ? `${event.jid}/${event.resource.resource}` : event.jid
    const before = this.#resources.get(fullJid)
    if (!event.caps) {
      this.#forget(fullJid)
      return
    }
    if (before && keyOf(before) !== keyOf(event.caps)) this.#unchecked.delete(fullJid)
    this.#resources.set(fullJid, event.caps)
    this.#consider(fullJid, event.caps)
  }

  #forget(fullJid: string): void {
    this.#resources.delete(fullJid)
    this.#unchecked.delete(fullJid)
  }

  /** Queues a disco#info query for this resource's ver if nothing we know or do already covers it. */
  #consider(fullJid: string, advert: CapsAdvert): void {
    const bare = bareJid(fullJid)
    const key = askKey(fullJid, advert)
    if (!bare || this.#verified.has(key) || this.#unchecked.has(fullJid) || this.#asking.has(key) || !this.mayAsk(bare)) return
    const asked = this.#askedFor.get(key) ?? new Set<string>()
    if (asked.has(bare) || asked.size >= CAPS_ASKING.perVer) return
    const asks = this.#asksBy.get(bare) ?? 0
    if (asks >= CAPS_ASKING.perContact) return
    this.#askedFor.set(key, asked.add(bare))
    this.#asksBy.set(bare, asks + 1)
    this.#asking.add(key)
    this.#queue.push({ fullJid, advert })
    this.#next()
  }

  #next(): void {
    while (this.#running < CAPS_ASKING.parallel && this.#queue.length > 0) {
      const job = this.#queue.shift()
      if (!job) return
      this.#running += 1
      const generation = this.#generation
      void this.#ask(job.fullJid, job.advert, generation).finally(() => {
        this.#running -= 1
        if (generation !== this.#generation) return
        this.#asking.delete(askKey(job.fullJid, job.advert))
        this.#retryElsewhere(job.advert)
        this.#next()
      })
    }
  }

  async #ask(fullJid: string, advert: CapsAdvert, generation: number): Promise<void> {
    if (!this.link.online) return
    let reply: Element
    try {
      reply = await this.link.iq(capsQuery(fullJid, advert), CAPS_ASKING.timeoutMs)
    } catch {
      return // no answer, an error, or an answer from someone else (refused by session.iq)
    }
    if (generation !== this.#generation) return
    const query = reply.getChild('query', NS.discoInfo)
    const verdict = query ? parseDiscoInfo(query) : { ok: false as const, reason: 'no-query' }
    if (!verdict.ok) {
      this.log(`caps: ignored the disco#info of ${fullJid} (${verdict.reason})`)
      return
    }
    const features = new Set(verdict.info.features)
    if (!isSupportedHash(advert.hash)) {
      // Only if the resource still advertises what we asked about.
      const now = this.#resources.get(fullJid)
      if (now && keyOf(now) === keyOf(advert)) this.#unchecked.set(fullJid, features)
      return
    }
    if (capsHash(verdict.info, advert.hash) !== advert.ver) {
      this.log(`caps: ${fullJid} answered for ver ${advert.ver} with features that hash differently; not cached`)
      return
    }
    this.#verified.set(keyOf(advert), features)
    await this.store.storeCaps({ hash: advert.hash, ver: advert.ver, features: [...features] }).catch((error: unknown) => this.log(`caps: not stored: ${String(error)}`))
  }

  /** After a failed ask, another contact advertising the same ver may answer truthfully. */
  #retryElsewhere(advert: CapsAdvert): void {
    if (!isSupportedHash(advert.hash) || this.#verified.has(keyOf(advert))) return
    for (const [fullJid, other] of this.#resources) {
      if (keyOf(other) !== keyOf(advert)) continue
      this.#consider(fullJid, other)
      if (this.#asking.has(keyOf(advert))) return
    }
  }
}
