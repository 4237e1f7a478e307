// The SecretStore of the real app: the OS keychain (macOS Keychain, Windows Credential Manager,
// Secret Service on Linux) through @napi-rs/keyring. Owns the mapping account → keychain entry and
// turns keychain failures into errors that never carry the secret. Layer: electron/core (Node).
import { AsyncEntry, type LinuxStore } from '@napi-rs/keyring'
import type { SecretStore } from './secret-store'

export interface KeyringSecretStoreOptions {
  /** The keychain's "service" of every entry; the account (a bare JID) is its user name. */
  service?: string
  /**
   * Linux only. Pinned to the Secret Service by default: the library would otherwise fall back to
   * the kernel keyring, which forgets everything at logout, so "remember password" would silently
   * not remember. Without a Secret Service, set() fails and the caller can say so.
   */
  linuxStore?: LinuxStore
}

export const DEFAULT_KEYRING_SERVICE = 'xmpp-desk'

/** A keychain failure. The message names the operation and account, never the secret. */
export class KeychainError extends Error {
  constructor(operation: 'read' | 'store' | 'delete', account: string, detail: string) {
    super(`Keychain ${operation} failed for ${account}: ${detail}`)
    this.name = 'KeychainError'
  }
}

export class KeyringSecretStore implements SecretStore {
  readonly #service: string
  readonly #linuxStore: LinuxStore

  constructor(options: KeyringSecretStoreOptions = {}) {
    this.#service = options.service ?? DEFAULT_KEYRING_SERVICE
    this.#linuxStore = options.linuxStore ?? 'secret-service'
  }

  async get(account: string): Promise<string | null> {
    // AsyncEntry: the keychain may be slow (D-Bus, an unlock prompt); the main process must not block.
    return this.#call('read', account, undefined, (entry) => entry.getPassword())
  }

  async set(account: string, secret: string): Promise<void> {
    await this.#call('store', account, secret, (entry) => entry.setPassword(secret))
  }

  async delete(account: string): Promise<void> {
    // Resolves false when there was nothing to delete, which is not an error for us.
    await this.#call('delete', account, undefined, (entry) => entry.deletePassword())
  }

  async #call<T>(
    operation: 'read' | 'store' | 'delete',
    account: string,
    secret: string | undefined,
    action: (entry: AsyncEntry) => Promise<T>,
  ): Promise<T> {
    try {
      // Inside the try: the constructor throws too, e.g. when the pinned store is unavailable.
      const entry = new AsyncEntry(this.#service, account, { linux: { store: this.#linuxStore } })
      return await action(entry)
    } catch (error) {
      throw new KeychainError(operation, account, redact(messageOf(error), secret))
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** The native error text is not ours to trust: make sure the secret cannot leak through it. */
function redact(text: string, secret: string | undefined): string {
  return secret ? text.split(secret).join('[redacted]') : text
}
