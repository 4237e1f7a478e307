// Our own photo is refused before anything is sent when it is too large or not an image we show.
import { describe, expect, it } from 'vitest'
import { PROFILE_LIMITS } from '../../../shared/types/profile-limits'
import { photoOfEdit } from '../../../electron/core/profiles'
import { RED_PNG } from '../../support/images'

describe('photoOfEdit', () => {
  it('keeps, removes or sets a checked photo', () => {
    expect(photoOfEdit({ mode: 'keep' })).toBeUndefined()
    expect(photoOfEdit({ mode: 'remove' })).toBeNull()
    expect(photoOfEdit({ mode: 'set', base64: RED_PNG.toString('base64') })).toEqual({ type: 'image/png', bytes: RED_PNG })
  })

  it('refuses a picture over the cap with a message saying so', () => {
    const big = Buffer.concat([RED_PNG, Buffer.alloc(PROFILE_LIMITS.ownPhotoBytes)]).toString('base64')
    expect(() => photoOfEdit({ mode: 'set', base64: big })).toThrow(/larger than 128 KB/u)
  })

  it('refuses bytes that are not a PNG, JPEG, WebP or GIF', () => {
    expect(() => photoOfEdit({ mode: 'set', base64: Buffer.from('<svg onload=alert(1)>').toString('base64') })).toThrow(/PNG, JPEG, WebP or GIF/u)
  })
})
