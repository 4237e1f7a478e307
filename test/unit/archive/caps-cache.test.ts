// The verified caps cache (migration 60): survives reopening, refreshes an entry as the newest,
// evicts the oldest past its limit.
import { describe, expect, it } from 'vitest'
import { CAPS_CACHE_LIMIT, capsEntries, storeCaps } from '../../../electron/core/archive/caps-cache'
import { closeDatabase } from '../../../electron/core/archive/database'
import { openTestDb } from './helpers'

const entry = (ver: string, features = ['http://jabber.org/protocol/disco#info']) => ({ hash: 'sha-1', ver, features })

describe('caps cache', () => {
  it('is empty at first and keeps what it was given across reopening', () => {
    const first = openTestDb()
    expect(first.archive.capsEntries()).toEqual([])
    first.archive.storeCaps(entry('QgayPKawpkPSDYmwT/WM94uAlu0=', ['urn:a', 'urn:b']))
    closeDatabase(first.db)
    const again = openTestDb(first.file)
    expect(again.archive.capsEntries()).toEqual([entry('QgayPKawpkPSDYmwT/WM94uAlu0=', ['urn:a', 'urn:b'])])
  })

  it('keys entries by algorithm and ver', () => {
    const { archive } = openTestDb()
    archive.storeCaps(entry('v1'))
    archive.storeCaps({ hash: 'sha-256', ver: 'v1', features: ['urn:x'] })
    expect(archive.capsEntries()).toHaveLength(2)
  })

  it('storing a known entry again replaces it and makes it the newest', () => {
    const { db } = openTestDb()
    storeCaps(db, entry('old'))
    storeCaps(db, entry('middle'))
    storeCaps(db, entry('old', ['urn:new']))
    expect(capsEntries(db)).toEqual([entry('middle'), entry('old', ['urn:new'])])
  })

  it('evicts the oldest entries beyond the limit', () => {
    const { db } = openTestDb()
    for (const ver of ['a', 'b', 'c', 'd']) storeCaps(db, entry(ver), 3)
    expect(capsEntries(db).map((e) => e.ver)).toEqual(['b', 'c', 'd'])
    storeCaps(db, entry('b'), 3) // refreshed: now 'c' is the oldest
    storeCaps(db, entry('e'), 3)
    expect(capsEntries(db).map((e) => e.ver)).toEqual(['d', 'b', 'e'])
  })

  it('has a limit that bounds what a contact inventing vers can make us store', () => {
    const { db } = openTestDb()
    for (let n = 0; n < CAPS_CACHE_LIMIT + 5; n++) storeCaps(db, entry(`v${n}`))
    const all = capsEntries(db)
    expect(all).toHaveLength(CAPS_CACHE_LIMIT)
    expect(all[0]?.ver).toBe('v5')
  })
})
