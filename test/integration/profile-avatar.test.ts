// vCards (XEP-0054) and avatars (XEP-0084 with the XEP-0153 fallback) between real cores through
// Prosody (mod_vcard_legacy, mod_pep): alice saves her card and photo; bob reads her card and
// receives her avatar, verified and cached on disk by hash. carol, a bare client, advertises an
// avatar whose bytes do not hash to its id: bob neither caches nor uses it.
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import xml from '@xmpp/xml'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { sha1Hex } from '../../electron/core/xmpp/features/avatar'
import { CoreHarness } from '../support/core-harness'
import { BLUE_PNG, RED_PNG } from '../support/images'
import { startProsody, type ProsodyServer } from '../support/prosody'
import { RawSession } from '../support/raw-session'
import { describeWithService } from '../support/services'

const PASSWORDS = { alice: 'alice-pw', bob: 'bob-pw', carol: 'carol-pw' }
const signedIn = (server: ProsodyServer, user: 'alice' | 'bob', dataDir?: string): Promise<CoreHarness> => CoreHarness.signedIn(server, user, PASSWORDS[user], dataDir)
const ALICE = 'alice@localhost'
const BOB = 'bob@localhost'
const CAROL = 'carol@localhost'
const RED = sha1Hex(RED_PNG)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const publish = (node: string, id: string, payload: ReturnType<typeof xml>) =>
  xml('iq', { type: 'set' }, xml('pubsub', { xmlns: 'http://jabber.org/protocol/pubsub' }, xml('publish', { node }, xml('item', { id }, payload))))

describeWithService('prosody', 'profiles and avatars against a real Prosody', () => {
  let server: ProsodyServer
  let alice: CoreHarness
  let bob: CoreHarness
  let carol: RawSession

  beforeAll(async () => {
    server = await startProsody({ users: PASSWORDS })
    alice = await signedIn(server, 'alice')
    bob = await signedIn(server, 'bob')
    await alice.invoke('roster:add', { jid: BOB, name: 'Bob', groups: [] })
    await bob.waitFor('subscription:requests', (r) => r.some((q) => q.jid === ALICE))
    await bob.invoke('subscription:answer', { jid: ALICE, accept: true })
    await alice.waitFor('subscription:requests', (r) => r.some((q) => q.jid === BOB))
    await alice.invoke('subscription:answer', { jid: BOB, accept: true })
    await bob.waitForContact(ALICE, (c) => c.subscription === 'both' && c.presence.show === 'available')
  })

  afterAll(async () => {
    await carol?.stop()
    for (const core of [alice, bob]) await core?.stop()
    await server?.stop()
  })

  it('alice saves her card and photo; she reads them back', async () => {
    await alice.invoke('profile:save', { fn: 'Alice Liddell', nickname: 'al', email: 'alice@example.org', photo: { mode: 'set', base64: RED_PNG.toString('base64') } })
    const own = await alice.invoke('profile:get', { jid: ALICE })
    expect(own).toMatchObject({ fn: 'Alice Liddell', nickname: 'al', email: 'alice@example.org' })
    expect(own.photo).toBe(`data:image/png;base64,${RED_PNG.toString('base64')}`)
    expect((await alice.invoke('avatar:get', { jid: ALICE })).dataUrl).toBe(own.photo)
  })

  it('refuses a photo that is not an image, with a message', async () => {
    await expect(alice.invoke('profile:save', { fn: '', nickname: '', email: '', photo: { mode: 'set', base64: Buffer.from('<svg/>').toString('base64') } })).rejects.toThrow(
      /PNG, JPEG, WebP or GIF/u,
    )
  })

  it('bob sees her card', async () => {
    const card = await bob.invoke('profile:get', { jid: ALICE })
    expect(card).toMatchObject({ fn: 'Alice Liddell', nickname: 'al', email: 'alice@example.org' })
    expect(card.photo).toBe(`data:image/png;base64,${RED_PNG.toString('base64')}`)
  })

  it('bob receives her avatar, verified and cached on disk by its hash', async () => {
    await bob.waitFor('avatar:changed', (a) => a.jid === ALICE)
    expect((await bob.invoke('avatar:get', { jid: ALICE })).dataUrl).toBe(`data:image/png;base64,${RED_PNG.toString('base64')}`)
    expect(existsSync(join(bob.dataDir, 'avatars', `${RED}.png`))).toBe(true)
    // The same file is what a desktop notification from alice shows.
    expect(await bob.core.avatarFile(ALICE)).toBe(join(bob.dataDir, 'avatars', `${RED}.png`))
  })

  it('does not cache an avatar whose bytes do not match its advertised hash', async () => {
    const lie = sha1Hex(Buffer.from('not the picture'))
    carol = await RawSession.start(server, 'carol', { password: PASSWORDS.carol })
    // The data item named `lie` holds other bytes; the metadata and presence both advertise `lie`.
    await carol.session.iq(publish('urn:xmpp:avatar:data', lie, xml('data', { xmlns: 'urn:xmpp:avatar:data' }, BLUE_PNG.toString('base64'))))
    await carol.session.iq(publish('urn:xmpp:avatar:metadata', lie, xml('metadata', { xmlns: 'urn:xmpp:avatar:metadata' }, xml('info', { id: lie, type: 'image/png', bytes: String(BLUE_PNG.length) }))))
    await carol.send(xml('presence', {}, xml('x', { xmlns: 'vcard-temp:x:update' }, xml('photo', {}, lie))))
    await bob.invoke('roster:add', { jid: CAROL, name: 'Carol', groups: [] })
    await carol.waitForStanza((s) => s.name === 'presence' && s.attrs.type === 'subscribe')
    await carol.send(xml('presence', { to: BOB, type: 'subscribed' }))
    await bob.waitForContact(CAROL, (c) => c.presence.show === 'available')
    // Give both paths (PEP notification, vCard fallback) time to fetch and be refused.
    await sleep(1500)
    expect((await bob.invoke('avatar:get', { jid: CAROL })).dataUrl).toBeNull()
    expect(await bob.core.avatarFile(CAROL)).toBeNull()
    expect(readdirSync(join(bob.dataDir, 'avatars')).sort()).toEqual([`${RED}.png`])
    expect(bob.events.some((e) => e.event === 'avatar:changed' && (e.payload as { jid: string }).jid === CAROL)).toBe(false)
  })
})
