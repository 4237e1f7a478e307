import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { platformDataDir, resolveDataDir } from '../../../../electron/core/data-dir'

describe('resolveDataDir', () => {
  const argv = ['/usr/bin/electron', '/app/main.js']

  it('prefers the --data-dir flag over the environment and the fallback', () => {
    expect(resolveDataDir([...argv, '--data-dir=/data/flag'], { XMPP_DESK_DATA_DIR: '/data/env' }, '/data/fallback')).toBe('/data/flag')
  })

  it('uses XMPP_DESK_DATA_DIR when there is no flag', () => {
    expect(resolveDataDir(argv, { XMPP_DESK_DATA_DIR: '/data/env' }, '/data/fallback')).toBe('/data/env')
  })

  it('uses the fallback when neither is given', () => {
    expect(resolveDataDir(argv, {}, '/data/fallback')).toBe('/data/fallback')
  })

  it('ignores an empty flag value and an empty variable', () => {
    expect(resolveDataDir([...argv, '--data-dir='], { XMPP_DESK_DATA_DIR: '/data/env' }, '/data/fallback')).toBe('/data/env')
    expect(resolveDataDir([...argv, '--data-dir='], { XMPP_DESK_DATA_DIR: '' }, '/data/fallback')).toBe('/data/fallback')
  })

  it('keeps "=" inside the flag value', () => {
    expect(resolveDataDir([...argv, '--data-dir=/data/a=b'], {}, '/x')).toBe('/data/a=b')
  })
})

describe('platformDataDir', () => {
  const home = '/home/me'

  it('linux: XDG_CONFIG_HOME when set, else ~/.config', () => {
    expect(platformDataDir('linux', { XDG_CONFIG_HOME: '/xdg' }, home)).toBe(join('/xdg', 'xmpp-desk'))
    expect(platformDataDir('linux', {}, home)).toBe(join(home, '.config', 'xmpp-desk'))
    expect(platformDataDir('linux', { XDG_CONFIG_HOME: '' }, home)).toBe(join(home, '.config', 'xmpp-desk'))
  })

  it('darwin: ~/Library/Application Support', () => {
    expect(platformDataDir('darwin', { XDG_CONFIG_HOME: '/xdg' }, home)).toBe(join(home, 'Library', 'Application Support', 'xmpp-desk'))
  })

  it('win32: %APPDATA%, else ~/AppData/Roaming', () => {
    expect(platformDataDir('win32', { APPDATA: 'C:\\Users\\me\\AppData\\Roaming' }, 'C:\\Users\\me')).toBe(join('C:\\Users\\me\\AppData\\Roaming', 'xmpp-desk'))
    expect(platformDataDir('win32', {}, home)).toBe(join(home, 'AppData', 'Roaming', 'xmpp-desk'))
  })

  it('other unixes use the XDG rule', () => {
    expect(platformDataDir('freebsd', {}, home)).toBe(join(home, '.config', 'xmpp-desk'))
  })
})
