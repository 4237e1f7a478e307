// The cost of SCRAM-SHA-1's salted password, Hi() = PBKDF2-HMAC-SHA-1 (RFC 5802), which every
// sign-in pays before its first archive query: the library's WebCrypto Hi against crypto.pbkdf2
// (checked to give the same bytes), and whichever Hi a sign-in runs now (electron/core/xmpp/scram-hi.ts
// replaces the library's when client-factory loads).
import { pbkdf2 } from 'node:crypto'
import { createRequire } from 'node:module'
import { promisify } from 'node:util'
import { ms } from './stats'

/** Prosody's default iteration count (util/sasl/scram.lua, mod_auth_internal_hashed). */
export const SCRAM_ITERATIONS = 10_000
const SHA1_BYTES = 20

type Hi = (password: string, salt: Uint8Array, iterations: number) => Promise<Uint8Array>

/** Rows of [how, ms]. */
export async function scramRows(): Promise<string[][]> {
  // The module instance @xmpp/sasl-scram-sha-1 signs in with, and a fresh copy of it as published.
  const require = createRequire(createRequire(import.meta.url).resolve('@xmpp/sasl-scram-sha-1'))
  const path = require.resolve('sasl-scram-sha-1/lib/bitops.js')
  const signInHi = (require(path) as { Hi: Hi }).Hi
  const shared = require.cache[path]
  delete require.cache[path]
  const libraryHi = (require(path) as { Hi: Hi }).Hi
  require.cache[path] = shared

  const salt = new TextEncoder().encode('bench-salt-0123456789')
  const timed = async (hi: Hi): Promise<[number, Uint8Array]> => {
    const started = performance.now()
    const key = await hi('alice-pw', salt, SCRAM_ITERATIONS)
    return [performance.now() - started, key]
  }
  const [library, expected] = await timed(libraryHi)
  const [node, key] = await timed((password, s, iterations) => promisify(pbkdf2)(password, s, iterations, SHA1_BYTES, 'sha1'))
  if (!Buffer.from(key).equals(Buffer.from(expected))) throw new Error('crypto.pbkdf2 differs from the library Hi()')
  const [signIn] = await timed(signInHi)
  const whose = signInHi.toString() === libraryHi.toString() ? "the library's" : 'replaced'
  return [
    ['sasl-scram-sha-1 Hi(): one awaited WebCrypto HMAC per iteration', ms(library)],
    ['crypto.pbkdf2(…, 20, "sha1"): same bytes', ms(node)],
    [`Hi() a sign-in runs now (${whose})`, ms(signIn)],
  ]
}
