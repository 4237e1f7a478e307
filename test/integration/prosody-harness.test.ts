// Proves test/support/prosody.ts: the server starts and speaks XMPP, its certificate verifies
// against the harness CA alone, stock @xmpp/client signs in over STARTTLS, accounts can be added
// while it runs, restart() and kill() + start() come back on the same ports, stop() leaves nothing
// behind, the no-TLS variant offers no STARTTLS, and expired / wrong-name certificates are refused
// by a Node TLS client that trusts the harness CA.
import { execFile } from 'node:child_process'
import { once } from 'node:events'
import { existsSync } from 'node:fs'
import { connect as connectTcp, type Socket } from 'node:net'
import { connect as connectTls, type ConnectionOptions, type TLSSocket } from 'node:tls'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startProsody, type ProsodyServer } from '../support/prosody'
import { describeWithService } from '../support/services'

const runFile = promisify(execFile)
const SIGN_IN_SCRIPT = fileURLToPath(new URL('../support/stock-client-sign-in.mjs', import.meta.url))
const NS_TLS = 'urn:ietf:params:xml:ns:xmpp-tls'

describeWithService('prosody', 'Prosody harness with TLS and a valid certificate', () => {
  let server: ProsodyServer
  beforeAll(async () => {
    server = await startProsody({ users: { alice: 'alice-pw' } })
  })
  afterAll(async () => {
    await server?.stop()
  })

  it('answers a stream header for its domain and requires STARTTLS', async () => {
    const socket = await openTcp(server)
    try {
      const features = await openStream(socket, server.domain)
      expect(features).toMatch(new RegExp(`<starttls xmlns=['"]${NS_TLS}['"]><required/></starttls>`, 'u'))
    } finally {
      socket.destroy()
    }
  })

  it('presents a certificate that verifies against the harness CA alone, over STARTTLS and direct TLS', async () => {
    const viaStartTls = await startTls(server, { ca: [server.caCert], servername: server.domain })
    expect(viaStartTls.authorized).toBe(true)
    expect(viaStartTls.getPeerCertificate().subject.CN).toBe('localhost')
    viaStartTls.destroy()

    const direct = await tlsOutcome({ host: server.host, port: server.directTlsPort, ca: [server.caCert], servername: server.domain })
    expect(direct).toBe('authorized')
    // Without the CA the same certificate is not trusted: verification is really on.
    const untrusted = await tlsOutcome({ host: server.host, port: server.directTlsPort, servername: server.domain })
    expect(untrusted).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE')
  })

  it('lets stock @xmpp/client sign in over STARTTLS when the CA is trusted, and only then', async () => {
    expect(await signInWithStockClient(server, 'alice', 'alice-pw', { trustCa: true })).toEqual({
      ok: true,
      jid: 'alice@localhost/harness',
      secure: true,
    })
    expect(await signInWithStockClient(server, 'alice', 'alice-pw', { trustCa: false })).toMatchObject({
      ok: false,
      code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    })
  })

  it('registers an account while running', async () => {
    await server.register('bob', 'bob-pw')
    expect(await signInWithStockClient(server, 'bob', 'bob-pw', { trustCa: true })).toMatchObject({ ok: true })
    expect(await signInWithStockClient(server, 'bob', 'wrong', { trustCa: true })).toMatchObject({ ok: false })
  })

  it('restarts on the same ports and keeps its accounts', async () => {
    const ports = [server.c2sPort, server.directTlsPort]
    await server.restart()
    expect(server.running).toBe(true)
    expect([server.c2sPort, server.directTlsPort]).toEqual(ports)
    expect(await signInWithStockClient(server, 'bob', 'bob-pw', { trustCa: true })).toMatchObject({ ok: true })
  })

  it('comes back with start() after kill(), and refuses connections in between', async () => {
    await server.kill()
    expect(server.running).toBe(false)
    await expect(openTcp(server)).rejects.toMatchObject({ code: 'ECONNREFUSED' })
    await server.start()
    expect(await signInWithStockClient(server, 'alice', 'alice-pw', { trustCa: true })).toMatchObject({ ok: true })
  })
})

describeWithService('prosody', 'Prosody harness lifecycle', () => {
  it('stop() ends the server and removes its directory; start() afterwards is an error', async () => {
    const server = await startProsody()
    expect(existsSync(server.dir)).toBe(true)
    await server.stop()
    expect(existsSync(server.dir)).toBe(false)
    await expect(openTcp(server)).rejects.toMatchObject({ code: 'ECONNREFUSED' })
    await expect(server.start()).rejects.toThrow(/removed/u)
  })
})

