// What desktop notifications may show and whether they make a sound: the user's choice, kept by
// the host (the Electron shell saves it with its settings) and edited from the renderer through
// `settings:get` / `settings:set`. Layer: shared (pure).
import { z } from 'zod'

/** Sender and text, sender only, or nothing at all that identifies the conversation. */
export const notificationPrivacy = z.enum(['sender-and-text', 'sender-only', 'nothing'])
export type NotificationPrivacy = z.infer<typeof notificationPrivacy>

export const notificationSettings = z.object({
  privacy: notificationPrivacy,
  /** False: notifications are shown silently (Electron's `silent`). */
  sound: z.boolean(),
})
export type NotificationSettings = z.infer<typeof notificationSettings>

export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = { privacy: 'sender-and-text', sound: true }

/** The settings a host keeps for the renderer (only notifications so far). */
export const hostSettings = z.object({ notifications: notificationSettings })
export type HostSettings = z.infer<typeof hostSettings>
