// Room bookmarks: XEP-0402 items, notifications and publish/retract stanzas, legacy XEP-0048 in
// private storage, the choice between them, and above all that a notification from anyone but our
// own account is refused (security notes A7, T6: Dino CVE-2023-28686).
import { describe, expect, it } from 'vitest'
import {
  bookmarkEventAllowed,
  bookmarkPublish,
  bookmarkRetract,
  bookmarksFetch,
  chooseBookmarkStorage,
  legacyBookmarksFetch,
  legacyBookmarksSet,
  MAX_BOOKMARKS,
  parseBookmarkEvent,
  parseBookmarksResult,
  parseLegacyBookmarks,
} from '../../../../electron/core/xmpp/features/bookmarks'
import { NS } from '../../../../electron/core/xmpp/ns'
import { parseStanza, roundTrip } from '../../../support/parse-xml'

const ME = 'me@example.org'
const B = "xmlns='urn:xmpp:bookmarks:1'"

const result = (items: string): string =>
  `<iq type='result' id='r1'><pubsub xmlns='http://jabber.org/protocol/pubsub'><items node='urn:xmpp:bookmarks:1'>${items}</items></pubsub></iq>`
const event = (from: string | null, inner: string, node = 'urn:xmpp:bookmarks:1'): string =>
  `<message${from ? ` from='${from}'` : ''} to='me@example.org/desk' type='headline' id='e1'><event xmlns='http://jabber.org/protocol/pubsub#event'><items node='${node}'>${inner}</items></event></message>`
const T6_ITEM = `<item id='trap@muc.evil.example'><conference ${B} name='Team (official)' autojoin='true'><nick>me</nick></conference></item>`

describe('XEP-0402 fetch and items', () => {
  it('asks for the items of urn:xmpp:bookmarks:1 on our own account', () => {
    const iq = roundTrip(bookmarksFetch())
    expect(iq.attrs).toMatchObject({ type: 'get' })
    expect(iq.attrs.to).toBeUndefined()
    expect(iq.getChild('pubsub', NS.pubsub)?.getChild('items', NS.pubsub)?.attrs.node).toBe(NS.bookmarks)
  })

  it('reads room, name, autojoin, nick and password; the item id is the room', () => {
    const list = parseBookmarksResult(
      parseStanza(
        result(
          `<item id='Council@Conference.underhill.org'><conference ${B} name='Council of Oberon' autojoin='true'><nick>Puck</nick><password>s3cret</password><extensions><x xmlns='urn:example'/></extensions></conference></item>` +
            `<item id='orchard@conference.shakespeare.lit'><conference ${B} autojoin='1'/></item>` +
            `<item id='quiet@conference.shakespeare.lit'><conference ${B} name='Quiet'/></item>`,
        ),
      ),
    )
    expect(list?.[0]?.extensions?.getChild('x', 'urn:example')).toBeDefined()
    expect(list).toEqual([
      { room: 'council@conference.underhill.org', name: 'Council of Oberon', autojoin: true, nick: 'Puck', password: 's3cret', extensions: expect.anything() },
      { room: 'orchard@conference.shakespeare.lit', name: '', autojoin: true },
      { room: 'quiet@conference.shakespeare.lit', name: 'Quiet', autojoin: false },
    ])
  })

  it('skips items without a usable room or a single conference, and never autojoins on a value that is not true/1', () => {
    const list = parseBookmarksResult(
      parseStanza(
        result(
          `<item id='conference.example.org'><conference ${B} autojoin='true'/></item>` + // no local part
            `<item id='room@muc.example.org/nick'><conference ${B} autojoin='true'/></item>` + // full JID
            `<item><conference ${B} autojoin='true'/></item>` + // no id
            `<item id='two@muc.example.org'><conference ${B}/><conference ${B}/></item>` +
            `<item id='foreign@muc.example.org'><conference xmlns='storage:bookmarks' autojoin='true'/></item>` +
            `<item id='yes@muc.example.org'><conference ${B} autojoin='yes'><nick></nick><password></password></conference></item>`,
        ),
      ),
    )
    expect(list).toEqual([{ room: 'yes@muc.example.org', name: '', autojoin: false }])
  })

  it('cleans names and drops nicks and passwords that could not be used', () => {
    const long = 'n'.repeat(600)
    const list = parseBookmarksResult(
      parseStanza(result(`<item id='r@muc.example.org'><conference ${B} name='Team&#x202E;lanoitan&#x85;  x' autojoin='false'><nick>a&#x85;b</nick><password>${'p'.repeat(1024)}</password></conference></item><item id='s@muc.example.org'><conference ${B} name='${long}'/></item>`)),
    )
    expect(list?.[0]).toEqual({ room: 'r@muc.example.org', name: 'Teamlanoitan x', autojoin: false })
    expect(list?.[1]?.name).toHaveLength(256)
  })

  it('keeps one bookmark per room and at most MAX_BOOKMARKS', () => {
    const dup = parseBookmarksResult(parseStanza(result(`<item id='r@muc.example.org'><conference ${B} name='A'/></item><item id='R@muc.example.org'><conference ${B} name='B'/></item>`)))
    expect(dup).toEqual([{ room: 'r@muc.example.org', name: 'B', autojoin: false }])
    const many = Array.from({ length: MAX_BOOKMARKS + 5 }, (_, i) => `<item id='r${i}@muc.example.org'><conference ${B}/></item>`).join('')
    expect(parseBookmarksResult(parseStanza(result(many)))).toHaveLength(MAX_BOOKMARKS)
  })

  it('is null for something that is not a bookmarks result', () => {
    expect(parseBookmarksResult(parseStanza("<iq type='result' id='r1'/>"))).toBeNull()
    expect(parseBookmarksResult(parseStanza("<iq type='error' id='r1'><pubsub xmlns='http://jabber.org/protocol/pubsub'><items node='urn:xmpp:bookmarks:1'/></pubsub></iq>"))).toBeNull()
    expect(parseBookmarksResult(parseStanza("<iq type='result' id='r1'><pubsub xmlns='http://jabber.org/protocol/pubsub'><items node='urn:xmpp:mds:displayed:0'/></pubsub></iq>"))).toBeNull()
    expect(parseBookmarksResult(parseStanza(result('')))).toEqual([])
  })
})

