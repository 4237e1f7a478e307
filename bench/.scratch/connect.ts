import { startProsody } from '../../test/support/prosody'
import { createXmppClient } from '../../electron/core/xmpp/client-factory'

const server = await startProsody({ users: { alice: 'a' }, storage: 'sqlite' })
try {
  for (let i = 0; i < 3; i++) {
    const c = createXmppClient({ local: 'alice', domain: server.domain, resource: 'r' + i, endpoint: { host: server.host, port: server.c2sPort, directTls: false }, password: () => 'a', ca: [server.caCert] })
    const t0 = performance.now()
    const marks: string[] = []
    c.entity.on('status', (s: string) => marks.push(`${s}@${(performance.now() - t0).toFixed(0)}`))
    c.entity.on('nonza', (n: { name: string }) => marks.push(`<${n.name}>@${(performance.now() - t0).toFixed(0)}`))
    await c.entity.start()
    console.log(marks.join(' '))
    await c.entity.stop()
  }
} finally {
  await server.stop()
}
