// Where the account password lives when "remember password" is on: the OS keychain. The interface
// lets tests and hosts without a keychain inject another store. Layer: electron/core (Node).

export interface SecretStore {
  get(account: string): Promise<string | null>
  set(account: string, secret: string): Promise<void>
  /** Forgets the secret; no error when there was none. */
  delete(account: string): Promise<void>
}

/** Keeps secrets in memory only: for tests, and for "don't remember" sessions. */
export class MemorySecretStore implements SecretStore {
  readonly #secrets = new Map<string, string>()
  async get(account: string): Promise<string | null> {
    return this.#secrets.get(account) ?? null
  }
  async set(account: string, secret: string): Promise<void> {
    this.#secrets.set(account, secret)
  }
  async delete(account: string): Promise<void> {
    this.#secrets.delete(account)
  }
}
