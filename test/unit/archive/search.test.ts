// search(): what is found, in which order, with which filters and snippets, on real SQLite files
// through the same handlers the worker uses.
import { describe, expect, it } from 'vitest'
import type { SearchRequest } from '../../../electron/core/archive/archive'
import type { ArchiveHandlers } from '../../../electron/core/archive/protocol'
import type { SearchFilters } from '../../../shared/types/domain'
import { ALICE, BOB, ME, draft, incoming, openTestDb } from './helpers'

const NONE: SearchFilters = { conversation: null, sender: null, after: null, before: null }

function search(archive: ArchiveHandlers, text: string, request: Partial<SearchRequest> = {}) {
  const result = archive.search(ME, { text, filters: NONE, cursor: null, limit: 50, ...request })
  if (result === 'superseded') throw new Error('only the client supersedes')
  return result
}

const bodies = (archive: ArchiveHandlers, text: string, request: Partial<SearchRequest> = {}): string[] =>
  search(archive, text, request).hits.map((hit) => hit.message.body)

/** Stores one message per body, timestamps 1000, 2000, … in the given order. */
function withBodies(...texts: string[]) {
  const test = openTestDb()
  test.archive.storeIncoming(
    ME,
    texts.map((body, index) => incoming({ body, originId: `o${index}`, timestamp: (index + 1) * 1_000, receivedAt: (index + 1) * 1_000 })),
  )
  return test
}

describe('search: matching', () => {
  it('finds words by prefix, case- and accent-insensitively, across scripts', () => {
    const { archive } = withBodies('Hello café world', 'CAFE au lait', 'Привет, как дела?', 'naïve approach', 'Straße und Gödel')
    expect(bodies(archive, 'hel')).toEqual(['Hello café world'])
    expect(bodies(archive, 'cafe')).toEqual(['CAFE au lait', 'Hello café world'])
    expect(bodies(archive, 'Café')).toEqual(['CAFE au lait', 'Hello café world'])
    expect(bodies(archive, 'naive')).toEqual(['naïve approach'])
    expect(bodies(archive, 'привет')).toEqual(['Привет, как дела?'])
    expect(bodies(archive, 'ДЕЛ')).toEqual(['Привет, как дела?'])
    expect(bodies(archive, 'godel strasse')).toEqual([])
    expect(bodies(archive, 'godel stra')).toEqual(['Straße und Gödel'])
  })

  it('requires every term (AND) and keeps a quoted phrase in order', () => {
    const { archive } = withBodies('see you soon', 'soon you will see', 'see the sea')
    expect(bodies(archive, 'see soon')).toEqual(['soon you will see', 'see you soon'])
    expect(bodies(archive, '"see you"')).toEqual(['see you soon'])
    expect(bodies(archive, '"you see"')).toEqual([])
    // A word with punctuation inside is a phrase of its parts.
    expect(bodies(archive, 'soon-you')).toEqual(['soon you will see'])
    expect(bodies(archive, 'you-see')).toEqual([])
  })

  it('finds Chinese and Japanese in the middle of a sentence with 1, 2 and 3 characters', () => {
    const { archive } = withBodies('我们今天去吃饭吧，好不好？', '明日は東京駅で待ち合わせしましょう', 'no CJK here', '今天天气很好')
    expect(bodies(archive, '吃饭')).toEqual(['我们今天去吃饭吧，好不好？'])
    expect(bodies(archive, '去吃饭')).toEqual(['我们今天去吃饭吧，好不好？'])
    expect(bodies(archive, '今天')).toEqual(['今天天气很好', '我们今天去吃饭吧，好不好？'])
    expect(bodies(archive, '饭')).toEqual(['我们今天去吃饭吧，好不好？'])
    expect(bodies(archive, '東京')).toEqual(['明日は東京駅で待ち合わせしましょう'])
    expect(bodies(archive, '待ち合わせ')).toEqual(['明日は東京駅で待ち合わせしましょう'])
    expect(bodies(archive, '駅で')).toEqual(['明日は東京駅で待ち合わせしましょう'])
    expect(bodies(archive, '吃饭 好不好')).toEqual(['我们今天去吃饭吧，好不好？'])
    expect(bodies(archive, '吃饭 明日')).toEqual([])
  })

  it('finds Thai inside a sentence, and Korean (spaced) by word prefix', () => {
    const { archive } = withBodies('สวัสดีครับวันนี้อากาศดี', '안녕하세요 친구들')
    expect(bodies(archive, 'วันนี้')).toEqual(['สวัสดีครับวันนี้อากาศดี'])
    expect(bodies(archive, 'อากาศ')).toEqual(['สวัสดีครับวันนี้อากาศดี'])
    expect(bodies(archive, '안녕')).toEqual(['안녕하세요 친구들'])
    expect(bodies(archive, '친구')).toEqual(['안녕하세요 친구들'])
  })

  it('finds emoji, alone or next to words, and mixes them with words', () => {
    const { archive } = withBodies('party 🎉 tonight', 'party🎉time', 'no party', '🎉🎉🎉')
    expect(bodies(archive, '🎉')).toEqual(['🎉🎉🎉', 'party🎉time', 'party 🎉 tonight'])
    expect(bodies(archive, 'party 🎉')).toEqual(['party🎉time', 'party 🎉 tonight'])
    expect(bodies(archive, 'party🎉')).toEqual(['party🎉time'])
    expect(bodies(archive, 'tonight 🎉')).toEqual(['party 🎉 tonight'])
  })

  it('mixes CJK and Latin terms in one query', () => {
    const { archive } = withBodies('iPhone 充电器 坏了', 'iPad 充电器', 'iPhone case')
    expect(bodies(archive, 'iphone 充电')).toEqual(['iPhone 充电器 坏了'])
    expect(bodies(archive, '充电器 ipa')).toEqual(['iPad 充电器'])
  })

  it('never hands the input to FTS5 as syntax: operators and quotes are plain text', () => {
    const { archive } = withBodies('this AND that', 'near the sea', 'secret plan', 'a:b c*d "quoted"', 'x OR y')
    const inputs = ['"', '""', '"""', '*', '**', 'NEAR(', 'NEAR(a b)', 'AND', 'OR', 'NOT', '-', '-secret', ':', 'body:', 'scope:', '^sea', '(', ')', '{body}:x', 'a"b', 'c*', '+', 'plan*', "it's", '\\', '%', '_']
    for (const text of inputs) expect(() => search(archive, text), text).not.toThrow()
    expect(bodies(archive, 'AND')).toEqual(['this AND that'])
    expect(bodies(archive, 'NEAR(')).toEqual(['near the sea'])
    expect(bodies(archive, '-secret')).toEqual(['secret plan'])
    expect(bodies(archive, 'OR')).toEqual(['x OR y'])
    expect(bodies(archive, 'c*d')).toEqual(['a:b c*d "quoted"'])
    expect(bodies(archive, '"quoted')).toEqual(['a:b c*d "quoted"'])
    expect(bodies(archive, '%')).toEqual([])
  })

  it('returns no hits, without an error, for empty or punctuation-only input or filters alone', () => {
    const { archive } = withBodies('anything at all')
    for (const text of ['', '   ', '"', '*', '...', '!?', '- -', '()', '“”', 'from:me', 'in:alice@example.org']) {
      expect(search(archive, text), text).toEqual({ hits: [], nextCursor: null })
    }
  })

  it('cannot match the conversation or sender tokens of the index through the text', () => {
    const { archive } = withBodies('hello')
    const token = `c${Buffer.from(ALICE).toString('hex')}`
    expect(bodies(archive, token)).toEqual([])
    expect(bodies(archive, 'sme')).toEqual([])
  })
})