describe('XEP-0402 notifications', () => {
  it('reads published items and retractions from our own account (bare JID or no from)', () => {
    const published = parseBookmarkEvent(parseStanza(event(ME, `<item id='theplay@conference.shakespeare.lit'><conference ${B} name='The Play' autojoin='1'><nick>JC</nick></conference></item>`)), ME)
    expect(published).toEqual({ published: [{ room: 'theplay@conference.shakespeare.lit', name: 'The Play', autojoin: true, nick: 'JC' }], retracted: [] })
    const retracted = parseBookmarkEvent(parseStanza(event(null, "<retract id='theplay@conference.shakespeare.lit'/><retract id='bad/x'/>")), ME)
    expect(retracted).toEqual({ published: [], retracted: ['theplay@conference.shakespeare.lit'] })
  })

  it('T6: refuses the CVE-2023-28686 spoof from another account', () => {
    const spoof = parseStanza(event('mallory@evil.example', T6_ITEM))
    expect(bookmarkEventAllowed(spoof, ME)).toBe(false)
    expect(parseBookmarkEvent(spoof, ME)).toBeNull()
  })

  it('refuses a full JID of ours, our domain, a look-alike, or a from that does not parse', () => {
    for (const from of [`${ME}/desk`, 'example.org', 'me@example.org.evil.example', 'me@evil.example', 'x@@y']) {
      const stanza = parseStanza(event(from, T6_ITEM))
      expect(bookmarkEventAllowed(stanza, ME), from).toBe(false)
      expect(parseBookmarkEvent(stanza, ME), from).toBeNull()
    }
    expect(bookmarkEventAllowed(parseStanza(event('Me@Example.org', T6_ITEM)), ME)).toBe(true)
    expect(bookmarkEventAllowed(parseStanza(event(null, T6_ITEM)), ME)).toBe(true)
  })

  it('ignores other nodes, errors, and events with nothing usable', () => {
    expect(parseBookmarkEvent(parseStanza(event(ME, T6_ITEM, 'urn:xmpp:mds:displayed:0')), ME)).toBeNull()
    expect(parseBookmarkEvent(parseStanza(event(ME, "<item id='nolocal.example'/>")), ME)).toBeNull()
    const error = parseStanza(event(ME, T6_ITEM).replace("type='headline'", "type='error'"))
    expect(parseBookmarkEvent(error, ME)).toBeNull()
    const twoEvents = parseStanza(
      `<message from='${ME}'><event xmlns='http://jabber.org/protocol/pubsub#event'><items node='urn:xmpp:bookmarks:1'>${T6_ITEM}</items></event><event xmlns='http://jabber.org/protocol/pubsub#event'/></message>`,
    )
    expect(parseBookmarkEvent(twoEvents, ME)).toBeNull()
  })
})

