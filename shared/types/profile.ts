// Profiles (XEP-0054 vCard) as they cross the IPC boundary. The renderer imports only types from
// here (zod must stay out of its bundle); limits live in profile-limits.ts. Layer: shared (pure).
import { z } from 'zod'
import { PROFILE_LIMITS } from './profile-limits'

export { PROFILE_LIMITS }

const text = z.string().max(PROFILE_LIMITS.field)

/** A contact's (or our own) card, cleaned by the core; `photo` is a data: URL of a checked image. */
export const vcardView = z.object({
  fn: text,
  nickname: text,
  email: text,
  url: text,
  note: z.string().max(PROFILE_LIMITS.note),
  photo: z.string().nullable(),
})
export type VCardView = z.infer<typeof vcardView>

/** Our own card as the user edits it. `photo`: keep the current one, remove it, or set new bytes (base64). */
export const ownProfileEdit = z.object({
  fn: text,
  nickname: text,
  email: text,
  photo: z.discriminatedUnion('mode', [
    z.object({ mode: z.literal('keep') }),
    z.object({ mode: z.literal('remove') }),
    z.object({ mode: z.literal('set'), base64: z.string().max(Math.ceil(PROFILE_LIMITS.ownPhotoBytes / 3) * 4) }),
  ]),
})
export type OwnProfileEdit = z.infer<typeof ownProfileEdit>
