// Display names of contacts for the shell (tray menu, notifications): the roster name, or the JID
// for a contact without one. Seeded from `roster:list`, kept current from `roster:changed`.
// Layer: electron/main.
import { commands, type EventPayload } from '../../shared/ipc/contract'
import type { CoreService } from '../core/core-service'

export class ContactNames {
  readonly #names = new Map<string, string>()

  /** Seeds the names from the roster; returns the roster's JIDs, for others that follow it too. */
  async load(core: Pick<CoreService, 'handle'>): Promise<string[]> {
    const envelope = await core.handle('roster:list', null)
    if (!envelope.ok) return []
    const roster = commands['roster:list'].response.safeParse(envelope.value)
    if (!roster.success) return []
    for (const contact of roster.data) this.#remember(contact.jid, contact.name)
    return roster.data.map((contact) => contact.jid)
  }

  apply(change: EventPayload<'roster:changed'>): void {
    for (const contact of change.upserted) this.#remember(contact.jid, contact.name)
    for (const jid of change.removed) this.#names.delete(jid)
  }

  nameOf(jid: string): string {
    return this.#names.get(jid) ?? jid
  }

  #remember(jid: string, name: string): void {
    if (name.trim() === '') this.#names.delete(jid)
    else this.#names.set(jid, name)
  }
}
