// Signs in once with @xmpp/client 0.14 exactly as shipped (its own `client()`), and prints the
// outcome as one JSON line. A separate process because that client hands tls.connect no CA option
// (STARTTLS upgrades with `{ socket, host: domain }` only), so the only way to make it trust a test
// CA is NODE_EXTRA_CA_CERTS, which Node reads once at startup.
// Env: XMPP_SERVICE (xmpp://127.0.0.1:PORT), XMPP_DOMAIN, XMPP_USERNAME, XMPP_PASSWORD.
import { client } from '@xmpp/client'

const { XMPP_SERVICE: service, XMPP_DOMAIN: domain, XMPP_USERNAME: username, XMPP_PASSWORD: password } = process.env
const xmpp = client({ service, domain, username, password, resource: 'harness' })
// start() rejects with the same error; without a listener the emitter would throw it again.
xmpp.on('error', () => {})
try {
  const address = await xmpp.start()
  console.log(JSON.stringify({ ok: true, jid: address.toString(), secure: xmpp.isSecure() }))
  await xmpp.stop()
} catch (error) {
  console.log(JSON.stringify({ ok: false, code: error.code ?? null, message: error.message }))
}
// The reconnect module may have scheduled another attempt; this process has said what it had to.
process.exit(0)