describe('search: scope and filters', () => {
  function scene() {
    const test = openTestDb()
    const { archive } = test
    archive.storeIncoming(ME, [
      incoming({ body: 'pizza from alice', originId: 'a1', timestamp: Date.UTC(2025, 0, 1, 10) }),
      incoming({ conversation: BOB, senderJid: `${BOB}/pc`, body: 'pizza from bob', originId: 'b1', timestamp: Date.UTC(2025, 0, 15) }),
      // Alice speaking in Bob's conversation (a group chat, say): found by sender, not by conversation.
      incoming({ conversation: BOB, senderJid: `${ALICE}/phone`, body: 'pizza by alice at bob', originId: 'a2', timestamp: Date.UTC(2025, 0, 31) }),
      incoming({ conversation: ALICE, senderJid: `${ME}/laptop`, direction: 'out', body: 'pizza sent from my laptop', originId: 'm1', timestamp: Date.UTC(2025, 1, 1) }),
    ])
    archive.storeOutgoing(ME, draft({ body: 'pizza typed here', timestamp: Date.UTC(2025, 1, 2) }))
    archive.storeIncoming('other@example.org', [incoming({ body: 'pizza for another account', originId: 'x', timestamp: 5 })])
    return test
  }

  it('searches one account only', () => {
    expect(bodies(scene().archive, 'pizza')).toEqual(['pizza typed here', 'pizza sent from my laptop', 'pizza by alice at bob', 'pizza from bob', 'pizza from alice'])
  })

  it('scopes to a conversation, from the UI or the syntax', () => {
    const { archive } = scene()
    const inAlice = ['pizza typed here', 'pizza sent from my laptop', 'pizza from alice']
    expect(bodies(archive, 'pizza', { filters: { ...NONE, conversation: ALICE } })).toEqual(inAlice)
    expect(bodies(archive, `pizza in:${ALICE}`)).toEqual(inAlice)
    expect(bodies(archive, `pizza in:${BOB}`, { filters: { ...NONE, conversation: ALICE } })).toEqual(['pizza by alice at bob', 'pizza from bob'])
  })

  it('filters by sender: me means our own messages, a JID means incoming from that bare JID', () => {
    const { archive } = scene()
    expect(bodies(archive, 'pizza from:me')).toEqual(['pizza typed here', 'pizza sent from my laptop'])
    expect(bodies(archive, `pizza from:${ALICE}`)).toEqual(['pizza by alice at bob', 'pizza from alice'])
    expect(bodies(archive, 'pizza', { filters: { ...NONE, sender: BOB } })).toEqual(['pizza from bob'])
    expect(bodies(archive, `pizza from:${ALICE} in:${BOB}`)).toEqual(['pizza by alice at bob'])
  })

  it('filters by date: after inclusive, before exclusive, as UTC days in the syntax', () => {
    const { archive } = scene()
    expect(bodies(archive, 'pizza after:2025-01-15 before:2025-02-01')).toEqual(['pizza by alice at bob', 'pizza from bob'])
    expect(bodies(archive, 'pizza', { filters: { ...NONE, after: Date.UTC(2025, 0, 31), before: Date.UTC(2025, 0, 31) + 1 } })).toEqual(['pizza by alice at bob'])
    expect(bodies(archive, 'pizza before:2025-01-01')).toEqual([])
    expect(bodies(archive, 'pizza after:2025-02-02')).toEqual(['pizza typed here'])
  })

  it('applies filters to CJK and emoji searches as well', () => {
    const { archive } = openTestDb()
    archive.storeIncoming(ME, [
      incoming({ body: '今天 🎉', originId: '1', timestamp: 1_000 }),
      incoming({ conversation: BOB, senderJid: `${BOB}/x`, body: '今天 🎉', originId: '2', timestamp: 2_000 }),
    ])
    expect(search(archive, `今天 in:${BOB}`).hits.map((hit) => hit.message.conversation)).toEqual([BOB])
    expect(search(archive, `🎉 from:${ALICE}`).hits.map((hit) => hit.message.conversation)).toEqual([ALICE])
    expect(search(archive, '今天', { filters: { ...NONE, before: 2_000 } }).hits.map((hit) => hit.message.conversation)).toEqual([ALICE])
  })
})

