// The profile photo picker refuses oversized and non-image files before anything is sent.
import { describe, expect, it } from 'vitest'
import { PROFILE_LIMITS } from '../../../shared/types/profile-limits'
import { photoSizeProblem, readPickedPhoto } from '../../../renderer/src/lib/logic/profile-photo'
import { RED_PNG } from '../../support/images'

describe('readPickedPhoto', () => {
  it('gives base64 and a preview data: URL for a real image', () => {
    const picked = readPickedPhoto(new Uint8Array(RED_PNG))
    expect(picked).toEqual({ ok: true, base64: RED_PNG.toString('base64'), preview: `data:image/png;base64,${RED_PNG.toString('base64')}` })
  })

  it('refuses a file named .png that is SVG, and one over the cap', () => {
    expect(readPickedPhoto(new TextEncoder().encode('<svg onload=alert(1)>'))).toEqual({ ok: false, message: 'Choose a PNG, JPEG, WebP or GIF picture.' })
    expect(readPickedPhoto(new Uint8Array(PROFILE_LIMITS.ownPhotoBytes + 1)).ok).toBe(false)
    expect(photoSizeProblem(PROFILE_LIMITS.ownPhotoBytes)).toBeNull()
    expect(photoSizeProblem(PROFILE_LIMITS.ownPhotoBytes + 1)).toMatch(/larger than/u)
  })
})
