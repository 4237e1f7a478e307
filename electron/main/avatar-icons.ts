// Contacts' avatar files for notification icons, kept ready so showing a notification never waits
// on the disk: looked up for every roster contact at start and again when the roster or a picture
// changes. Only verified pictures from the core's cache are files here. Layer: electron/main.
import type { CoreService } from '../core/core-service'

export class AvatarIcons {
  readonly #paths = new Map<string, string>()

  constructor(private readonly core: Pick<CoreService, 'avatarFile'>) {}

  /** Looks up the pictures of these contacts (the roster, at start). */
  async load(jids: readonly string[]): Promise<void> {
    await Promise.all(jids.map((jid) => this.refresh(jid)))
  }

  /** Looks the contact's picture up again (a new contact, a changed avatar). */
  async refresh(jid: string): Promise<void> {
    const path = await this.core.avatarFile(jid).catch(() => null)
    if (path) this.#paths.set(jid, path)
    else this.#paths.delete(jid)
  }

  pathOf(jid: string): string | undefined {
    return this.#paths.get(jid)
  }
}
