import Database from 'better-sqlite3'
import xml from '@xmpp/xml'
import { startProsody } from '../../test/support/prosody'
import { createXmppClient } from '../../electron/core/xmpp/client-factory'

const server = await startProsody({ users: { alice: 'a', bob: 'b' }, storage: 'sqlite' })
try {
  const c = createXmppClient({ local: 'bob', domain: server.domain, resource: 'r1', endpoint: { host: server.host, port: server.c2sPort, directTls: false }, password: () => 'b', ca: [server.caCert] })
  await c.entity.start()
  for (let i = 0; i < 3; i++) await c.entity.send(xml('message', { to: 'alice@localhost', type: 'chat', id: `m${i}` }, xml('body', {}, `hello ${i}`), xml('origin-id', { xmlns: 'urn:xmpp:sid:0', id: `o${i}` })))
  await new Promise((r) => setTimeout(r, 500))
  await c.entity.stop()
  const db = new Database(server.sqlitePath!, { readonly: true })
  console.log(db.prepare('SELECT * FROM prosodyarchive').all())
  console.log(db.prepare("SELECT sql FROM sqlite_master").all())
  console.log(db.prepare("PRAGMA journal_mode").all())
  console.log(db.prepare("SELECT host,user,store,key,type,length(value) FROM prosody").all())
} finally {
  await server.stop()
}
