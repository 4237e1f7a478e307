// KeyringSecretStore against a real Secret Service (gnome-keyring in a private D-Bus session, see
// scripts/with-keyring.sh): store, read, overwrite, forget, absent → null, and what a failure looks
// like when there is no Secret Service at all.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { KeychainError, KeyringSecretStore } from '../../electron/core/secrets/keyring-secret-store'
import { startKeyringSession, type KeyringSession } from '../support/keyring-session'
import { describeWithService } from '../support/services'

const SERVICE = 'xmpp-desk-test'

describeWithService('keyring', 'KeyringSecretStore in a real Secret Service', () => {
  let session: KeyringSession
  beforeAll(async () => {
    session = await startKeyringSession(SERVICE)
  })
  afterAll(async () => {
    await session?.close()
  })

  it('reads null for an account that has no entry', async () => {
    expect(await session.store.get('nobody@localhost')).toBeNull()
  })

  it('stores a secret that the Secret Service itself then holds under our service name', async () => {
    const secret = 'correct horse \'battery\' "staple" ✓ \\ \n end'
    await session.store.set('alice@localhost', secret)
    expect(await session.store.get('alice@localhost')).toBe(secret)
    // Seen through libsecret's own tool: it is in the Secret Service, not some other fallback store.
    expect(await session.lookup('alice@localhost')).toBe(secret)
  })

  it('overwrites a stored secret and keeps accounts apart', async () => {
    await session.store.set('alice@localhost', 'first')
    await session.store.set('bob@localhost', 'bobs')
    await session.store.set('alice@localhost', 'second')
    expect(await session.store.get('alice@localhost')).toBe('second')
    expect(await session.store.get('bob@localhost')).toBe('bobs')
  })

  it('forgets a secret, and forgetting again is no error', async () => {
    await session.store.set('carol@localhost', 'to be forgotten')
    await session.store.delete('carol@localhost')
    expect(await session.store.get('carol@localhost')).toBeNull()
    expect(await session.lookup('carol@localhost')).toBeNull()
    await expect(session.store.delete('carol@localhost')).resolves.toBeUndefined()
    expect(await session.store.get('bob@localhost')).toBe('bobs')
  })
})

// In-process and safe anywhere: the bus address points nowhere, so no keyring is reachable. It also
// shows that the store does not fall back to the kernel keyring when the Secret Service is missing.
describe.runIf(process.platform === 'linux')('KeyringSecretStore without a Secret Service', () => {
  afterEach(() => {
    vi.unstubAllEnvs()
  })

  it('fails with a KeychainError that names the account but never the secret', async () => {
    vi.stubEnv('DBUS_SESSION_BUS_ADDRESS', 'unix:path=/nonexistent/xmpp-desk-test-bus')
    const store = new KeyringSecretStore({ service: SERVICE })
    const secret = 'never-in-a-message-7f3a'
    const failure = await store.set('alice@localhost', secret).then(
      () => undefined,
      (error: unknown) => error,
    )
    expect(failure).toBeInstanceOf(KeychainError)
    const { message } = failure as KeychainError
    expect(message).toMatch(/^Keychain store failed for alice@localhost: /u)
    expect(message).not.toContain(secret)
    await expect(store.get('alice@localhost')).rejects.toThrow(/^Keychain read failed for alice@localhost: /u)
  })
})