describeWithService('prosody', 'Prosody harness without TLS', () => {
  let server: ProsodyServer
  beforeAll(async () => {
    server = await startProsody({ tls: false })
  })
  afterAll(async () => {
    await server?.stop()
  })

  it('offers no STARTTLS, only authentication', async () => {
    const socket = await openTcp(server)
    try {
      const features = await openStream(socket, server.domain)
      expect(features).not.toContain('starttls')
      expect(features).toContain('<mechanism>SCRAM-SHA-1</mechanism>')
    } finally {
      socket.destroy()
    }
  })
})

describeWithService('prosody', 'Prosody harness with bad certificates', () => {
  const servers: ProsodyServer[] = []
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()))
  })

  it.each([
    ['expired', 'CERT_HAS_EXPIRED'],
    ['wrong-name', 'ERR_TLS_CERT_ALTNAME_INVALID'],
  ] as const)('rejects the %s certificate with %s although the client trusts the CA', async (certificate, code) => {
    const server = await startProsody({ certificate })
    servers.push(server)
    const options = { ca: [server.caCert], servername: server.domain }
    expect(await tlsOutcome({ host: server.host, port: server.directTlsPort, ...options })).toBe(code)
    await expect(startTls(server, options)).rejects.toMatchObject({ code })
  })
})

function openTcp(server: ProsodyServer): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connectTcp({ host: server.host, port: server.c2sPort })
    socket.once('connect', () => resolve(socket))
    socket.once('error', reject)
  })
}

/** Sends a client stream header and returns the server's <stream:features/>. */
async function openStream(socket: Socket | TLSSocket, domain: string): Promise<string> {
  socket.write(
    `<?xml version='1.0'?><stream:stream to='${domain}' version='1.0' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>`,
  )
  const received = await readUntil(socket, /<stream:features[\s\S]*?(<\/stream:features>|<stream:features\/>)/u)
  return /<stream:features[\s\S]*$/u.exec(received)?.[0] ?? ''
}

/** Reads from `socket` until `pattern` matches what arrived so far (or fails after a timeout). */
async function readUntil(socket: Socket | TLSSocket, pattern: RegExp, timeoutMs = 5_000): Promise<string> {
  let received = ''
  const onData = (chunk: Buffer): void => {
    received += chunk.toString()
    if (pattern.test(received)) socket.emit('matched')
  }
  socket.on('data', onData)
  try {
    await Promise.race([
      once(socket, 'matched'),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms; got: ${received}`)), timeoutMs).unref()),
    ])
    return received
  } finally {
    socket.off('data', onData)
  }
}

/** STARTTLS by hand on the c2s port, then the TLS handshake with `options`; resolves once verified. */
async function startTls(server: ProsodyServer, options: ConnectionOptions): Promise<TLSSocket> {
  const socket = await openTcp(server)
  try {
    expect(await openStream(socket, server.domain)).toContain('<starttls')
    socket.write(`<starttls xmlns='${NS_TLS}'/>`)
    await readUntil(socket, /<proceed [^>]*\/>/u)
    const secure = connectTls({ socket, ...options })
    await once(secure, 'secureConnect')
    return secure
  } catch (error) {
    socket.destroy()
    throw error
  }
}

/** 'authorized', or the error code of a direct-TLS handshake with `options`. */
async function tlsOutcome(options: ConnectionOptions): Promise<string> {
  const socket = connectTls(options)
  try {
    await once(socket, 'secureConnect')
    return socket.authorized ? 'authorized' : String(socket.authorizationError)
  } catch (error) {
    return String((error as NodeJS.ErrnoException).code)
  } finally {
    socket.destroy()
  }
}

async function signInWithStockClient(
  server: ProsodyServer,
  username: string,
  password: string,
  { trustCa }: { trustCa: boolean },
): Promise<{ ok: boolean; jid?: string; secure?: boolean; code?: string | null; message?: string }> {
  const { NODE_EXTRA_CA_CERTS: _ignored, ...env } = process.env
  const { stdout } = await runFile(process.execPath, [SIGN_IN_SCRIPT], {
    timeout: 20_000,
    env: {
      ...env,
      ...(trustCa ? { NODE_EXTRA_CA_CERTS: server.caPath } : {}),
      XMPP_SERVICE: `xmpp://${server.host}:${server.c2sPort}`,
      XMPP_DOMAIN: server.domain,
      XMPP_USERNAME: username,
      XMPP_PASSWORD: password,
    },
  })
  return JSON.parse(stdout) as { ok: boolean }
}
