// Where the user's host settings (notification privacy and sound) live. The host owns them: the
// Electron shell saves them with its own settings file; a host without a store (the browser host,
// tests) gets this in-memory one, which forgets them when it stops. Layer: electron/core.
import { DEFAULT_NOTIFICATION_SETTINGS, type HostSettings } from '../../shared/types/notification-settings'

export interface HostSettingsPort {
  get(): HostSettings
  /** Resolves once saved; on failure the previous settings stay. */
  set(settings: HostSettings): Promise<void>
}

export class MemoryHostSettings implements HostSettingsPort {
  #settings: HostSettings = { notifications: DEFAULT_NOTIFICATION_SETTINGS }

  get(): HostSettings {
    return this.#settings
  }

  async set(settings: HostSettings): Promise<void> {
    this.#settings = settings
  }
}