describe('XEP-0402 publish and retract', () => {
  it('publishes one item per room with the XEP-0402 publish-options', () => {
    const iq = roundTrip(bookmarkPublish({ room: 'Room@MUC.example.org', name: "Team's room", autojoin: true, nick: 'me', password: 'p<w>' }))
    expect(iq.attrs.type).toBe('set')
    const pubsub = iq.getChild('pubsub', NS.pubsub)
    const item = pubsub?.getChild('publish', NS.pubsub)?.getChild('item', NS.pubsub)
    expect(pubsub?.getChild('publish', NS.pubsub)?.attrs.node).toBe(NS.bookmarks)
    expect(item?.attrs.id).toBe('room@muc.example.org')
    const conference = item?.getChild('conference', NS.bookmarks)
    expect(conference?.attrs).toMatchObject({ name: "Team's room", autojoin: 'true' })
    expect(conference?.getChildText('nick', NS.bookmarks)).toBe('me')
    expect(conference?.getChildText('password', NS.bookmarks)).toBe('p<w>')
    const form = pubsub?.getChild('publish-options', NS.pubsub)?.getChild('x', NS.dataForms)
    expect(form?.attrs.type).toBe('submit')
    const fields = Object.fromEntries((form?.getChildren('field', NS.dataForms) ?? []).map((f) => [f.attrs.var, f.getChildText('value', NS.dataForms)]))
    expect(fields).toEqual({
      FORM_TYPE: 'http://jabber.org/protocol/pubsub#publish-options',
      'pubsub#persist_items': 'true',
      'pubsub#max_items': 'max',
      'pubsub#send_last_published_item': 'never',
      'pubsub#access_model': 'whitelist',
    })
  })

  it("keeps other clients' extensions when republishing a bookmark it read (XEP-0402 MUST)", () => {
    const [read] = parseBookmarksResult(
      parseStanza(result(`<item id='r@muc.example.org'><conference ${B} name='R'><extensions><notify xmlns='urn:example:notify'><always/></notify>text</extensions></conference></item>`)),
    ) ?? []
    expect(read?.extensions).toBeDefined()
    const conference = roundTrip(bookmarkPublish({ ...(read as NonNullable<typeof read>), autojoin: true }))
      .getChild('pubsub', NS.pubsub)
      ?.getChild('publish', NS.pubsub)
      ?.getChild('item', NS.pubsub)
      ?.getChild('conference', NS.bookmarks)
    const extensions = conference?.getChild('extensions', NS.bookmarks)
    expect(extensions?.getChild('notify', 'urn:example:notify')?.getChild('always', 'urn:example:notify')).toBeDefined()
    expect(extensions?.text()).toBe('text')
    expect(conference?.attrs.autojoin).toBe('true')
  })

  it('drops extensions that are too deep or too large, and empty ones', () => {
    const deep = `${'<a>'.repeat(40)}${'</a>'.repeat(40)}`
    const wide = '<b/>'.repeat(600)
    for (const inner of [deep, wide, '']) {
      const [read] = parseBookmarksResult(parseStanza(result(`<item id='r@muc.example.org'><conference ${B}><extensions>${inner}</extensions></conference></item>`))) ?? []
      expect(read).toEqual({ room: 'r@muc.example.org', name: '', autojoin: false })
    }
  })

  it('leaves out an empty name, nick and password', () => {
    const conference = roundTrip(bookmarkPublish({ room: 'r@muc.example.org', name: '', autojoin: false }))
      .getChild('pubsub', NS.pubsub)
      ?.getChild('publish', NS.pubsub)
      ?.getChild('item', NS.pubsub)
      ?.getChild('conference', NS.bookmarks)
    expect(conference?.attrs.name).toBeUndefined()
    expect(conference?.attrs.autojoin).toBe('false')
    expect(conference?.children).toHaveLength(0)
  })

  it('refuses to publish an unusable room, nick, password or name', () => {
    expect(() => bookmarkPublish({ room: 'muc.example.org', name: '', autojoin: false })).toThrow(RangeError)
    expect(() => bookmarkPublish({ room: 'r@muc.example.org/x', name: '', autojoin: false })).toThrow(RangeError)
    expect(() => bookmarkPublish({ room: 'r@muc.example.org', name: '', autojoin: false, nick: ' ' })).toThrow(RangeError)
    expect(() => bookmarkPublish({ room: 'r@muc.example.org', name: '', autojoin: false, password: 'a\u0000' })).toThrow(RangeError)
    expect(() => bookmarkPublish({ room: 'r@muc.example.org', name: 'x'.repeat(257), autojoin: false })).toThrow(RangeError)
  })

  it('retracts with notify so our other devices hear of it', () => {
    const retract = roundTrip(bookmarkRetract('Room@muc.example.org')).getChild('pubsub', NS.pubsub)?.getChild('retract', NS.pubsub)
    expect(retract?.attrs).toMatchObject({ node: NS.bookmarks, notify: 'true' })
    expect(retract?.getChild('item', NS.pubsub)?.attrs.id).toBe('room@muc.example.org')
    expect(() => bookmarkRetract('not a jid')).toThrow(RangeError)
  })
})

