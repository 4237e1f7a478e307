// Runs a real application core (real archive worker, real session) for a test: a temp data dir,
// an in-memory secret store unless one is given, and a recorder of every event it emits with a
// `waitFor` that fails with the recent events when the expected one never comes.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { EventName, EventPayload } from '../../shared/ipc/contract'
import type { ChatMessage, ConnectionState, Contact } from '../../shared/types/domain'
import { createCore } from '../../electron/core/app-core'
import type { CoreService, HostPorts } from '../../electron/core/core-service'
import { MemorySecretStore, type SecretStore } from '../../electron/core/secrets/secret-store'
import type { ProsodyServer } from './prosody'

/** The `account:sign-in` request for `user` on the test server (its c2s port unless `port`, e.g. a proxy's). */
export function signInRequest(server: ProsodyServer, user: string, password: string, port = server.c2sPort) {
  return { jid: `${user}@${server.domain}`, password, rememberPassword: false, host: server.host, port, directTls: false }
}

export interface RecordedEvent {
  event: EventName
  payload: unknown
}

export class CoreHarness {
  readonly events: RecordedEvent[] = []
  private constructor(
    readonly core: CoreService,
    readonly dataDir: string,
    readonly secrets: SecretStore,
    /** URLs the core asked the host to open in the system browser. */
    readonly opened: string[],
  ) {
    core.subscribe((event, payload) => {
      this.events.push({ event, payload })
    })
  }

  /** `ports`: host ports besides openExternal (which always records into `opened`), e.g. fakes of saveFile. */
  static async start(options: { dataDir?: string; secrets?: SecretStore; trustedCa?: string[]; ports?: Omit<HostPorts, 'openExternal'> } = {}): Promise<CoreHarness> {
    const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'xmpp-desk-core-'))
    const secrets = options.secrets ?? new MemorySecretStore()
    const opened: string[] = []
    const core = await createCore({
      dataDir,
      secrets,
      ports: { ...options.ports, openExternal: async (url) => void opened.push(url) },
      ...(options.trustedCa ? { trustedCa: options.trustedCa } : {}),
      log: process.env.DEBUG_CORE ? (m) => console.error(`[core ${dataDir.slice(-6)}] ${m}`) : () => {},
    })
    return new CoreHarness(core, dataDir, secrets, opened)
  }

  /** A core signed in as `user` on the test server (`dataDir`: continue an earlier core's archive). */
  static async signedIn(server: ProsodyServer, user: string, password: string, dataDir?: string): Promise<CoreHarness> {
    const core = await CoreHarness.start({ trustedCa: [server.caCert], ...(dataDir ? { dataDir } : {}) })
    const result = await core.invoke('account:sign-in', signInRequest(server, user, password))
    if (!result.ok) throw new Error(`${user} could not sign in: ${result.message}`)
    return core
  }

  /** Invokes a command and returns its value, throwing with the core's message on failure. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read fields of any command's value
  async invoke(command: string, request: unknown = null): Promise<any> {
    const envelope = await this.core.handle(command, request)
    if (!envelope.ok) throw new Error(`${command}: ${envelope.error.message}`)
    return envelope.value
  }

  /** Resolves with the first event (already recorded or future) whose payload matches. */
  waitFor<E extends EventName>(event: E, match: (payload: EventPayload<E>) => boolean = () => true, timeoutMs = 20_000): Promise<EventPayload<E>> {
    const found = this.events.find((e) => e.event === event && match(e.payload as EventPayload<E>))
    if (found) return Promise.resolve(found.payload as EventPayload<E>)
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off()
        const recent = this.events.slice(-8).map((e) => `${e.event} ${JSON.stringify(e.payload).slice(0, 200)}`)
        reject(new Error(`timed out waiting for ${event}; recent events:\n${recent.join('\n')}`))
      }, timeoutMs)
      const off = this.core.subscribe((name: EventName, payload: unknown) => {
        if (name === event && match(payload as EventPayload<E>)) {
          clearTimeout(timer)
          off()
          resolve(payload as EventPayload<E>)
        }
      })
    })
  }

  /**
   * Waits until the connection is online now (its latest state). The core announces each
   * reconnect attempt with the time it will run (`retryAt`), growing with backoff; the deadline is
   * `slackMs` after the latest announced attempt, and at least `slackMs` from now: "online within
   * `slackMs` of the moment it said it would retry", however long the backoff grew.
   */
  async waitForOnline(slackMs = 20_000): Promise<void> {
    const states = (): ConnectionState[] => this.events.filter((e) => e.event === 'connection:state').map((e) => e.payload as ConnectionState)
    const started = Date.now()
    for (;;) {
      const all = states()
      if (all.at(-1)?.status === 'online') return
      const retryAt = Math.max(0, ...all.map((s) => (s.status === 'reconnecting' ? s.retryAt : 0)))
      if (Date.now() > Math.max(started, retryAt) + slackMs)
        throw new Error(`not online ${slackMs} ms after the last announced retry; latest states:\n  ${all.slice(-10).map((s) => JSON.stringify(s)).join('\n  ')}`)
      await new Promise((r) => setTimeout(r, 100))
    }
  }

  /** Resolves with a message once it is stored, whether it came live or from an archive catch-up. */
  async waitForStored(originId: string, timeoutMs = 20_000): Promise<ChatMessage> {
    const match = (list: ChatMessage[]): boolean => list.some((m) => m.originId === originId)
    const payload = await Promise.race([this.waitFor('messages:added', match, timeoutMs), this.waitFor('messages:archived', match, timeoutMs)])
    return payload.find((m) => m.originId === originId) as ChatMessage
  }

  /** Every stored message this core announced, live or from the archive, by origin-id. */
  storedWith(originId: string): ChatMessage[] {
    return this.events
      .filter((e) => e.event === 'messages:added' || e.event === 'messages:archived')
      .flatMap((e) => e.payload as ChatMessage[])
      .filter((m) => m.originId === originId)
  }

  /**
   * Waits until the contact list shows `jid` matching `match`, however the news arrived (a roster
   * push carrying the presence, or a presence update for a contact already listed).
   */
  async waitForContact(jid: string, match: (contact: Contact) => boolean, timeoutMs = 20_000): Promise<Contact> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const contact = ((await this.invoke('roster:list')) as Contact[]).find((c) => c.jid === jid)
      if (contact && match(contact)) return contact
      if (Date.now() > deadline) throw new Error(`timed out waiting for contact ${jid}; last seen: ${JSON.stringify(contact)}`)
      await new Promise((r) => setTimeout(r, 100))
    }
  }

  clearEvents(): void {
    this.events.length = 0
  }

  async stop(options: { keepData?: boolean } = {}): Promise<void> {
    await this.core.shutdown()
    if (!options.keepData) rmSync(this.dataDir, { recursive: true, force: true })
  }
}
