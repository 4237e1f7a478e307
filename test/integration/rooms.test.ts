// Multi-user chat against a real Prosody (mod_muc with mod_muc_mam, mod_bookmarks): alice creates a
// room, bob and carol join; messages reach everyone once, our own come back as the room's
// reflection (delivered, never a second copy); a taken nick is refused; a new session catches up
// from the room's archive without duplicates; bookmarks reach alice's second session; invitations
// name the inviter; private messages get their own conversation; a moderator removes a message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ChatMessage } from '../../shared/types/domain'
import type { Room } from '../../shared/types/room'
import xml from '@xmpp/xml'
import { bookmarkPublish, bookmarksFetch, parseBookmarksResult, type Bookmark } from '../../electron/core/xmpp/features/bookmarks'
import { type XmppClient } from '../../electron/core/xmpp/client-factory'
import { startRawClient } from '../support/raw-client'
import { CoreHarness } from '../support/core-harness'
import { RED_PNG } from '../support/images'
import { MUC_SERVICE, startProsody, type ProsodyServer } from '../support/prosody'
import { describeWithService } from '../support/services'

const PASSWORDS = { alice: 'alice-pw', bob: 'bob-pw', carol: 'carol-pw' }
const signedIn = (server: ProsodyServer, user: keyof typeof PASSWORDS, dataDir?: string): Promise<CoreHarness> => CoreHarness.signedIn(server, user, PASSWORDS[user], dataDir)
const ROOM = `team@${MUC_SERVICE}`

async function roomPage(core: CoreHarness, room = ROOM): Promise<ChatMessage[]> {
  return (await core.invoke('messages:page', { conversation: room, beforeId: null, limit: 200 })).messages
}

