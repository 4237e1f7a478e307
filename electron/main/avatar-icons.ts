// Contacts' avatar files for notification icons, kept ready so showing a notification never waits
// on the disk: looked up for every roster contact at start and again when the roster or a picture
// changes. Only verified pictures from the core's cache are files here. Layer: electron/main.
import { commands } from '../../shared/ipc/contract'
import type { CoreService } from '../core/core-service'

export class AvatarIcons {
  readonly #paths = new Map<string, string>()

  constructor(private readonly core: Pick<CoreService, 'avatarFile' | 'handle'>) {}

  async load(): Promise<void> {
    const envelope = await this.core.handle('roster:list', null)
    if (!envelope.ok) return
    const roster = commands['roster:list'].response.safeParse(envelope.value)
    if (roster.success) await Promise.all(roster.data.map((contact) => this.refresh(contact.jid)))
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
