// Avatars during a session, over a fake link: fetched from the bare JID that advertised them, kept
// only when the bytes hash to the advertised id, never fetched for strangers, within a budget.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import xml, { type Element } from '@xmpp/xml'
import { afterEach, describe, expect, it } from 'vitest'
import { AvatarFiles } from '../../../../electron/core/avatars/avatar-files'
import { AVATAR_FETCHES_PER_CONTACT, AvatarSync, avatarDataUrl } from '../../../../electron/core/avatars/avatar-sync'
import { sha1Hex } from '../../../../electron/core/xmpp/features/avatar'
import { BLUE_PNG, RED_PNG } from '../../../support/images'

const ME = 'me@example.org'
const ALICE = 'alice@example.org'
const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** A link whose IQ answers come from `answer`; records what was asked of whom. */
function setup(answer: (iq: Element) => Element, roster = [ALICE]) {
  const dir = mkdtempSync(join(tmpdir(), 'avatar-sync-'))
  dirs.push(dir)
  const hashes = new Map<string, string>()
  const archive = {
    avatarHash: async (_account: string, jid: string) => hashes.get(jid) ?? null,
    setAvatarHash: async (_account: string, jid: string, hash: string | null) => void (hash ? hashes.set(jid, hash) : hashes.delete(jid)),
  }
  const asked: Element[] = []
  const changed: string[] = []
  const files = new AvatarFiles(join(dir, 'avatars'))
  const link = { online: true, iq: async (iq: Element) => (asked.push(iq), answer(iq)) }
  const sync = new AvatarSync(archive, files, ME, link, (bare) => bare === ME || roster.includes(bare), (jid) => changed.push(jid), () => {})
  return { sync, asked, changed, hashes, files, dir, archive }
}

const dataReply = (bytes: Buffer, id: string) =>
  xml('iq', { type: 'result' }, xml('pubsub', { xmlns: 'http://jabber.org/protocol/pubsub' }, xml('items', { node: 'urn:xmpp:avatar:data' }, xml('item', { id }, xml('data', { xmlns: 'urn:xmpp:avatar:data' }, bytes.toString('base64'))))))
const vcardReply = (bytes: Buffer) => xml('iq', { type: 'result' }, xml('vCard', { xmlns: 'vcard-temp' }, xml('PHOTO', {}, xml('TYPE', {}, 'image/png'), xml('BINVAL', {}, bytes.toString('base64')))))

describe('AvatarSync', () => {
  const hash = sha1Hex(RED_PNG)

  it('fetches a XEP-0084 avatar from the bare JID, verifies and remembers it', async () => {
    const t = setup((iq) => dataReply(RED_PNG, iq.getChild('pubsub')?.getChild('items')?.getChild('item')?.attrs.id ?? ''))
    await t.sync.advertised(ALICE, { kind: 'avatar', hash })
    expect(t.asked[0]?.attrs.to).toBe(ALICE)
    expect(t.hashes.get(ALICE)).toBe(hash)
    expect(t.changed).toEqual([ALICE])
    expect(await avatarDataUrl(t.archive, t.files, ME, ALICE)).toBe(`data:image/png;base64,${RED_PNG.toString('base64')}`)
  })

  it('does not cache or use bytes that do not match the advertised hash', async () => {
    const t = setup(() => dataReply(BLUE_PNG, hash))
    await t.sync.advertised(ALICE, { kind: 'avatar', hash })
    expect(t.hashes.has(ALICE)).toBe(false)
    expect(t.changed).toEqual([])
    expect(readdirSync(t.dir)).toEqual([])
  })

  it('falls back to the vCard PHOTO for a XEP-0153 hash, with the same check', async () => {
    const good = setup(() => vcardReply(RED_PNG))
    await good.sync.photoHash(ALICE, hash)
    expect(good.asked[0]?.getChild('vCard', 'vcard-temp')).toBeDefined()
    expect(good.hashes.get(ALICE)).toBe(hash)
    const lying = setup(() => vcardReply(BLUE_PNG))
    await lying.sync.photoHash(ALICE, hash)
    expect(lying.hashes.has(ALICE)).toBe(false)
  })

  it('uses a cached picture without fetching, and forgets on "no avatar"', async () => {
    const t = setup(() => dataReply(RED_PNG, hash))
    await t.files.store(hash, RED_PNG)
    await t.sync.photoHash(ALICE, hash)
    expect(t.asked).toEqual([])
    expect(t.hashes.get(ALICE)).toBe(hash)
    await t.sync.advertised(ALICE, { kind: 'none' })
    expect(t.hashes.has(ALICE)).toBe(false)
    expect(t.changed).toEqual([ALICE, ALICE])
  })

  it('never fetches for someone outside the roster', async () => {
    const t = setup(() => dataReply(RED_PNG, hash), [])
    await t.sync.advertised(ALICE, { kind: 'avatar', hash })
    expect(t.asked).toEqual([])
  })

  it('stops fetching for a contact past its budget', async () => {
    const t = setup(() => dataReply(BLUE_PNG, 'x'))
    for (let i = 0; i < AVATAR_FETCHES_PER_CONTACT + 3; i++) await t.sync.advertised(ALICE, { kind: 'avatar', hash: i.toString(16).padStart(40, '0') })
    expect(t.asked).toHaveLength(AVATAR_FETCHES_PER_CONTACT)
  })

  it('publishes our own avatar as data then metadata and uses it', async () => {
    const t = setup((iq) => xml('iq', { type: 'result', id: iq.attrs.id }))
    await t.sync.publishOwn({ type: 'image/png', bytes: RED_PNG })
    const nodes = t.asked.map((iq) => iq.getChild('pubsub')?.getChild('publish')?.attrs.node)
    expect(nodes).toEqual(['urn:xmpp:avatar:data', 'urn:xmpp:avatar:metadata'])
    expect(t.hashes.get(ME)).toBe(hash)
  })
})
