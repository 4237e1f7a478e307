// The `files:*` policy with a fake session and archive: the upload service is asked once per
// session; files are refused offline, without a service and over the limit (before any slot);
// a picture is fetched without a click only when its sender marked it (OOB) and is a trusted
// contact (in the roster, not blocked) or us. Fetches go to a loopback server that counts them.
import type { Element } from '@xmpp/xml'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Archive } from '../../../../electron/core/archive/archive'
import type { StoredAttachment } from '../../../../electron/core/archive/attachments'
import type { HostPorts } from '../../../../electron/core/core-service'
import { FileSharing, type FileSession } from '../../../../electron/core/files/file-sharing'
import type { XmppSession } from '../../../../electron/core/xmpp/session'
import { RED_PNG } from '../../../support/images'
import { parseStanza } from '../../../support/parse-xml'

const ME = 'me@example.org'
const SERVICE_INFO = `<iq type='result' from='example.org' id='x'><query xmlns='http://jabber.org/protocol/disco#info'>
  <feature var='urn:xmpp:http:upload:0'/>
  <x xmlns='jabber:x:data' type='result'><field var='FORM_TYPE' type='hidden'><value>urn:xmpp:http:upload:0</value></field>
  <field var='max-file-size'><value>1000</value></field></x></query></iq>`

describe('FileSharing', () => {
  let server: Server
  let base: string
  const hits: string[] = []
  let dir: string

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'file-sharing-'))
    server = createServer((req, res) => {
      hits.push(req.url ?? '')
      res.writeHead(200, { 'Content-Type': 'image/png' }).end(RED_PNG)
    })
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })

  afterAll(async () => {
    await new Promise((done) => server.close(done))
    rmSync(dir, { recursive: true, force: true })
  })

  function setup(options: { online?: boolean; service?: boolean; trusted?: string[]; stored?: Record<number, StoredAttachment>; ports?: Partial<HostPorts> } = {}) {
    const asked: Element[] = []
    const session = {
      online: options.online ?? true,
      iq: async (stanza: Element) => {
        asked.push(stanza)
        if (options.service === false) throw new Error('item-not-found')
        return parseStanza(SERVICE_INFO)
      },
    } as unknown as XmppSession
    const live: FileSession = { account: ME, session, flushOutbox: async () => {}, trusted: (bare) => (options.trusted ?? []).includes(bare), nickIn: () => undefined }
    const archive = { messageAttachment: async (_account: string, id: number) => options.stored?.[id] ?? null } as unknown as Archive
    const files = new FileSharing({
      archive,
      dataDir: mkdtempSync(join(dir, 'data-')),
      ports: { openExternal: async () => {}, ...options.ports },
      emit: () => {},
      live: () => live,
      transfer: () => ({ allowInsecureLoopback: true }),
      log: () => {},
    })
    return { files, asked }
  }
  const picture = (senderBare: string, oob: boolean, path: string, direction: 'in' | 'out' = 'in'): StoredAttachment => ({
    attachment: { url: `${base}${path}`, name: 'a.png', size: null, mediaType: null, oob },
    conversation: senderBare,
    direction,
    senderBare: direction === 'out' ? ME : senderBare,
  })

  it('asks for the upload service once per session and reports its limit', async () => {
    const { files, asked } = setup()
    expect(await files.uploadLimit()).toEqual({ available: true, maxFileSize: 1000 })
    expect(await files.uploadLimit()).toEqual({ available: true, maxFileSize: 1000 })
    expect(asked).toHaveLength(1)
  })

  it('refuses files offline, without a service and over the limit, before staging anything', async () => {
    const file = { conversation: 'alice@example.org', name: 'a.bin', mediaType: 'application/octet-stream', size: 10 }
    await expect(setup({ online: false }).files.stage(file)).rejects.toThrow(/offline/u)
    await expect(setup({ service: false }).files.stage(file)).rejects.toThrow(/Could not ask your server/u)
    const { files, asked } = setup()
    await expect(files.stage({ ...file, size: 1001 })).rejects.toThrow(/files up to 1 KB can be sent/u)
    expect(asked.map((s) => s.getChild('request', 'urn:xmpp:http:upload:0'))).toEqual([undefined])
    expect(await files.stage({ ...file, size: 1000 })).toMatchObject({ upload: expect.any(String) })
  })

  it('fetches a picture by itself only from a trusted sender who marked it, or from us', async () => {
    const stored = {
      1: picture('stranger@example.org', true, '/1.png'),
      2: picture('friend@example.org', false, '/2.png'),
      3: picture('blocked-or-gone@example.org', true, '/3.png'),
      4: picture('friend@example.org', true, '/4.png'),
      5: picture('alice@example.org', true, '/5.png', 'out'),
    }
    const { files } = setup({ trusted: ['friend@example.org'], stored })
    hits.length = 0
    for (const id of [1, 2, 3]) expect(await files.preview(id, false), String(id)).toEqual({ status: 'ask' })
    expect(hits).toEqual([])
    for (const id of [4, 5]) expect((await files.preview(id, false)).status, String(id)).toBe('shown')
    expect(await files.preview(1, true)).toEqual({ status: 'shown', dataUrl: `data:image/png;base64,${RED_PNG.toString('base64')}` })
    expect(hits).toEqual(['/4.png', '/5.png', '/1.png'])
    await expect(files.preview(99, true)).rejects.toThrow(/no file/u)
  })

  it('refuses Save and Open without the host ports, and Open for files that could run (without fetching them)', async () => {
    const file = (name: string): StoredAttachment => ({ ...picture('friend@example.org', true, `/${name}`), attachment: { url: `${base}/${name}`, name, size: null, mediaType: null, oob: true } })
    const stored = { 1: file('x.exe'), 2: file('notes.pdf') }
    await expect(setup({ stored }).files.save(1)).rejects.toThrow(/not available/u)
    await expect(setup({ stored }).files.open(2)).rejects.toThrow(/not available/u)
    const opened: string[] = []
    const { files } = setup({ stored, ports: { openFile: async (path) => void opened.push(path) } })
    hits.length = 0
    await expect(files.open(1)).rejects.toThrow(/could run programs/u)
    expect(hits).toEqual([])
    await files.open(2)
    expect(hits).toEqual(['/notes.pdf'])
    expect(opened).toHaveLength(1)
    expect(opened[0]?.endsWith('notes.pdf')).toBe(true)
  })
})
