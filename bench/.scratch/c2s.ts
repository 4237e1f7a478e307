import Database from 'better-sqlite3'
import xml from '@xmpp/xml'
import { startProsody } from '../../test/support/prosody'
import { createXmppClient } from '../../electron/core/xmpp/client-factory'

const N = Number(process.env.N ?? 2000)
const server = await startProsody({ users: { alice: 'a', bob: 'b' }, storage: 'sqlite' })
try {
  const c = createXmppClient({ local: 'bob', domain: server.domain, resource: 'r1', endpoint: { host: server.host, port: server.c2sPort, directTls: false }, password: () => 'b', ca: [server.caCert] })
  await c.entity.start()
  const t0 = performance.now()
  for (let i = 0; i < N; i++) c.entity.send(xml('message', { to: 'alice@localhost', type: 'chat', id: `m${i}` }, xml('body', {}, `hello ${i}`)))
  await c.iqCaller.request(xml('iq', { type: 'get', to: 'localhost' }, xml('ping', { xmlns: 'urn:xmpp:ping' })), 600000)
  const t1 = performance.now()
  const db = new Database(server.sqlitePath!, { readonly: true })
  console.log(N, 'messages', ((t1 - t0) / 1000).toFixed(1), 's', (N / ((t1 - t0) / 1000)).toFixed(0), '/s', db.prepare("SELECT count(*) n FROM prosodyarchive WHERE user='alice' AND store='archive'").get())
  await c.entity.stop()
} finally {
  await server.stop()
}
