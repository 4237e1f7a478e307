// XEP-0084 metadata and data, XEP-0153 photo hashes: only 40-hex SHA-1s of image types we show are
// ever taken as avatar ids (they become file names).
import { describe, expect, it } from 'vitest'
import { isAvatarHash, parseAvatarData, parseAvatarMetadata, parsePhotoUpdate, sha1Hex } from '../../../../electron/core/xmpp/features/avatar'
import { RED_PNG } from '../../../support/images'
import { parseStanza } from '../../../support/parse-xml'

const HASH = sha1Hex(RED_PNG)
const event = (metadata: string) =>
  parseStanza(
    `<message from='alice@example.org' type='headline'><event xmlns='http://jabber.org/protocol/pubsub#event'><items node='urn:xmpp:avatar:metadata'><item id='x'>${metadata}</item></items></event></message>`,
  )
    .getChild('event', 'http://jabber.org/protocol/pubsub#event')!
    .getChild('items', 'http://jabber.org/protocol/pubsub#event')!
const info = (attrs: string) => `<metadata xmlns='urn:xmpp:avatar:metadata'><info ${attrs}/></metadata>`

describe('avatar ids', () => {
  it('are lowercase 40-hex SHA-1s and nothing else', () => {
    expect(isAvatarHash(HASH)).toBe(true)
    for (const bad of ['../../etc/passwd', `${HASH}/../x`, HASH.toUpperCase(), `${HASH}0`, 'a'.repeat(39), `..\\${HASH.slice(3)}`, ''])
      expect(isAvatarHash(bad)).toBe(false)
  })
})

describe('parseAvatarMetadata', () => {
  it('takes a PEP-stored avatar of a type we show', () => {
    expect(parseAvatarMetadata(event(info(`id='${HASH}' type='image/png' bytes='120'`)))).toEqual({ kind: 'avatar', hash: HASH })
  })

  it('reads an empty metadata element as "no avatar"', () => {
    expect(parseAvatarMetadata(event(`<metadata xmlns='urn:xmpp:avatar:metadata'/>`))).toEqual({ kind: 'none' })
  })

  it('refuses path-like ids, SVG, URL-hosted and oversized avatars', () => {
    expect(parseAvatarMetadata(event(info(`id='../../../home/x/.bashrc' type='image/png' bytes='12'`)))).toBeNull()
    expect(parseAvatarMetadata(event(info(`id='${HASH}' type='image/svg+xml' bytes='12'`)))).toBeNull()
    expect(parseAvatarMetadata(event(info(`id='${HASH}' type='image/png' bytes='12' url='https://evil.example/a.png'`)))).toBeNull()
    expect(parseAvatarMetadata(event(info(`id='${HASH}' type='image/png' bytes='99999999'`)))).toBeNull()
  })
})

describe('parseAvatarData', () => {
  const result = (id: string, data: string) =>
    parseStanza(`<iq type='result' id='1'><pubsub xmlns='http://jabber.org/protocol/pubsub'><items node='urn:xmpp:avatar:data'><item id='${id}'><data xmlns='urn:xmpp:avatar:data'>${data}</data></item></items></pubsub></iq>`)

  it('returns the bytes of the item asked for only', () => {
    expect(parseAvatarData(result(HASH, RED_PNG.toString('base64')), HASH)).toEqual(RED_PNG)
    expect(parseAvatarData(result('other', RED_PNG.toString('base64')), HASH)).toBeNull()
    expect(parseAvatarData(result(HASH, '%%%'), HASH)).toBeNull()
  })
})

describe('parsePhotoUpdate (XEP-0153)', () => {
  const presence = (x: string) => parseStanza(`<presence from='alice@example.org/a'>${x}</presence>`)
  it('reads a hash, an empty photo (no avatar) and silence', () => {
    expect(parsePhotoUpdate(presence(`<x xmlns='vcard-temp:x:update'><photo>${HASH.toUpperCase()}</photo></x>`))).toBe(HASH)
    expect(parsePhotoUpdate(presence(`<x xmlns='vcard-temp:x:update'><photo/></x>`))).toBe('')
    expect(parsePhotoUpdate(presence(`<x xmlns='vcard-temp:x:update'/>`))).toBeNull()
    expect(parsePhotoUpdate(presence(''))).toBeNull()
  })
  it('refuses anything that is not a hash', () => {
    expect(parsePhotoUpdate(presence(`<x xmlns='vcard-temp:x:update'><photo>../../x</photo></x>`))).toBeNull()
  })
})
