// newer() and around(): reading a conversation forward and around one message (opening a search
// hit), keyset on the (account, conversation, id) index like page().
import { describe, expect, it } from 'vitest'
import { ALICE, BOB, ME, incoming, openTestDb } from './helpers'

/** Alice's conversation m1..m20 with Bob's messages interleaved, so ids are not contiguous. */
function conversation() {
  const test = openTestDb()
  for (let i = 1; i <= 20; i++) {
    test.archive.storeIncoming(ME, [
      incoming({ body: `m${i}`, originId: `a${i}`, timestamp: i }),
      incoming({ conversation: BOB, senderJid: `${BOB}/r`, body: `b${i}`, originId: `b${i}`, timestamp: i }),
    ])
  }
  const ids = test.archive.page(ME, ALICE, null, 100).messages.map((m) => m.id)
  return { ...test, ids }
}

const bodies = (result: { messages: { body: string }[] }): string[] => result.messages.map((m) => m.body)

describe('newer', () => {
  it('returns the page after a message, oldest first, and says whether more follow', () => {
    const { archive, ids } = conversation()
    const first = archive.newer(ME, ALICE, ids[4]!, 5)
    expect(bodies(first)).toEqual(['m6', 'm7', 'm8', 'm9', 'm10'])
    expect(first.hasMore).toBe(true)
    const next = archive.newer(ME, ALICE, first.messages.at(-1)!.id, 10)
    expect(bodies(next)).toEqual(['m11', 'm12', 'm13', 'm14', 'm15', 'm16', 'm17', 'm18', 'm19', 'm20'])
    expect(next.hasMore).toBe(false)
    expect(archive.newer(ME, ALICE, ids[19]!, 10)).toEqual({ messages: [], hasMore: false })
  })

  it('is scoped to the account and conversation, and refuses a limit that is not positive', () => {
    const { archive, ids } = conversation()
    expect(archive.newer('other@example.org', ALICE, 0, 10)).toEqual({ messages: [], hasMore: false })
    // Ids are shared by all conversations: after Alice's m20 comes only Bob's b20.
    expect(bodies(archive.newer(ME, BOB, ids[19]!, 10))).toEqual(['b20'])
    expect(() => archive.newer(ME, ALICE, 0, 0)).toThrow(RangeError)
  })

  it('seeks through the (account, conversation, id) index', () => {
    const { db } = openTestDb()
    const plan = db
      .prepare<[], { detail: string }>(`EXPLAIN QUERY PLAN SELECT id FROM messages WHERE account = 'a' AND conversation = 'c' AND id > 5 ORDER BY id LIMIT 10`)
      .all()
      .map((row) => row.detail)
    expect(plan).toEqual(['SEARCH messages USING COVERING INDEX messages_page (account=? AND conversation=? AND id>?)'])
  })
})

describe('around', () => {
  it('returns the message with context on both sides, oldest first', () => {
    const { archive, ids } = conversation()
    const result = archive.around(ME, ALICE, ids[9]!, 3)
    expect(bodies(result)).toEqual(['m7', 'm8', 'm9', 'm10', 'm11', 'm12', 'm13'])
    expect(result).toMatchObject({ hasOlder: true, hasNewer: true })
  })

  it('reports the ends of the conversation exactly', () => {
    const { archive, ids } = conversation()
    expect(archive.around(ME, ALICE, ids[0]!, 2)).toMatchObject({ hasOlder: false, hasNewer: true })
    expect(bodies(archive.around(ME, ALICE, ids[0]!, 2))).toEqual(['m1', 'm2', 'm3'])
    expect(archive.around(ME, ALICE, ids[19]!, 2)).toMatchObject({ hasOlder: true, hasNewer: false })
    // Exactly `context` messages on a side: nothing beyond them.
    expect(archive.around(ME, ALICE, ids[2]!, 2)).toMatchObject({ hasOlder: false, hasNewer: true })
    expect(archive.around(ME, ALICE, ids[17]!, 2)).toMatchObject({ hasOlder: true, hasNewer: false })
    expect(bodies(archive.around(ME, ALICE, ids[5]!, 0))).toEqual(['m6'])
  })

  it('returns nothing for a message of another conversation or account, or none at all', () => {
    const { archive, ids } = conversation()
    expect(archive.around(ME, BOB, ids[3]!, 2)).toEqual({ messages: [], hasOlder: false, hasNewer: false })
    expect(archive.around('other@example.org', ALICE, ids[3]!, 2)).toEqual({ messages: [], hasOlder: false, hasNewer: false })
    expect(archive.around(ME, ALICE, 999_999, 2)).toEqual({ messages: [], hasOlder: false, hasNewer: false })
    expect(() => archive.around(ME, ALICE, ids[3]!, -1)).toThrow(RangeError)
  })
})