describe('search: results', () => {
  it('returns messages mapped as page() maps them', () => {
    const { archive } = withBodies('the only one')
    const [hit] = search(archive, 'only').hits
    expect(hit?.message).toEqual(archive.page(ME, ALICE, null, 1).messages[0])
  })

  it('marks exactly the matched words in the snippet', () => {
    const { archive } = withBodies('The quick brown fox jumps over the lazy dog')
    expect(search(archive, 'qui fox').hits[0]?.snippet).toEqual([
      { text: 'The ', hit: false },
      { text: 'quick', hit: true },
      { text: ' brown ', hit: false },
      { text: 'fox', hit: true },
      { text: ' jumps over the lazy dog', hit: false },
    ])
    expect(search(archive, '"brown fox"').hits[0]?.snippet.filter((part) => part.hit)).toEqual([{ text: 'brown fox', hit: true }])
  })

  it('cuts long messages around the match with ellipses', () => {
    const words = Array.from({ length: 60 }, (_, i) => `w${i}`)
    const { archive } = withBodies([...words.slice(0, 30), 'needle', ...words.slice(30)].join(' '))
    const snippet = search(archive, 'needle').hits[0]!.snippet
    const text = snippet.map((part) => part.text).join('')
    expect(text.startsWith('…')).toBe(true)
    expect(text.endsWith('…')).toBe(true)
    expect(snippet.filter((part) => part.hit)).toEqual([{ text: 'needle', hit: true }])
  })

  it('marks CJK and emoji matches, and never cuts a character in half', () => {
    const { archive } = withBodies('我们今天去吃饭吧', `${'😀'.repeat(80)}🎉${'😀'.repeat(80)}`)
    expect(search(archive, '今天').hits[0]?.snippet).toEqual([
      { text: '我们', hit: false },
      { text: '今天', hit: true },
      { text: '去吃饭吧', hit: false },
    ])
    const emoji = search(archive, '🎉').hits[0]!.snippet
    expect(emoji.filter((part) => part.hit)).toEqual([{ text: '🎉', hit: true }])
    expect(emoji.map((part) => part.text).join('')).toMatch(/^…(😀)+🎉(😀)+…$/u)
  })

  it('keeps text that looks like snippet markers as text', () => {
    const { archive } = withBodies('odd \u0001 b \u0002 Words')
    expect(search(archive, 'word').hits[0]?.snippet).toEqual([
      { text: 'odd \u0001 b \u0002 ', hit: false },
      { text: 'Word', hit: true },
      { text: 's', hit: false },
    ])
  })

  it('refuses a limit that is not positive and a cursor it did not make', () => {
    const { archive } = withBodies('x')
    expect(() => search(archive, 'x', { limit: 0 })).toThrow(RangeError)
    for (const cursor of ['', 'garbage', Buffer.from('[1]').toString('base64url'), Buffer.from('[1.5,2]').toString('base64url')]) {
      expect(() => search(archive, 'x', { cursor }), cursor).toThrow('Invalid search cursor')
    }
  })
})
