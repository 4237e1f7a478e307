// Reads a picture the user picked for their profile: refused at once when it is too large or not
// a PNG, JPEG, WebP or GIF by its bytes (the core checks the same again), else base64 for
// `profile:save` and a data: URL for the preview. Layer: renderer (pure logic over bytes).
import { PROFILE_LIMITS } from '../../../../shared/types/profile-limits'
import { sniffImageType } from '../../../../shared/util/image-type'

export type PickedPhoto = { ok: true; base64: string; preview: string } | { ok: false; message: string }

function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

/** The refusal for a file of `size` bytes, checked before reading it; null when it may be read. */
export function photoSizeProblem(size: number): string | null {
  return size > PROFILE_LIMITS.ownPhotoBytes ? `The picture is larger than ${PROFILE_LIMITS.ownPhotoBytes / 1024} KB; choose a smaller one.` : null
}

export function readPickedPhoto(bytes: Uint8Array): PickedPhoto {
  const tooLarge = photoSizeProblem(bytes.length)
  if (tooLarge) return { ok: false, message: tooLarge }
  const type = sniffImageType(bytes)
  if (!type) return { ok: false, message: 'Choose a PNG, JPEG, WebP or GIF picture.' }
  const base64 = toBase64(bytes)
  return { ok: true, base64, preview: `data:${type};base64,${base64}` }
}
