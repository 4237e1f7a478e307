// The desktop shell's own settings (close to tray, start minimized, start at login, auto-away,
// notification privacy and sound), in a small JSON file in the data dir. Read leniently: each
// field is validated on its own and falls back to its default, so a hand-edited typo costs one
// setting, not all. Written atomically (temp file, fsync, rename) so a crash mid-write leaves the
// old file, never half a new one.
// Layer: electron/main (Node).
import { randomUUID } from 'node:crypto'
import { open, readFile, rename, rm } from 'node:fs/promises'
import path from 'node:path'
import { z } from 'zod'
import { DEFAULT_NOTIFICATION_SETTINGS, notificationPrivacy } from '../../shared/types/notification-settings'

export const SHELL_SETTINGS_FILE = 'shell-settings.json'

const MINUTES_PER_DAY = 24 * 60

const autoAwayDefaults = { enabled: true, awayAfterMinutes: 5, xaAfterMinutes: 20 }

const autoAwaySchema = z
  .object({
    enabled: z.boolean().catch(autoAwayDefaults.enabled),
    awayAfterMinutes: z.number().min(1).max(MINUTES_PER_DAY).catch(autoAwayDefaults.awayAfterMinutes),
    xaAfterMinutes: z.number().min(1).max(MINUTES_PER_DAY).catch(autoAwayDefaults.xaAfterMinutes),
  })
  // Extended away is the longer absence; the other way round would skip Away altogether.
  .refine((value) => value.xaAfterMinutes > value.awayAfterMinutes)
  .catch(autoAwayDefaults)

const shellFields = z.object({
  closeToTray: z.boolean().catch(true),
  startMinimized: z.boolean().catch(false),
  startAtLogin: z.boolean().catch(false),
  autoAway: autoAwaySchema,
  notifications: z
    .object({
      privacy: notificationPrivacy.catch(DEFAULT_NOTIFICATION_SETTINGS.privacy),
      sound: z.boolean().catch(DEFAULT_NOTIFICATION_SETTINGS.sound),
    })
    .catch(DEFAULT_NOTIFICATION_SETTINGS),
})

export type ShellSettings = z.infer<typeof shellFields>

/** Every field at its default: what an empty object reads as. */
export const DEFAULT_SHELL_SETTINGS: ShellSettings = shellFields.parse({})

/** Never fails: anything that is not an object at all reads as the defaults. */
const shellSettingsSchema = shellFields.catch(() => DEFAULT_SHELL_SETTINGS)

/** Whatever the file holds (or nothing), as valid settings. */
export function parseShellSettings(text: string | null): ShellSettings {
  if (text === null) return DEFAULT_SHELL_SETTINGS
  try {
    return shellSettingsSchema.parse(JSON.parse(text))
  } catch {
    return DEFAULT_SHELL_SETTINGS
  }
}

export class ShellSettingsFile {
  readonly path: string
  /** Saves run one after another, so an older one can never rename over a newer one. */
  #queue: Promise<void> = Promise.resolve()

  constructor(dataDir: string) {
    this.path = path.join(dataDir, SHELL_SETTINGS_FILE)
  }

  /** Never fails: an unreadable file must not keep the app from starting, so it reads as the defaults. */
  async load(): Promise<ShellSettings> {
    const text = await readFile(this.path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') console.error(`Could not read ${this.path}; using the default settings:`, error)
      return null
    })
    return parseShellSettings(text)
  }

  save(settings: ShellSettings): Promise<void> {
    const write = this.#queue.then(() => this.#write(settings))
    this.#queue = write.catch(() => undefined)
    return write
  }

  async #write(settings: ShellSettings): Promise<void> {
    const temp = `${this.path}.${randomUUID()}.tmp`
    try {
      const file = await open(temp, 'wx', 0o600)
      try {
        await file.writeFile(`${JSON.stringify(settings, null, 2)}\n`, 'utf8')
        await file.sync()
      } finally {
        await file.close()
      }
      await rename(temp, this.path)
    } catch (error) {
      await rm(temp, { force: true })
      throw error
    }
  }
}
