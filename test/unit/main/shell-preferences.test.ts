import { describe, expect, it, vi } from 'vitest'
import { ShellPreferences } from '../../../electron/main/shell-preferences'
import { DEFAULT_SHELL_SETTINGS, type ShellSettings } from '../../../electron/main/shell-settings'

function fakeFile(initial: ShellSettings = DEFAULT_SHELL_SETTINGS) {
  const saved: ShellSettings[] = []
  return {
    saved,
    load: vi.fn(async () => initial),
    save: vi.fn(async (settings: ShellSettings) => {
      saved.push(settings)
    }),
  }
}

describe('ShellPreferences', () => {
  it('opens with the saved settings and shows them as menu options and auto-away times', async () => {
    const file = fakeFile({ ...DEFAULT_SHELL_SETTINGS, startMinimized: true, autoAway: { enabled: true, awayAfterMinutes: 2, xaAfterMinutes: 10 } })
    const preferences = await ShellPreferences.open(file, vi.fn(async () => undefined))
    expect(preferences.options()).toEqual({ autoAway: true, closeToTray: true, startMinimized: true, startAtLogin: false })
    expect(preferences.autoAway()).toEqual({ enabled: true, awayAfterSeconds: 120, xaAfterSeconds: 600 })
  })

  it('renews an enabled login item at start, and leaves a disabled one alone', async () => {
    const setLoginItem = vi.fn(async () => undefined)
    await ShellPreferences.open(fakeFile(), setLoginItem)
    expect(setLoginItem).not.toHaveBeenCalled()
    await ShellPreferences.open(fakeFile({ ...DEFAULT_SHELL_SETTINGS, startAtLogin: true }), setLoginItem)
    expect(setLoginItem).toHaveBeenCalledWith(true)
  })

  it('starts even if the login item cannot be renewed', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const preferences = await ShellPreferences.open(
      fakeFile({ ...DEFAULT_SHELL_SETTINGS, startAtLogin: true }),
      vi.fn(async () => Promise.reject(new Error('read-only home'))),
    )
    expect(preferences.current().startAtLogin).toBe(true)
    expect(error).toHaveBeenCalled()
    error.mockRestore()
  })

  it('toggles a setting: saves it, then tells the listeners', async () => {
    const file = fakeFile()
    const preferences = new ShellPreferences(DEFAULT_SHELL_SETTINGS, file, vi.fn(async () => undefined))
    const listener = vi.fn()
    preferences.subscribe(listener)
    await preferences.toggle('closeToTray')
    expect(file.saved).toEqual([{ ...DEFAULT_SHELL_SETTINGS, closeToTray: false }])
    expect(preferences.current().closeToTray).toBe(false)
    expect(listener).toHaveBeenCalledTimes(1)
  })

  it('toggles auto-away inside its group', async () => {
    const preferences = new ShellPreferences(DEFAULT_SHELL_SETTINGS, fakeFile(), vi.fn(async () => undefined))
    await preferences.toggle('autoAway')
    expect(preferences.current().autoAway).toEqual({ ...DEFAULT_SHELL_SETTINGS.autoAway, enabled: false })
    expect(preferences.autoAway().enabled).toBe(false)
  })

  it('applies start at login to the system, only when that setting changes', async () => {
    const setLoginItem = vi.fn(async () => undefined)
    const preferences = new ShellPreferences(DEFAULT_SHELL_SETTINGS, fakeFile(), setLoginItem)
    await preferences.toggle('startMinimized')
    expect(setLoginItem).not.toHaveBeenCalled()
    await preferences.toggle('startAtLogin')
    await preferences.toggle('startAtLogin')
    expect(setLoginItem.mock.calls).toEqual([[true], [false]])
  })

  it('keeps the setting when the login item fails, and saves nothing', async () => {
    const file = fakeFile()
    const preferences = new ShellPreferences(DEFAULT_SHELL_SETTINGS, file, vi.fn(async () => Promise.reject(new Error('denied'))))
    await expect(preferences.toggle('startAtLogin')).rejects.toThrow('denied')
    expect(preferences.current().startAtLogin).toBe(false)
    expect(file.saved).toEqual([])
  })

  it('keeps the setting when saving fails, and undoes the login item', async () => {
    const setLoginItem = vi.fn(async () => undefined)
    const file = { save: vi.fn(async () => Promise.reject(new Error('disk full'))) }
    const preferences = new ShellPreferences(DEFAULT_SHELL_SETTINGS, file, setLoginItem)
    await expect(preferences.toggle('startAtLogin')).rejects.toThrow('disk full')
    expect(preferences.current().startAtLogin).toBe(false)
    expect(setLoginItem.mock.calls).toEqual([[true], [false]])
  })

  it('stops telling a listener that unsubscribed', async () => {
    const preferences = new ShellPreferences(DEFAULT_SHELL_SETTINGS, fakeFile(), vi.fn(async () => undefined))
    const listener = vi.fn()
    preferences.subscribe(listener)()
    await preferences.toggle('startMinimized')
    expect(listener).not.toHaveBeenCalled()
  })

  it('saves new notification settings before they apply, and tells its listeners', async () => {
    const file = fakeFile()
    const preferences = await ShellPreferences.open(file, vi.fn(async () => undefined))
    const listener = vi.fn()
    preferences.subscribe(listener)
    await preferences.setNotifications({ privacy: 'sender-only', sound: false })
    expect(file.saved).toEqual([{ ...DEFAULT_SHELL_SETTINGS, notifications: { privacy: 'sender-only', sound: false } }])
    expect(preferences.current().notifications).toEqual({ privacy: 'sender-only', sound: false })
    expect(listener).toHaveBeenCalledOnce()
  })

  it('keeps the notification settings it had when saving fails', async () => {
    const file = fakeFile()
    file.save.mockRejectedValueOnce(new Error('disk full'))
    const preferences = await ShellPreferences.open(file, vi.fn(async () => undefined))
    await expect(preferences.setNotifications({ privacy: 'nothing', sound: false })).rejects.toThrow('disk full')
    expect(preferences.current().notifications).toEqual(DEFAULT_SHELL_SETTINGS.notifications)
  })
})
