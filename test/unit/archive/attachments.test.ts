// Attachments in the archive (migration 90): stored with incoming and outgoing messages, read back
// on every path that returns messages, sent again as OOB from the outbox, looked up by message id
// only within the account, gone with a retraction, and dropped by a correction that changes the
// link. An unreadable stored value is no attachment rather than an error.
import { describe, expect, it } from 'vitest'
import { MIGRATIONS } from '../../../electron/core/archive/migrations'
import { ALICE, BOB, ME, draft, incoming, openTestDb } from './helpers'

const URL = 'https://upload.example.org/abc/photo.png'
const FILE = { url: URL, name: 'photo.png', size: 1234, mediaType: 'image/png', oob: true }

describe('attachments in the archive', () => {
  it('is schema version 90, among the migrations', () => {
    expect(MIGRATIONS.map((m) => m.version)).toContain(90)
  })

  it('names the file in the chat list summary, and forgets it when the file is retracted', () => {
    const { archive } = openTestDb()
    const { conversations, added } = archive.storeIncoming(ME, [incoming({ body: URL, originId: 'f9', attachment: FILE })])
    expect(conversations[0]).toMatchObject({ lastBody: URL, lastFileName: 'photo.png' })
    archive.applyRetraction(ME, { conversation: added[0]!.conversation, senderBare: 'alice@example.org', targetId: 'f9', timestamp: 9_000 })
    expect(archive.conversations(ME)[0]).not.toHaveProperty('lastFileName')
  })

  it('stores an incoming file message and returns it on every read path', () => {
    const { archive } = openTestDb()
    const { added } = archive.storeIncoming(ME, [incoming({ body: URL, originId: 'f1', attachment: { ...FILE, size: null, mediaType: null } }), incoming({ body: 'plain', originId: 'p1' })])
    expect(added[0]?.attachment).toEqual({ ...FILE, size: null, mediaType: null })
    expect(added[1]).not.toHaveProperty('attachment')
    expect(archive.page(ME, ALICE, null, 10).messages[0]?.attachment?.url).toBe(URL)
    expect(archive.around(ME, ALICE, added[0]?.id ?? 0, 5).messages[0]?.attachment?.name).toBe('photo.png')
  })

  it('an outgoing file message waits in the outbox with its OOB link', () => {
    const { archive } = openTestDb()
    const { added } = archive.storeOutgoing(ME, draft({ body: URL, attachment: FILE }))
    expect(added[0]?.attachment).toEqual(FILE)
    archive.storeOutgoing(ME, draft({ body: 'text' }))
    expect(archive.outbox(ME).map((item) => item.oobUrl)).toEqual([URL, null])
  })

  it('is looked up by message id within the account only, with who sent it', () => {
    const { archive } = openTestDb()
    const [message] = archive.storeIncoming(ME, [incoming({ body: URL, originId: 'f1', attachment: FILE })]).added
    const id = message?.id ?? 0
    expect(archive.messageAttachment(ME, id)).toEqual({ attachment: FILE, conversation: ALICE, direction: 'in', senderBare: ALICE })
    expect(archive.messageAttachment(BOB, id)).toBeNull()
    const [plain] = archive.storeIncoming(ME, [incoming({ body: 'hi', originId: 'p1' })]).added
    expect(archive.messageAttachment(ME, plain?.id ?? 0)).toBeNull()
  })

  it('a retraction takes the file with the text; a correction to other text drops it', () => {
    const { archive } = openTestDb()
    const [a, b] = archive.storeIncoming(ME, [incoming({ body: URL, originId: 'f1', attachment: FILE }), incoming({ body: URL, originId: 'f2', attachment: FILE })]).added
    const retracted = archive.applyRetraction(ME, { conversation: ALICE, senderBare: ALICE, targetId: 'f1', timestamp: 5_000 })
    expect(retracted).not.toHaveProperty('attachment')
    expect(archive.messageAttachment(ME, a?.id ?? 0)).toBeNull()
    const corrected = archive.applyCorrection(ME, { conversation: ALICE, senderBare: ALICE, replaceId: 'f2', originId: 'c1', body: 'oops, wrong file', timestamp: 5_000 })
    expect(corrected?.body).toBe('oops, wrong file')
    expect(corrected).not.toHaveProperty('attachment')
    expect(archive.messageAttachment(ME, b?.id ?? 0)).toBeNull()
  })

  it('a stored value that is not a valid attachment reads as none', () => {
    const { db, archive } = openTestDb()
    const [message] = archive.storeIncoming(ME, [incoming({ body: URL, originId: 'f1', attachment: FILE })]).added
    db.prepare(`UPDATE messages SET attachment = '{"url": 5}' WHERE id = ?`).run(message?.id)
    expect(archive.page(ME, ALICE, null, 10).messages[0]).not.toHaveProperty('attachment')
    expect(() => db.prepare(`UPDATE messages SET attachment = 'not json' WHERE id = ?`).run(message?.id)).toThrow(/CHECK/u)
  })
})
