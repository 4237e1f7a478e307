// The blocking side of a session (XEP-0191): at each new session, whether the server offers
// blocking and, if so, the blocklist (fetching it also subscribes this session to changes made by
// our other sessions); block and unblock; pushes accepted only from our own account. Every change
// is emitted as the whole list. Layer: electron/core (Node).
import type { EventName, EventPayload } from '../../shared/ipc/contract'
import type { BlockingState } from '../../shared/types/domain'
import { formatJid, parseJid } from '../../shared/types/jid'
import { UserFacingError } from './ipc/command-dispatch'
import type { XmppClient } from './xmpp/client-factory'
import { blocklistQuery, blockRequest, isBlockedBy, MAX_BLOCKED, parseBlocklist, parseBlocklistPush, unblockRequest } from './xmpp/features/blocking'
import { discoInfoQuery, parseFeatures } from './xmpp/features/disco'
import { blocklistPushAllowed } from './xmpp/inbound'
import { NS } from './xmpp/ns'
import type { XmppSession } from './xmpp/session'

type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void

/** The form the server keeps (and pushes) a JID in. */
function normalised(jid: string): string {
  const parsed = parseJid(jid)
  if (!parsed) throw new UserFacingError('That is not an address.', 'invalid-jid')
  return formatJid(parsed)
}

export class BlockingHandler {
  #supported = false
  #blocked = new Set<string>()

  constructor(
    private readonly account: string,
    private readonly session: Pick<XmppSession, 'iq'>,
    private readonly emit: Emit,
    /** Told after every change, before the event goes out (e.g. to drop requests from the blocked). */
    private readonly changed: () => void,
    private readonly log: (message: string) => void,
  ) {}

  state(): BlockingState {
    return { supported: this.#supported, jids: [...this.#blocked].sort() }
  }

  isBlocked(jid: string): boolean {
    return isBlockedBy(this.#blocked, jid)
  }

  /** Pushes arrive as IQ sets; only our own account may send them. */
  install(client: Pick<XmppClient, 'iqCallee'>): void {
    for (const name of ['block', 'unblock']) {
      client.iqCallee.set(NS.blocking, name, async (ctx) => {
        if (!blocklistPushAllowed(ctx.stanza, this.account)) {
          this.log('dropped a blocklist push (not from our account)')
          return undefined // xmpp.js answers service-unavailable
        }
        const push = parseBlocklistPush(ctx.stanza)
        if (!push) return undefined
        const jids = push.kind === 'unblock-all' ? [...this.#blocked] : push.jids
        if (jids.map((jid) => this.#apply(push.kind === 'block' ? 'block' : 'unblock', jid)).includes(true)) this.#announce()
        return true
      })
    }
  }

  /**
   * A new session. Blocking is a server feature (disco#info of our domain, not of the account);
   * without it the list is empty and nothing can be blocked.
   */
  async sessionStarted(): Promise<void> {
    const domain = this.account.slice(this.account.indexOf('@') + 1)
    const features = await this.session
      .iq(discoInfoQuery(domain))
      .then(parseFeatures)
      .catch(() => new Set<string>())
    const list = features.has(NS.blocking)
      ? await this.session
          .iq(blocklistQuery())
          .then(parseBlocklist)
          .catch((error: unknown) => (this.log(`blocklist not fetched: ${String(error)}`), null))
      : null
    // Without the list this session gets no pushes either, so it cannot keep one current.
    this.#supported = list !== null
    this.#blocked = new Set(list ?? [])
    this.#announce()
  }

  async block(jid: string): Promise<void> {
    if (!this.#supported) throw new UserFacingError('Your server does not offer blocking.', 'unsupported')
    const target = normalised(jid)
    if (target === this.account) throw new UserFacingError('You cannot block your own account.', 'own-account')
    await this.session.iq(blockRequest(target))
    // The server pushes the change to every session that fetched the list, this one included;
    // applying the result too keeps the list right should that push not come.
    if (this.#apply('block', target)) this.#announce()
  }

  async unblock(jid: string): Promise<void> {
    if (!this.#supported) throw new UserFacingError('Your server does not offer blocking.', 'unsupported')
    const target = normalised(jid)
    await this.session.iq(unblockRequest(target))
    if (this.#apply('unblock', target)) this.#announce()
  }

  /** True when the list changed. */
  #apply(kind: 'block' | 'unblock', jid: string): boolean {
    if (kind === 'unblock') return this.#blocked.delete(jid)
    if (this.#blocked.has(jid) || this.#blocked.size >= MAX_BLOCKED) return false
    this.#blocked.add(jid)
    return true
  }

  #announce(): void {
    this.changed()
    this.emit('blocking:changed', this.state())
  }
}