async function waitForBody(core: CoreHarness, body: string, room = ROOM): Promise<ChatMessage> {
  const deadline = Date.now() + 20_000
  for (;;) {
    const found = (await roomPage(core, room)).find((m) => m.body === body)
    if (found) return found
    if (Date.now() > deadline) throw new Error(`"${body}" never arrived in ${room}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 20_000
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

const readBookmarks = async (client: XmppClient): Promise<Bookmark[]> => parseBookmarksResult(await client.iqCaller.request(bookmarksFetch())) ?? []

const roomIn = async (core: CoreHarness, room = ROOM): Promise<Room | undefined> => ((await core.invoke('rooms:list')) as Room[]).find((r) => r.jid === room)

describeWithService('prosody', 'group chats against a real Prosody', () => {
  let server: ProsodyServer
  let alice: CoreHarness
  let bob: CoreHarness
  let carol: CoreHarness

  beforeAll(async () => {
    server = await startProsody({ users: PASSWORDS, httpFileShare: {} })
    alice = await signedIn(server, 'alice')
    bob = await signedIn(server, 'bob')
    carol = await signedIn(server, 'carol')
  })
  afterAll(async () => {
    for (const core of [alice, bob, carol]) await core?.stop()
    await server?.stop()
  })

  describe('one room, three people', () => {
    it('creates a configured room; the others join it and see each other', async () => {
      const config = { name: 'The Team', description: 'where we talk', persistent: true, membersOnly: false, password: '', nonAnonymous: false, public: true }
      expect(await alice.invoke('rooms:create', { room: ROOM, nick: 'Alice', config, bookmark: true })).toEqual({ ok: true })
      const info = await bob.invoke('rooms:info', { room: ROOM })
      expect(info).toMatchObject({ jid: ROOM, name: 'The Team', features: { mam: true } })
      expect(await bob.invoke('rooms:join', { room: ROOM, nick: 'Bob', password: null, bookmark: false })).toEqual({ ok: true })
      expect(await carol.invoke('rooms:join', { room: ROOM, nick: 'Carol', password: null, bookmark: false })).toEqual({ ok: true })
      await alice.waitFor('rooms:occupants', (o) => o.room === ROOM && o.upserted.some((x) => x.nick === 'Carol'))
      const occupants = await alice.invoke('rooms:occupants', { room: ROOM })
      expect(occupants.map((o: { nick: string }) => o.nick).sort()).toEqual(['Alice', 'Bob', 'Carol'])
      expect(occupants.find((o: { nick: string }) => o.nick === 'Alice')).toMatchObject({ self: true, affiliation: 'owner', role: 'moderator' })
      expect(await roomIn(alice)).toMatchObject({ status: 'joined', name: 'The Team', role: 'moderator', bookmarked: true })
    })

    it('delivers a message to everyone exactly once; ours is confirmed by the reflection, not stored twice', async () => {
      const sent: ChatMessage = await alice.invoke('messages:send', { conversation: ROOM, body: 'hello team' })
      expect(sent.senderNick).toBe('Alice')
      await alice.waitFor('messages:state', (s) => s.some((x) => x.id === sent.id && x.state === 'delivered'))
      for (const core of [bob, carol]) expect(await waitForBody(core, 'hello team')).toMatchObject({ direction: 'in', senderNick: 'Alice' })
      expect((await roomPage(alice)).filter((m) => m.body === 'hello team')).toHaveLength(1)
      await bob.invoke('messages:send', { conversation: ROOM, body: 'hi from bob' })
      expect(await waitForBody(alice, 'hi from bob')).toMatchObject({ direction: 'in', senderNick: 'Bob' })
      expect(await waitForBody(carol, 'hi from bob')).toMatchObject({ senderNick: 'Bob' })
    })

    it('refuses a nick someone else holds, and says so', async () => {
      const other = await signedIn(server, 'carol')
      try {
        const result = await other.invoke('rooms:join', { room: ROOM, nick: 'Bob', password: null, bookmark: false })
        expect(result).toMatchObject({ ok: false, error: 'conflict' })
        expect(result.message).toContain('Bob')
        expect(await roomIn(other)).toMatchObject({ status: 'error', error: 'conflict' })
      } finally {
        await other.stop()
      }
    })

    it('changes a nick; a nick someone holds is refused with the reason', async () => {
      await carol.invoke('rooms:set-nick', { room: ROOM, nick: 'Caroline' })
      await alice.waitFor('rooms:occupants', (o) => o.upserted.some((x) => x.nick === 'Caroline'))
      expect((await alice.invoke('rooms:occupants', { room: ROOM })).map((o: { nick: string }) => o.nick).sort()).toEqual(['Alice', 'Bob', 'Caroline'])
      expect(await roomIn(carol)).toMatchObject({ nick: 'Caroline', status: 'joined' })
      await expect(carol.invoke('rooms:set-nick', { room: ROOM, nick: 'Bob' })).rejects.toThrow(/already uses the nickname/)
      await carol.invoke('rooms:set-nick', { room: ROOM, nick: 'Carol' })
      expect(await roomIn(carol)).toMatchObject({ nick: 'Carol', status: 'joined' })
    })

    it('lets in only who knows the password of a protected room', async () => {
      const secret = `secret@${MUC_SERVICE}`
      const config = { name: 'Secret', description: '', persistent: false, membersOnly: false, password: 'sesame', nonAnonymous: false, public: false }
      expect(await alice.invoke('rooms:create', { room: secret, nick: 'Alice', config, bookmark: false })).toEqual({ ok: true })
      expect(await bob.invoke('rooms:join', { room: secret, nick: 'Bob', password: null, bookmark: false })).toMatchObject({ ok: false, error: 'not-authorized' })
      expect(await bob.invoke('rooms:join', { room: secret, nick: 'Bob', password: 'sesame', bookmark: false })).toEqual({ ok: true })
      expect(await roomIn(bob, secret)).toMatchObject({ status: 'joined', features: { passwordProtected: true } })
    })

    it('sets the subject for everyone', async () => {
      await alice.invoke('rooms:set-subject', { room: ROOM, subject: 'Release on Friday' })
      await carol.waitFor('rooms:changed', (c) => c.upserted.some((r) => r.jid === ROOM && r.subject === 'Release on Friday'))
      // A participant may not (Prosody's default): the room's refusal reaches bob in words.
      await expect(bob.invoke('rooms:set-subject', { room: ROOM, subject: 'Party instead' })).rejects.toThrow(/did not change the subject/)
      expect(await roomIn(bob)).toMatchObject({ subject: 'Release on Friday' })
    })

    it('keeps a private message with an occupant apart from the room', async () => {
      await bob.invoke('messages:send', { conversation: `${ROOM}/Carol`, body: 'just between us' })
      expect(await waitForBody(carol, 'just between us', `${ROOM}/Bob`)).toMatchObject({ direction: 'in' })
      expect((await roomPage(carol)).some((m) => m.body === 'just between us')).toBe(false)
    })

    it('shares a file in the room: the others get it as an attachment from alice, not fetched by itself', async () => {
      const { upload } = await alice.invoke('files:stage', { conversation: ROOM, name: 'dot.png', mediaType: 'image/png', size: RED_PNG.length })
      await alice.invoke('files:stage-chunk', { upload, offset: 0, data: RED_PNG.toString('base64') })
      const sent: ChatMessage = await alice.invoke('files:upload', { upload })
      expect(sent).toMatchObject({ senderNick: 'Alice', attachment: { name: 'dot.png', oob: true } })
      await alice.waitFor('messages:state', (s) => s.some((x) => x.id === sent.id && x.state === 'delivered'))
      const onBob = await waitForBody(bob, sent.body)
      expect(onBob).toMatchObject({ senderNick: 'Alice', direction: 'in', attachment: { url: sent.body, name: 'dot.png', oob: true } })
      // An occupant is no roster contact: the picture waits for a click.
      expect(await bob.invoke('files:preview', { messageId: onBob.id, asked: false })).toEqual({ status: 'ask' })
      expect(await bob.invoke('files:preview', { messageId: onBob.id, asked: true })).toMatchObject({ status: 'shown' })
    })

    it('lets the moderator remove a message for everyone', async () => {
      await carol.invoke('messages:send', { conversation: ROOM, body: 'oops, a secret' })
      const onAlice = await waitForBody(alice, 'oops, a secret')
      await waitForBody(bob, 'oops, a secret')
      await alice.invoke('rooms:moderate', { room: ROOM, messageId: onAlice.id, reason: 'secret' })
      await bob.waitFor('messages:updated', (ms) => ms.some((m) => m.retracted))
      expect((await roomPage(bob)).some((m) => m.body === 'oops, a secret')).toBe(false)
      await expect(bob.invoke('rooms:moderate', { room: ROOM, messageId: onAlice.id, reason: '' })).rejects.toThrow(/moderator/)
    })
  })

  it('catches up from the room archive after a new session, without duplicates', async () => {
    const dataDir = bob.dataDir
    await bob.stop({ keepData: true })
    for (let i = 0; i < 5; i++) await alice.invoke('messages:send', { conversation: ROOM, body: `while bob was away ${i}` })
    await waitForBody(carol, 'while bob was away 4')
    bob = await signedIn(server, 'bob', dataDir)
    await waitForBody(bob, 'while bob was away 4')
    const page = await roomPage(bob)
    const bodies = page.map((m) => m.body)
    for (const body of ['hello team', 'hi from bob', 'while bob was away 0', 'while bob was away 4']) expect(bodies.filter((b) => b === body)).toHaveLength(1)
    // Bob's own earlier message came back from the room archive: still his, still once.
    expect(page.filter((m) => m.body === 'hi from bob')).toMatchObject([{ direction: 'out' }])
    expect(await roomIn(bob)).toMatchObject({ status: 'joined', nick: 'Bob' })
  })

  it('shares bookmarks with a second session of the same account, and removes them there too', async () => {
    const elsewhere = await signedIn(server, 'alice')
    try {
      const room = await elsewhere.waitFor('rooms:changed', (c) => c.upserted.some((r) => r.jid === ROOM && r.status === 'joined'))
      expect(room.upserted.find((r) => r.jid === ROOM)).toMatchObject({ bookmarked: true, autojoin: true, name: 'The Team' })
      const second = `second@${MUC_SERVICE}`
      expect(await alice.invoke('rooms:join', { room: second, nick: 'Alice', password: null, bookmark: true })).toEqual({ ok: true })
      await elsewhere.waitFor('rooms:changed', (c) => c.upserted.some((r) => r.jid === second && r.bookmarked))
      await alice.invoke('rooms:leave', { room: second, forget: true })
      await elsewhere.waitFor('rooms:changed', (c) => c.upserted.some((r) => r.jid === second && !r.bookmarked))
    } finally {
      await elsewhere.stop()
    }
  })

  it('keeps what another client stored in a bookmark (its extensions) when we change the bookmark', async () => {
    const raw = await startRawClient(server, 'alice', PASSWORDS.alice, 'other-client')
    try {
      const room = `extended@${MUC_SERVICE}`
      const extension = xml('pinned', { xmlns: 'urn:example:other-client' })
      await raw.iqCaller.request(bookmarkPublish({ room, name: 'Extended', autojoin: true, nick: 'Alice', extensions: xml('extensions', { xmlns: 'urn:xmpp:bookmarks:1' }, extension) }))
      await alice.waitFor('rooms:changed', (c) => c.upserted.some((r) => r.jid === room && r.status === 'joined'))
      await alice.invoke('rooms:leave', { room, forget: false })
      await until(async () => (await readBookmarks(raw)).some((b) => b.room === room && !b.autojoin), 'the bookmark to say autojoin off')
      const stored = (await readBookmarks(raw)).find((b) => b.room === room)
      expect(stored?.extensions?.getChild('pinned', 'urn:example:other-client')).toBeDefined()
    } finally {
      await raw.entity.stop().catch(() => {})
    }
  })

  it('shows an invitation with the inviter’s address, and joining from it works', async () => {
    const dave = `invited@${MUC_SERVICE}`
    expect(await bob.invoke('rooms:join', { room: dave, nick: 'Bob', password: null, bookmark: false })).toEqual({ ok: true })
    await bob.invoke('rooms:invite', { room: dave, jid: 'carol@localhost', reason: 'come over' })
    const invitations = await carol.waitFor('rooms:invitations', (list) => list.some((i) => i.room === dave))
    expect(invitations.find((i) => i.room === dave)).toMatchObject({ inviter: 'bob@localhost', reason: 'come over' })
    expect(await carol.invoke('rooms:join', { room: dave, nick: 'Carol', password: null, bookmark: false })).toEqual({ ok: true })
    await carol.invoke('rooms:dismiss-invitation', { room: dave })
    expect(await carol.invoke('rooms:invitations')).toEqual([])
  })

  it('browses the server’s rooms', async () => {
    const listing = await carol.invoke('rooms:browse', { service: null })
    expect(listing.services).toEqual([MUC_SERVICE])
    expect(listing.rooms.map((r: { jid: string }) => r.jid)).toContain(ROOM)
    // With how many are in it, from the room's own disco#info (alice, bob and carol at least).
    expect(listing.rooms.find((r: { jid: string }) => r.jid === ROOM)?.occupants).toBeGreaterThanOrEqual(3)
  })
})

describeWithService('prosody', 'bookmarks on a server without XEP-0402 (private storage)', () => {
  let server: ProsodyServer
  const cores: CoreHarness[] = []

  beforeAll(async () => {
    server = await startProsody({ users: PASSWORDS, legacyBookmarks: true })
  })
  afterAll(async () => {
    for (const core of cores) await core.stop()
    await server?.stop()
  })

  it('keeps bookmarks in XEP-0048 storage, found by the next session, and forgets them there too', async () => {
    const first = await signedIn(server, 'alice')
    cores.push(first)
    const kept = `kept@${MUC_SERVICE}`
    const other = `other@${MUC_SERVICE}`
    expect(await first.invoke('rooms:join', { room: kept, nick: 'Alice', password: null, bookmark: true })).toEqual({ ok: true })
    expect(await first.invoke('rooms:join', { room: other, nick: 'Alice', password: null, bookmark: true })).toEqual({ ok: true })
    await first.invoke('rooms:leave', { room: other, forget: true })
    const second = await signedIn(server, 'alice')
    cores.push(second)
    await second.waitFor('rooms:changed', (c) => c.upserted.some((r) => r.jid === kept && r.bookmarked && r.status === 'joined'))
    expect((await roomIn(second, other))?.bookmarked ?? false).toBe(false)
  })
})
