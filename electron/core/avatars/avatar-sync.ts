// Contacts' avatars during a session: XEP-0084 metadata notifications and XEP-0153 photo hashes
// in presence name a picture by its SHA-1; we fetch it (PEP data item, or the vCard PHOTO) from
// the bare JID that advertised it, keep it only when the bytes hash to what was advertised
// (AvatarFiles.store checks), and remember which contact uses which picture. Also publishes our
// own. Only roster contacts and our own account are fetched from, within a per-contact budget.
// Layer: electron/core (Node).
import type { Element } from '@xmpp/xml'
import type { Archive } from '../archive/archive'
import { avatarDataGet, avatarDataPublish, avatarMetadataPublish, parseAvatarData, sha1Hex, type AvatarAdvert } from '../xmpp/features/avatar'
import { parseVCard, vcardGet, type Photo } from '../xmpp/features/vcard'
import { dataUrl, type AvatarFiles } from './avatar-files'

export interface AvatarLink {
  readonly online: boolean
  iq(stanza: Element, timeoutMs?: number): Promise<Element>
}

type AvatarArchive = Pick<Archive, 'avatarHash' | 'setAvatarHash'>

/** Fetches per contact and session: a contact cannot keep us downloading by changing its hash. */
export const AVATAR_FETCHES_PER_CONTACT = 8

/** The picture a contact uses, as a data: URL; null when none is known or its file is gone. */
export async function avatarDataUrl(archive: AvatarArchive, files: AvatarFiles, account: string, jid: string): Promise<string | null> {
  const hash = await archive.avatarHash(account, jid)
  const cached = hash ? await files.read(hash) : null
  return cached ? dataUrl(cached) : null
}

export class AvatarSync {
  readonly #fetches = new Map<string, number>()
  readonly #inFlight = new Set<string>()

  constructor(
    private readonly archive: AvatarArchive,
    private readonly files: AvatarFiles,
    private readonly account: string,
    private readonly link: AvatarLink,
    /** Whose avatars we fetch at all (roster contacts and our own account). */
    private readonly mayFetch: (bare: string) => boolean,
    private readonly changed: (jid: string) => void,
    private readonly log: (message: string) => void,
  ) {}

  /** A XEP-0084 metadata notification the inbound pipeline attributed to `jid` (a bare JID). */
  async advertised(jid: string, advert: AvatarAdvert): Promise<void> {
    if (advert.kind === 'none') return this.#use(jid, null)
    await this.#obtain(jid, advert.hash, async () => parseAvatarData(await this.link.iq(avatarDataGet(jid, advert.hash)), advert.hash))
  }

  /** A XEP-0153 photo hash from `jid`'s presence: '' means no avatar. */
  async photoHash(jid: string, hash: string): Promise<void> {
    if (hash === '') return this.#use(jid, null)
    await this.#obtain(jid, hash, async () => parseVCard(await this.link.iq(vcardGet(jid)))?.photo?.bytes ?? null)
  }

  /** Publishes our avatar (XEP-0084: data, then metadata) or that we have none, and uses it ourselves. */
  async publishOwn(photo: Photo | null): Promise<void> {
    const hash = photo ? sha1Hex(photo.bytes) : null
    if (photo && hash) {
      await this.link.iq(avatarDataPublish(photo, hash))
      await this.link.iq(avatarMetadataPublish({ photo, hash }))
      await this.files.store(hash, photo.bytes)
    } else {
      await this.link.iq(avatarMetadataPublish(null))
    }
    await this.#use(this.account, hash)
  }

  async #obtain(jid: string, hash: string, fetch: () => Promise<Buffer | null>): Promise<void> {
    const key = `${jid} ${hash}`
    if (!this.mayFetch(jid) || this.#inFlight.has(key)) return
    if ((await this.archive.avatarHash(this.account, jid)) === hash && (await this.files.read(hash))) return
    this.#inFlight.add(key)
    try {
      if (!(await this.files.read(hash))) {
        const fetches = this.#fetches.get(jid) ?? 0
        if (fetches >= AVATAR_FETCHES_PER_CONTACT || !this.link.online) return
        this.#fetches.set(jid, fetches + 1)
        const bytes = await fetch().catch(() => null)
        if (!bytes || !(await this.files.store(hash, bytes))) {
          this.log(`avatar of ${jid} not used: no picture whose SHA-1 is ${hash}`)
          return
        }
      }
      await this.#use(jid, hash)
    } finally {
      this.#inFlight.delete(key)
    }
  }

  async #use(jid: string, hash: string | null): Promise<void> {
    if ((await this.archive.avatarHash(this.account, jid)) === hash) return
    await this.archive.setAvatarHash(this.account, jid, hash)
    this.changed(jid)
  }
}
