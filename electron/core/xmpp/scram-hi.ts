// SCRAM's Hi() is PBKDF2-HMAC-SHA-1 (RFC 5802 §2.2). sasl-scram-sha-1 (the mechanism under
// @xmpp/sasl-scram-sha-1) computes it with one awaited WebCrypto HMAC per iteration: ~0.9 s for
// Prosody's 10,000 iterations, on every sign-in and every reconnect that cannot resume. Node's
// PBKDF2 gives the same bytes in a few milliseconds, on the libuv pool instead of the main thread.
// The mechanism looks `bitops.Hi` up on each use, so replacing it here is enough; our package.json
// pins the same version @xmpp uses so both resolve to one module (test/unit/core/xmpp/scram-hi.test.ts).
// Layer: electron/core (Node).
import { pbkdf2 } from 'node:crypto'
import { promisify } from 'node:util'
import scramBitops from 'sasl-scram-sha-1/lib/bitops.js'

const derive = promisify(pbkdf2)

/** SHA-1's output length, which is Hi()'s key length. */
const SHA1_BYTES = 20

export function installFastScramHi(): void {
  scramBitops.Hi = (password, salt, iterations) => derive(password, salt, iterations, SHA1_BYTES, 'sha1')
}
