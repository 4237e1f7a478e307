import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import {
  DEFAULT_SHELL_SETTINGS,
  SHELL_SETTINGS_FILE,
  ShellSettingsFile,
  parseShellSettings,
  type ShellSettings,
} from '../../../electron/main/shell-settings'
import { useTempDirs } from './temp-dirs'

const tempDir = useTempDirs('shell-settings-')

const custom: ShellSettings = {
  closeToTray: false,
  startMinimized: true,
  startAtLogin: true,
  autoAway: { enabled: false, awayAfterMinutes: 3, xaAfterMinutes: 30 },
  notifications: { privacy: 'sender-only', sound: false },
}

describe('parseShellSettings', () => {
  it('has the documented defaults: close to tray and auto-away on, the rest off', () => {
    expect(DEFAULT_SHELL_SETTINGS).toEqual({
      closeToTray: true,
      startMinimized: false,
      startAtLogin: false,
      autoAway: { enabled: true, awayAfterMinutes: 5, xaAfterMinutes: 20 },
      notifications: { privacy: 'sender-and-text', sound: true },
    })
    expect(parseShellSettings(null)).toEqual(DEFAULT_SHELL_SETTINGS)
  })

  it('reads the notification settings, each wrong value falling back alone', () => {
    const valid = JSON.stringify({ notifications: { privacy: 'nothing', sound: false } })
    expect(parseShellSettings(valid).notifications).toEqual({ privacy: 'nothing', sound: false })
    const wrongPrivacy = JSON.stringify({ notifications: { privacy: 'everything', sound: false } })
    expect(parseShellSettings(wrongPrivacy).notifications).toEqual({ privacy: 'sender-and-text', sound: false })
    expect(parseShellSettings(JSON.stringify({ notifications: 'quiet' })).notifications).toEqual({ privacy: 'sender-and-text', sound: true })
  })

  it.each(['', 'not json', '[]', '"text"', 'null', '42'])('falls back to the defaults for %j', (text) => {
    expect(parseShellSettings(text)).toEqual(DEFAULT_SHELL_SETTINGS)
  })

  it('keeps the valid fields of a partly wrong file', () => {
    const text = JSON.stringify({ closeToTray: 'yes', startMinimized: true, autoAway: { enabled: false, awayAfterMinutes: -1 } })
    expect(parseShellSettings(text)).toEqual({
      ...DEFAULT_SHELL_SETTINGS,
      startMinimized: true,
      autoAway: { enabled: false, awayAfterMinutes: 5, xaAfterMinutes: 20 },
    })
  })

  it('refuses an extended-away time not longer than the away time', () => {
    const text = JSON.stringify({ autoAway: { enabled: true, awayAfterMinutes: 30, xaAfterMinutes: 10 } })
    expect(parseShellSettings(text).autoAway).toEqual(DEFAULT_SHELL_SETTINGS.autoAway)
  })

  it('drops unknown keys', () => {
    expect(parseShellSettings(JSON.stringify({ ...custom, extra: 1 }))).toEqual(custom)
  })
})

describe('ShellSettingsFile', () => {
  it('reads the defaults when there is no file yet', async () => {
    expect(await new ShellSettingsFile(tempDir()).load()).toEqual(DEFAULT_SHELL_SETTINGS)
  })

  it('saves and loads back, as readable JSON in the data dir', async () => {
    const dir = tempDir()
    await new ShellSettingsFile(dir).save(custom)
    expect(JSON.parse(readFileSync(path.join(dir, SHELL_SETTINGS_FILE), 'utf8'))).toEqual(custom)
    expect(await new ShellSettingsFile(dir).load()).toEqual(custom)
  })

  it('leaves no temporary file behind, and the last of several saves wins', async () => {
    const dir = tempDir()
    const file = new ShellSettingsFile(dir)
    await Promise.all([file.save(DEFAULT_SHELL_SETTINGS), file.save(custom), file.save({ ...custom, startMinimized: false })])
    expect(readdirSync(dir)).toEqual([SHELL_SETTINGS_FILE])
    expect((await file.load()).startMinimized).toBe(false)
  })

  it('removes its temporary file when the final rename fails', async () => {
    const dir = tempDir()
    // A folder in the file's place: the temp file is written, the rename over it fails.
    mkdirSync(path.join(dir, SHELL_SETTINGS_FILE, 'inside'), { recursive: true })
    await expect(new ShellSettingsFile(dir).save(custom)).rejects.toThrow()
    expect(readdirSync(dir)).toEqual([SHELL_SETTINGS_FILE])
  })

  it('still saves after a failed save', async () => {
    const dir = tempDir()
    const file = new ShellSettingsFile(dir)
    mkdirSync(path.join(dir, SHELL_SETTINGS_FILE))
    await expect(file.save(custom)).rejects.toThrow()
    rmSync(path.join(dir, SHELL_SETTINGS_FILE), { recursive: true })
    await file.save(custom)
    expect(await file.load()).toEqual(custom)
  })

  it('reads an unreadable file as the defaults, and says so', async () => {
    const dir = tempDir()
    mkdirSync(path.join(dir, SHELL_SETTINGS_FILE))
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    expect(await new ShellSettingsFile(dir).load()).toEqual(DEFAULT_SHELL_SETTINGS)
    expect(error).toHaveBeenCalledTimes(1)
    error.mockRestore()
  })

  it('reads a damaged file as the defaults', async () => {
    const dir = tempDir()
    writeFileSync(path.join(dir, SHELL_SETTINGS_FILE), '{"closeToTray": fal')
    expect(await new ShellSettingsFile(dir).load()).toEqual(DEFAULT_SHELL_SETTINGS)
  })
})
