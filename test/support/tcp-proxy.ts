// A loopback TCP proxy for network-fault tests: the client connects to the proxy, the proxy to the
// real server. `cut()` destroys every current connection on both sides at once, which is what a
// dropped network looks like (no stream close, no FIN the application chose to send); `block()`
// keeps the "network" down for new connections until `unblock()`; `pause()` stops carrying bytes
// (a black hole: the sockets stay open) until `resume()`.
//
//   const proxy = await startTcpProxy(server.c2sPort)
//   // sign in with host 127.0.0.1, port proxy.port: TLS still checks the certificate for the domain
//   proxy.cut()
//   await proxy.close()
import { connect, createServer, type AddressInfo, type Socket } from 'node:net'

export interface TcpProxy {
  readonly host: string
  readonly port: number
  /** Connections currently carried (client side). */
  readonly connections: number
  /** Connections accepted since the start (including refused ones while blocked). */
  readonly accepted: number
  /** Destroys all current connections on both sides: a network drop. */
  cut(): void
  /** New connections are reset at once until unblock(); existing ones are not touched. */
  block(): void
  unblock(): void
  /** Stops carrying bytes both ways (connections stay open), until resume(). */
  pause(): void
  resume(): void
  close(): Promise<void>
}

interface Pair {
  client: Socket
  upstream: Socket
}

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const pairs = new Set<Pair>()
  let blocked = false
  let paused = false
  let accepted = 0

  const server = createServer((client) => {
    accepted += 1
    if (blocked) {
      client.on('error', () => {})
      client.resetAndDestroy()
      return
    }
    const upstream = connect({ host: targetHost, port: targetPort })
    const pair: Pair = { client, upstream }
    pairs.add(pair)
    const end = (): void => {
      pairs.delete(pair)
      client.destroy()
      upstream.destroy()
    }
    // Errors (ECONNRESET, ECONNREFUSED when the server is down) end the pair like a close does.
    client.on('error', end)
    upstream.on('error', end)
    client.on('close', end)
    upstream.on('close', end)
    client.pipe(upstream)
    upstream.pipe(client)
    if (paused) {
      client.pause()
      upstream.pause()
    }
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const port = (server.address() as AddressInfo).port

  return {
    host: '127.0.0.1',
    port,
    get connections() {
      return pairs.size
    },
    get accepted() {
      return accepted
    },
    cut() {
      for (const pair of [...pairs]) {
        pairs.delete(pair)
        // A reset, not an orderly FIN: neither side gets a chance to say goodbye.
        pair.client.resetAndDestroy()
        pair.upstream.resetAndDestroy()
      }
    },
    block() {
      blocked = true
    },
    unblock() {
      blocked = false
    },
    pause() {
      paused = true
      for (const { client, upstream } of pairs) {
        client.unpipe(upstream)
        upstream.unpipe(client)
        client.pause()
        upstream.pause()
      }
    },
    resume() {
      paused = false
      for (const { client, upstream } of pairs) {
        client.pipe(upstream)
        upstream.pipe(client)
      }
    },
    async close() {
      for (const pair of [...pairs]) {
        pair.client.destroy()
        pair.upstream.destroy()
      }
      pairs.clear()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
