// The shell settings while the app runs: what the tray menu shows and toggles, what the window and
// auto-away read. A toggle is saved and applied (the login item) before it counts; if either
// fails, the setting stays as it was. Layer: electron/main.
import type { NotificationSettings } from '../../shared/types/notification-settings'
import type { AutoAwaySettings } from '../core/presence/auto-away'
import type { ShellOption } from '../core/presence/presence-menu'
import type { ShellSettings, ShellSettingsFile } from './shell-settings'
import type { TrayOptionsPort } from './tray'

export type SetLoginItem = (enabled: boolean) => Promise<void>

export class ShellPreferences implements TrayOptionsPort {
  readonly #file: Pick<ShellSettingsFile, 'save'>
  readonly #setLoginItem: SetLoginItem
  readonly #listeners = new Set<() => void>()
  #settings: ShellSettings

  constructor(settings: ShellSettings, file: Pick<ShellSettingsFile, 'save'>, setLoginItem: SetLoginItem) {
    this.#settings = settings
    this.#file = file
    this.#setLoginItem = setLoginItem
  }

  /** Loads the saved settings; an enabled login item is written again, in case the app has moved. */
  static async open(file: Pick<ShellSettingsFile, 'load' | 'save'>, setLoginItem: SetLoginItem): Promise<ShellPreferences> {
    const settings = await file.load()
    if (settings.startAtLogin) await setLoginItem(true).catch((error: unknown) => console.error('Could not renew the login item:', error))
    return new ShellPreferences(settings, file, setLoginItem)
  }

  current(): ShellSettings {
    return this.#settings
  }

  options(): Record<ShellOption, boolean> {
    const { autoAway, closeToTray, startMinimized, startAtLogin } = this.#settings
    return { autoAway: autoAway.enabled, closeToTray, startMinimized, startAtLogin }
  }

  autoAway(): AutoAwaySettings {
    const { enabled, awayAfterMinutes, xaAfterMinutes } = this.#settings.autoAway
    return { enabled, awayAfterSeconds: awayAfterMinutes * 60, xaAfterSeconds: xaAfterMinutes * 60 }
  }

  /** Saved first: if the file cannot be written, the notifications keep behaving as before. */
  async setNotifications(notifications: NotificationSettings): Promise<void> {
    const next: ShellSettings = { ...this.#settings, notifications }
    await this.#file.save(next)
    this.#settings = next
    for (const listener of this.#listeners) listener()
  }

  async toggle(option: ShellOption): Promise<void> {
    const before = this.#settings
    const next: ShellSettings =
      option === 'autoAway'
        ? { ...before, autoAway: { ...before.autoAway, enabled: !before.autoAway.enabled } }
        : { ...before, [option]: !before[option] }
    const loginChanged = next.startAtLogin !== before.startAtLogin
    if (loginChanged) await this.#setLoginItem(next.startAtLogin)
    try {
      await this.#file.save(next)
    } catch (error) {
      // Unsaved, the setting reads as before on the next start: so must the login item.
      if (loginChanged) await this.#setLoginItem(before.startAtLogin).catch(() => undefined)
      throw error
    }
    this.#settings = next
    for (const listener of this.#listeners) listener()
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }
}
