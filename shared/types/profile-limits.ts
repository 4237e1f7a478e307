// Size limits of profiles and avatars, enforced on both sides of the IPC boundary. Plain constants
// (no zod), so the renderer can import them. Layer: shared (pure).
export const PROFILE_LIMITS = {
  /** Characters per text field (FN, NICKNAME, EMAIL, URL); NOTE may be longer. */
  field: 256,
  note: 2048,
  /** Decoded bytes of a photo we accept from the network. */
  photoBytes: 1024 * 1024,
  /**
   * Decoded bytes of a photo we publish: it travels base64 in one stanza (XEP-0084 data, and again
   * in the vCard), and servers cap stanzas (Prosody: 256 KiB by default).
   */
  ownPhotoBytes: 128 * 1024,
} as const

/** The image types we show; anything else (SVG above all) is refused. */
export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const
export type ImageType = (typeof IMAGE_TYPES)[number]
