import { pbkdf2 } from 'node:crypto'
import { promisify } from 'node:util'
// @ts-expect-error no types
import bitops from 'sasl-scram-sha-1/lib/bitops.js'
import { startProsody } from '../../test/support/prosody'
import { createXmppClient } from '../../electron/core/xmpp/client-factory'

if (process.env.PATCH) (bitops as { Hi: unknown }).Hi = (text: string, salt: Uint8Array, iterations: number) => promisify(pbkdf2)(text, salt, iterations, 20, 'sha1')
const server = await startProsody({ users: { alice: 'a' }, storage: 'sqlite' })
try {
  for (let i = 0; i < 3; i++) {
    const c = createXmppClient({ local: 'alice', domain: server.domain, resource: 'r' + i, endpoint: { host: server.host, port: server.c2sPort, directTls: false }, password: () => 'a', ca: [server.caCert] })
    const t0 = performance.now()
    await c.entity.start()
    console.log('online after', (performance.now() - t0).toFixed(0), 'ms')
    await c.entity.stop()
  }
} finally {
  await server.stop()
}
