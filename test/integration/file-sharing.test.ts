// Sharing files between two real cores through Prosody (mod_http_file_share on loopback HTTPS):
// alice's core discovers the upload service and its limit, refuses too large a file before any
// slot and any file while offline, uploads a picture with progress and sends its link as OOB; bob's
// core stores it as an attachment, fetches it only after being asked while alice is a stranger and
// by itself once she is in his roster, and saves it through the host port. Hostile links (security
// notes T18) from mallory — a bare picture link, OOB to a "10 GB" file, an smb: link — point at a
// loopback HTTPS canary that would answer: it gets no request until bob acts, and the size cap
// holds when he does.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:https'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import xml from '@xmpp/xml'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { ChatMessage } from '../../shared/types/domain'
import { makeCertificates } from '../support/certificates'
import { CoreHarness } from '../support/core-harness'
import { RED_PNG } from '../support/images'
import { startProsody, type ProsodyServer } from '../support/prosody'
import { RawSession } from '../support/raw-session'
import { describeWithService } from '../support/services'

const LIMIT = 1024 * 1024
const PASSWORDS = { alice: 'alice-pw', bob: 'bob-pw', mallory: 'mallory-pw' }

describeWithService('prosody', 'file sharing between two cores (XEP-0363 + XEP-0066)', () => {
  let server: ProsodyServer
  let alice: CoreHarness
  let bob: CoreHarness
  let mallory: RawSession
  let canary: Server
  let canaryBase: string
  const canaryHits: string[] = []
  const saved: { path: string; name: string; bytes: Buffer }[] = []
  const dir = mkdtempSync(join(tmpdir(), 'xmpp-desk-files-'))

  const signIn = async (core: CoreHarness, user: keyof typeof PASSWORDS): Promise<void> => {
    const request = { jid: `${user}@${server.domain}`, password: PASSWORDS[user], rememberPassword: false, host: server.host, port: server.c2sPort, directTls: false }
    expect(await core.invoke('account:sign-in', request)).toEqual({ ok: true })
  }
  const stage = async (core: CoreHarness, conversation: string, name: string, bytes: Buffer, mediaType = 'application/octet-stream'): Promise<string> => {
    const { upload } = await core.invoke('files:stage', { conversation, name, mediaType, size: bytes.length })
    for (let offset = 0; offset < bytes.length; offset += 128 * 1024)
      await core.invoke('files:stage-chunk', { upload, offset, data: bytes.subarray(offset, offset + 128 * 1024).toString('base64') })
    return upload as string
  }
  const received = (from: string, body: string): Promise<ChatMessage> =>
    bob.waitFor('messages:added', (list) => list.some((m) => m.conversation === from && m.body === body)).then((list) => list.find((m) => m.body === body) as ChatMessage)

  beforeAll(async () => {
    server = await startProsody({ users: PASSWORDS, httpFileShare: { sizeLimit: LIMIT } })
    const certs = await makeCertificates(dir, 'localhost', 'valid')
    canary = createServer({ cert: readFileSync(certs.certPath), key: readFileSync(certs.keyPath) }, (req, res) => {
      canaryHits.push(req.url ?? '')
      if (req.url === '/10GB.bin') {
        res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(10 * 1024 ** 3) })
        res.flushHeaders()
        return
      }
      res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': String(RED_PNG.length) }).end(RED_PNG)
    })
    await new Promise<void>((done) => canary.listen(0, '127.0.0.1', done))
    canaryBase = `https://localhost:${(canary.address() as AddressInfo).port}`
    const trustedCa = [server.caCert, certs.caCert]
    alice = await CoreHarness.start({ trustedCa })
    bob = await CoreHarness.start({
      trustedCa,
      ports: { saveFile: async (path, name) => (saved.push({ path, name, bytes: readFileSync(path) }), true) },
    })
    mallory = await RawSession.start(server, 'mallory')
  })

  afterAll(async () => {
    await alice?.stop()
    await bob?.stop()
    await mallory?.stop()
    canary?.closeAllConnections()
    await new Promise((done) => canary?.close(done))
    await server?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('refuses to stage a file while signed out or offline (nothing is queued silently)', async () => {
    await expect(alice.invoke('files:stage', { conversation: `bob@${server.domain}`, name: 'a.png', mediaType: 'image/png', size: 10 })).rejects.toThrow(/offline/u)
    await expect(alice.invoke('files:upload-limit')).rejects.toThrow(/offline/u)
  })

  it('discovers the upload service and its limit once signed in', async () => {
    await signIn(alice, 'alice')
    await signIn(bob, 'bob')
    expect(await alice.invoke('files:upload-limit')).toEqual({ available: true, maxFileSize: LIMIT })
  })

  it('refuses a file over the limit before any byte or slot', async () => {
    await expect(alice.invoke('files:stage', { conversation: `bob@${server.domain}`, name: 'big.bin', mediaType: 'application/octet-stream', size: LIMIT + 1 })).rejects.toThrow(
      /files up to 1 MB can be sent/u,
    )
  })

  it('alice sends a picture; bob gets a file message and fetches it only when asked while she is a stranger', async () => {
    const bobJid = `bob@${server.domain}`
    const upload = await stage(alice, bobJid, 'red dot.png', RED_PNG, 'image/png')
    const sent = (await alice.invoke('files:upload', { upload })) as ChatMessage
    expect(sent.body).toMatch(new RegExp(`^${server.httpFileShare?.baseUrl}.+/red%20dot\\.png$`, 'u'))
    expect(sent.attachment).toEqual({ url: sent.body, name: 'red dot.png', size: RED_PNG.length, mediaType: 'image/png', oob: true })
    expect((await alice.waitFor('files:progress', (p) => p.upload === upload && p.sent === p.total)).total).toBe(RED_PNG.length)
    await alice.waitFor('messages:state', (changes) => changes.some((c) => c.id === sent.id && c.state === 'sent'))
    // Our own picture shows without a click.
    expect(await alice.invoke('files:preview', { messageId: sent.id, asked: false })).toEqual({ status: 'shown', dataUrl: `data:image/png;base64,${RED_PNG.toString('base64')}` })

    const got = await received(`alice@${server.domain}`, sent.body)
    expect(got.attachment).toEqual({ url: sent.body, name: 'red dot.png', size: null, mediaType: null, oob: true })
    expect(await bob.invoke('files:preview', { messageId: got.id, asked: false })).toEqual({ status: 'ask' })
    expect(await bob.invoke('files:preview', { messageId: got.id, asked: true })).toEqual({ status: 'shown', dataUrl: `data:image/png;base64,${RED_PNG.toString('base64')}` })
    expect(await bob.invoke('files:save', { messageId: got.id })).toEqual({ saved: true })
    expect(saved.at(-1)?.name).toBe('red dot.png')
    expect(saved.at(-1)?.bytes.equals(RED_PNG)).toBe(true)
    expect(saved.at(-1)?.path.startsWith(join(bob.dataDir, 'files'))).toBe(true)
    // Opening needs a host port this harness does not give: refused, never attempted.
    await expect(bob.invoke('files:open', { messageId: got.id })).rejects.toThrow(/not available/u)
  })

  it('a cancelled upload leaves nothing to send', async () => {
    const upload = await stage(alice, `bob@${server.domain}`, 'never.txt', Buffer.from('not sent'))
    await alice.invoke('files:cancel', { upload })
    await expect(alice.invoke('files:upload', { upload })).rejects.toThrow(/gone/u)
    await expect(alice.invoke('files:stage-chunk', { upload, offset: 0, data: 'AAAA' })).rejects.toThrow(/gone/u)
  })

  it('once alice is in bob’s roster, her pictures are fetched without a click', async () => {
    await bob.invoke('roster:add', { jid: `alice@${server.domain}`, name: 'Alice', groups: [] })
    const upload = await stage(alice, `bob@${server.domain}`, 'again.png', RED_PNG, 'image/png')
    const sent = (await alice.invoke('files:upload', { upload })) as ChatMessage
    const got = await received(`alice@${server.domain}`, sent.body)
    expect((await bob.invoke('files:preview', { messageId: got.id, asked: false })).status).toBe('shown')
  })

  it('T18: hostile links from a stranger cause no request until bob acts, and the caps hold when he does', async () => {
    const from = `mallory@${server.domain}`
    const send = (body: string, oob: string | null) =>
      mallory.send(xml('message', { to: `bob@${server.domain}`, type: 'chat', id: `m-${Math.random()}` }, xml('body', {}, body), oob ? xml('x', { xmlns: 'jabber:x:oob' }, xml('url', {}, oob)) : null))
    const bare = `${canaryBase}/x.png`
    const huge = `${canaryBase}/10GB.bin`
    const smb = 'smb://evil.example/share/a.png'
    await send(bare, null)
    await send(huge, huge)
    await send(smb, smb)
    const [bareMsg, hugeMsg, smbMsg] = [await received(from, bare), await received(from, huge), await received(from, smb)]
    expect(bareMsg?.attachment).toMatchObject({ url: bare, oob: false })
    expect(hugeMsg?.attachment).toMatchObject({ url: huge, name: '10GB.bin', oob: true })
    expect(smbMsg).not.toHaveProperty('attachment')

    expect(await bob.invoke('files:preview', { messageId: bareMsg.id, asked: false })).toEqual({ status: 'ask' })
    // Even for a contact, a bare link (no OOB) is never fetched by itself.
    await bob.invoke('roster:add', { jid: from, name: 'Mallory', groups: [] })
    expect(await bob.invoke('files:preview', { messageId: bareMsg.id, asked: false })).toEqual({ status: 'ask' })
    await expect(bob.invoke('files:preview', { messageId: smbMsg.id, asked: true })).rejects.toThrow(/no file/u)
    await new Promise((r) => setTimeout(r, 300))
    expect(canaryHits).toEqual([])

    // Bob acts: one request each, and the 10 GB file is refused from its announced size.
    await expect(bob.invoke('files:save', { messageId: hugeMsg.id })).rejects.toThrow(/larger than allowed/u)
    expect(saved.map((s) => s.name)).not.toContain('10GB.bin')
    expect(await bob.invoke('files:preview', { messageId: bareMsg.id, asked: true })).toMatchObject({ status: 'shown' })
    expect(canaryHits.sort()).toEqual(['/10GB.bin', '/x.png'])
  })
})
