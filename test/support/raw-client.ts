// Our own client stack as a bare XMPP client (no application core), signed in to the test server:
// to send what the app never would (hostile stanzas), or to play another client of the account.
import { createXmppClient, type XmppClient } from '../../electron/core/xmpp/client-factory'
import type { ProsodyServer } from './prosody'

export async function startRawClient(server: ProsodyServer, user: string, password: string, resource = 'raw'): Promise<XmppClient> {
  const client = createXmppClient({
    local: user,
    domain: server.domain,
    resource,
    endpoint: { host: server.host, port: server.c2sPort, directTls: false },
    password: () => password,
    ca: [server.caCert],
  })
  client.entity.on('error', () => {})
  await client.entity.start()
  return client
}