describe('XEP-0048 in private storage', () => {
  const storage = (inner: string): string => `<iq type='result' id='p1'><query xmlns='jabber:iq:private'><storage xmlns='storage:bookmarks'>${inner}</storage></query></iq>`

  it('fetches storage:bookmarks from jabber:iq:private', () => {
    const iq = roundTrip(legacyBookmarksFetch())
    expect(iq.attrs.type).toBe('get')
    expect(iq.getChild('query', NS.privateXml)?.getChild('storage', NS.bookmarksLegacy)).toBeDefined()
  })

  it('reads conferences (jid attribute), ignoring URLs and unusable entries', () => {
    const list = parseLegacyBookmarks(
      parseStanza(
        storage(
          "<conference name='Council' autojoin='true' jid='council@conference.underhill.org'><nick>Puck</nick><password>pw</password></conference>" +
            "<url name='Site' url='https://example.org'/>" +
            "<conference name='No room' autojoin='true'/>" +
            "<conference jid='x@muc.example.org'><nick xmlns='urn:other'>spoof</nick></conference>",
        ),
      ),
    )
    expect(list).toEqual([
      { room: 'council@conference.underhill.org', name: 'Council', autojoin: true, nick: 'Puck', password: 'pw' },
      { room: 'x@muc.example.org', name: '', autojoin: false },
    ])
    expect(parseLegacyBookmarks(parseStanza("<iq type='result' id='p1'><query xmlns='jabber:iq:private'/></iq>"))).toBeNull()
    expect(parseLegacyBookmarks(parseStanza(storage('')))).toEqual([])
  })

  it('writes the whole list back, and it reads back the same', () => {
    const bookmarks = [
      { room: 'a@muc.example.org', name: 'A', autojoin: true, nick: 'me' },
      { room: 'b@muc.example.org', name: '', autojoin: false, password: 'x' },
    ]
    const iq = roundTrip(legacyBookmarksSet(bookmarks))
    expect(iq.attrs.type).toBe('set')
    const conferences = iq.getChild('query', NS.privateXml)?.getChild('storage', NS.bookmarksLegacy)?.getChildren('conference', NS.bookmarksLegacy)
    expect(conferences?.map((c) => c.attrs.jid)).toEqual(['a@muc.example.org', 'b@muc.example.org'])
    const echoed = parseStanza(iq.toString().replace("type='set'", "type='result'").replace('type="set"', 'type="result"'))
    expect(parseLegacyBookmarks(echoed)).toEqual(bookmarks)
    expect(() => legacyBookmarksSet([{ room: 'bad', name: '', autojoin: false }])).toThrow(RangeError)
  })
})

describe('which storage', () => {
  it('uses XEP-0402 only when the server advertises #compat on our account', () => {
    expect(chooseBookmarkStorage(new Set(['urn:xmpp:bookmarks:1#compat', 'http://jabber.org/protocol/pubsub#publish-options']))).toBe('pep')
    expect(chooseBookmarkStorage(new Set(['urn:xmpp:bookmarks:1', 'http://jabber.org/protocol/pubsub#publish-options']))).toBe('private')
    expect(chooseBookmarkStorage(new Set(['urn:xmpp:bookmarks:1#compat-pep']))).toBe('private')
    expect(chooseBookmarkStorage(new Set())).toBe('private')
  })
})
