// The keepalive against a real Prosody through a fault proxy, with short timings: a connection
// that keeps answering stays up, a black-holed one (bytes stop flowing, sockets stay open) is
// noticed within idle + answer time and the session reconnects, resuming its XEP-0198 stream.
// Before the keepalive, such a connection looked online until the OS gave up on TCP (minutes).
import xml from '@xmpp/xml'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { keepaliveProbe } from '../../electron/core/xmpp/keepalive'
import { NS } from '../../electron/core/xmpp/ns'
import { startProsody, type ProsodyServer } from '../support/prosody'
import { RawSession } from '../support/raw-session'
import { describeWithService } from '../support/services'
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy'

const POLICY = { idleMs: 1_000, answerMs: 1_000 }
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describeWithService('prosody', 'keepalive against a real Prosody', () => {
  let server: ProsodyServer
  let proxy: TcpProxy
  beforeAll(async () => {
    server = await startProsody({ users: { kim: 'kim-pw', lee: 'lee-pw' } })
    proxy = await startTcpProxy(server.c2sPort)
  })
  afterAll(async () => {
    await proxy?.close()
    await server?.stop()
  })

  it('stays online across many silent periods while the server answers each question', async () => {
    const kim = await RawSession.start(server, 'kim', { port: proxy.port, keepalive: POLICY })
    try {
      await kim.send(xml('presence', {}))
      await sleep(5 * POLICY.idleMs)
      expect(kim.session.online).toBe(true)
      expect(kim.states.map((s) => s.status)).not.toContain('reconnecting')
      expect(proxy.connections).toBe(1)
    } finally {
      await kim.stop()
    }
  })

  it('notices a black-holed connection within idle + answer time, reconnects and resumes the stream', async () => {
    const lee = await RawSession.start(server, 'lee', { port: proxy.port, keepalive: POLICY })
    try {
      expect(lee.session.acksEnabled).toBe(true) // so the probe is an <r/>, and the stream can be resumed
      await lee.send(xml('presence', {}))
      await sleep(300)
      const blackHoled = Date.now()
      proxy.pause()
      const lost = await lee.waitForState((s) => s.status === 'reconnecting', 10_000)
      const noticedAfter = Date.now() - blackHoled
      expect(lost).toMatchObject({ reason: 'The connection was lost.' })
      expect(noticedAfter).toBeLessThan(POLICY.idleMs + POLICY.answerMs + 1_500)
      proxy.resume()
      await lee.waitForState((s) => s.status === 'online' && lee.readies.length >= 2, 20_000)
      expect(lee.readies).toEqual([false, true])
      expect(lee.session.online).toBe(true)
    } finally {
      await lee.stop()
    }
  })

  it('the ping we send when stream management is off is answered by the server (XEP-0199)', async () => {
    const kim = await RawSession.start(server, 'kim')
    try {
      const reply = await kim.session.iq(keepaliveProbe(false, server.domain, 'ignored'), 5_000)
      expect(reply.attrs.type).toBe('result')
      expect(keepaliveProbe(false, server.domain, 'x').getChild('ping', NS.ping)).toBeDefined()
    } finally {
      await kim.stop()
    }
  })
})
