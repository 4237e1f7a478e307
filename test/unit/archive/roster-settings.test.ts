// The roster cache with its version, and JSON settings.
import { describe, expect, it } from 'vitest'
import type { RosterItem } from '../../../electron/core/archive/archive'
import { ALICE, BOB, ME, openTestDb } from './helpers'

const alice: RosterItem = { jid: ALICE, name: 'Alice', groups: ['Friends', 'Work'], subscription: 'both', pendingOut: false }
const bob: RosterItem = { jid: BOB, name: '', groups: [], subscription: 'none', pendingOut: true }

describe('roster', () => {
  it('is empty with no version for an unknown account', () => {
    const { archive } = openTestDb()
    expect(archive.loadRoster(ME)).toEqual({ version: null, items: [] })
  })

  it('replaces the whole roster and its version, per account', () => {
    const { archive } = openTestDb()
    archive.replaceRoster(ME, 'v1', [bob, alice])
    archive.replaceRoster('other@example.org', 'x9', [alice])
    expect(archive.loadRoster(ME)).toEqual({ version: 'v1', items: [alice, bob] })

    archive.replaceRoster(ME, 'v2', [{ ...bob, subscription: 'to', pendingOut: false }])
    expect(archive.loadRoster(ME)).toEqual({ version: 'v2', items: [{ ...bob, subscription: 'to', pendingOut: false }] })
    expect(archive.loadRoster('other@example.org')).toEqual({ version: 'x9', items: [alice] })
  })

  it('applies pushes: add, change, remove, each with its version', () => {
    const { archive } = openTestDb()
    archive.replaceRoster(ME, 'v1', [alice])
    archive.applyRosterPush(ME, 'v2', bob)
    archive.applyRosterPush(ME, 'v3', { ...alice, name: 'Alice L.', groups: ['Family'] })
    expect(archive.loadRoster(ME)).toEqual({ version: 'v3', items: [{ ...alice, name: 'Alice L.', groups: ['Family'] }, bob] })

    archive.applyRosterPush(ME, 'v4', { jid: ALICE, remove: true })
    expect(archive.loadRoster(ME)).toEqual({ version: 'v4', items: [bob] })
  })

  it('stores a null version, so the next sign-in fetches the full roster', () => {
    const { archive } = openTestDb()
    archive.replaceRoster(ME, 'v1', [alice])
    archive.applyRosterPush(ME, null, bob)
    expect(archive.loadRoster(ME).version).toBeNull()
  })
})

describe('settings', () => {
  it('round-trips JSON values and reports missing keys as null', () => {
    const { archive } = openTestDb()
    const value = { theme: 'dark', sizes: [1, 2.5], nested: { on: true, none: null } }
    archive.setSetting('ui', value)
    archive.setSetting('count', 3)
    archive.setSetting('name', 'x')
    archive.setSetting('flag', false)
    expect([archive.getSetting('ui'), archive.getSetting('count'), archive.getSetting('name'), archive.getSetting('flag')]).toEqual([
      value,
      3,
      'x',
      false,
    ])
    expect(archive.getSetting('missing')).toBeNull()
  })

  it('overwrites and deletes', () => {
    const { archive } = openTestDb()
    archive.setSetting('k', 1)
    archive.setSetting('k', [2])
    expect(archive.getSetting('k')).toEqual([2])
    archive.deleteSetting('k')
    archive.deleteSetting('never-set')
    expect(archive.getSetting('k')).toBeNull()
  })

  it('refuses values JSON cannot represent', () => {
    const { archive } = openTestDb()
    expect(() => archive.setSetting('k', undefined)).toThrow('Setting k is not JSON-serializable')
    expect(archive.getSetting('k')).toBeNull()
  })
})
