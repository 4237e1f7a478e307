// Session state: the account, the connection state and our own presence, plus sign-in/out.
// Owned here, fed by `app:state` at start and by `connection:state` / `presence:own` events.
// `signedIn` decides between the sign-in screen and the main layout: it becomes true when the
// core reports a configured account that is not signed out, or when `account:sign-in` succeeds;
// it becomes false on sign-out (or when the core says `signed-out`). A failed first attempt keeps
// the sign-in screen and shows the core's message. Layer: renderer (Svelte state).
import type { AccountSettings, ConnectionState, OwnPresence } from '../../../../shared/types/domain'
import type { CommandRequest } from '../../../../shared/ipc/contract'
import type { RendererApi } from '../api'

export class SessionStore {
  readonly #api: RendererApi
  #loaded = $state(false)
  #loadError = $state<string | null>(null)
  #account = $state.raw<AccountSettings | null>(null)
  #hasSavedPassword = $state(false)
  #connection = $state.raw<ConnectionState>({ status: 'signed-out' })
  #ownPresence = $state.raw<OwnPresence>({ show: 'available', status: '' })
  #signedIn = $state(false)
  #signingIn = $state(false)
  #reenteringPassword = $state(false)
  readonly #unsubscribe: (() => void)[]

  constructor(api: RendererApi) {
    this.#api = api
    this.#unsubscribe = [
      api.on('connection:state', (state) => {
        this.#connection = state
        if (state.status === 'signed-out' && !this.#signingIn) this.#signedIn = false
        if (state.status === 'online') this.#reenteringPassword = false
      }),
      api.on('presence:own', (presence) => {
        this.#ownPresence = presence
      }),
    ]
  }

  get loaded(): boolean {
    return this.#loaded
  }
  /** Why the initial state could not be read (the host is unreachable). */
  get loadError(): string | null {
    return this.#loadError
  }
  get account(): AccountSettings | null {
    return this.#account
  }
  get hasSavedPassword(): boolean {
    return this.#hasSavedPassword
  }
  get connection(): ConnectionState {
    return this.#connection
  }
  get ownPresence(): OwnPresence {
    return this.#ownPresence
  }
  /** True when the main layout should show. */
  get signedIn(): boolean {
    return this.#signedIn && !this.#reenteringPassword
  }
  /** True while the user is on the main layout or re-entering a password for the same account. */
  get hasSession(): boolean {
    return this.#signedIn
  }
  get signingIn(): boolean {
    return this.#signingIn
  }
  /** The bare JID we are (or were last) signed in as. */
  get ownJid(): string {
    return this.#account?.jid ?? ''
  }

  /** Reads `app:state`; called at start and after the host connection came back. */
  async load(): Promise<void> {
    try {
      const state = await this.#api.invoke('app:state', null)
      this.#account = state.account
      this.#hasSavedPassword = state.hasSavedPassword
      this.#connection = state.connection
      this.#ownPresence = state.ownPresence
      if (!this.#signingIn) this.#signedIn = state.account !== null && state.connection.status !== 'signed-out'
      this.#loadError = null
    } catch (error) {
      this.#loadError = error instanceof Error ? error.message : String(error)
    } finally {
      this.#loaded = true
    }
  }

  /** Signs in; resolves with the message to show when it failed, or null on success. */
  async signIn(request: CommandRequest<'account:sign-in'>): Promise<string | null> {
    if (this.#signingIn) return null
    this.#signingIn = true
    try {
      const result = await this.#api.invoke('account:sign-in', request)
      if (!result.ok) return result.message || 'Could not sign in.'
      this.#account = {
        jid: request.jid,
        host: request.host,
        port: request.port,
        directTls: request.directTls,
        rememberPassword: request.rememberPassword,
      }
      this.#hasSavedPassword = request.rememberPassword && (request.password !== '' || this.#hasSavedPassword)
      this.#signedIn = true
      this.#reenteringPassword = false
      return null
    } catch (error) {
      return error instanceof Error ? error.message : String(error)
    } finally {
      this.#signingIn = false
    }
  }

  /** Shows the sign-in form again for the current account (e.g. after "authentication failed"). */
  reenterPassword(): void {
    this.#reenteringPassword = true
  }

  /** Leaves the sign-in form shown by `reenterPassword` without signing in. */
  cancelReenter(): void {
    this.#reenteringPassword = false
  }

  /** Signs out: the core disconnects and forgets the password and account settings. */
  async signOut(): Promise<void> {
    await this.#api.invoke('account:sign-out', null)
    this.#signedIn = false
    this.#reenteringPassword = false
    this.#account = null
    this.#hasSavedPassword = false
    this.#connection = { status: 'signed-out' }
  }

  /** Sets our presence; the core confirms with `presence:own`. */
  async setPresence(presence: OwnPresence): Promise<void> {
    const previous = this.#ownPresence
    this.#ownPresence = presence
    try {
      await this.#api.invoke('presence:set', presence)
    } catch (error) {
      this.#ownPresence = previous
      throw error
    }
  }

  dispose(): void {
    for (const off of this.#unsubscribe) off()
  }
}
