// The SCRAM Hi() replacement: the mechanism @xmpp uses must see it (one module instance) and a
// whole RFC 5802 exchange must still produce the RFC's client proof.
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { installFastScramHi } from '../../../../electron/core/xmpp/scram-hi'

interface Mechanism {
  response(cred: { username: string; password: string }): string | Promise<string>
  challenge(data: string): Mechanism
}
type MechanismClass = new (options: { genNonce: () => string }) => Mechanism

// Resolved from @xmpp/sasl-scram-sha-1's own location: the copy that signs us in.
const fromXmpp = createRequire(createRequire(import.meta.url).resolve('@xmpp/sasl-scram-sha-1'))
const Scram = fromXmpp('sasl-scram-sha-1') as MechanismClass
const xmppBitops = fromXmpp('sasl-scram-sha-1/lib/bitops.js') as { Hi: unknown }

describe('SCRAM-SHA-1 with Node PBKDF2 as Hi()', () => {
  installFastScramHi()

  it('replaces Hi in the module instance that @xmpp/sasl-scram-sha-1 uses', async () => {
    const ours = (await import('sasl-scram-sha-1/lib/bitops.js')).default
    expect(ours).toBe(xmppBitops)
    expect(xmppBitops.Hi).toBe(ours.Hi)
  })

  it('computes the RFC 5802 §5 example exchange', async () => {
    const mechanism = new Scram({ genNonce: () => 'fyko+d2lbbFgONRv9qkxdawL' })
    const cred = { username: 'user', password: 'pencil' }
    expect(await mechanism.response(cred)).toBe('n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL')
    mechanism.challenge('r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096')
    expect(await mechanism.response(cred)).toBe('c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=')
  })
})
