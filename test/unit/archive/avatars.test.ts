// Which avatar each contact uses (migration 70): per account, replaced, forgotten, only hashes.
import { describe, expect, it } from 'vitest'
import { openTestDb } from './helpers'

const HASH = 'a'.repeat(40)

describe('avatar hashes', () => {
  it('are kept per account and contact, replaced and forgotten', () => {
    const { archive } = openTestDb()
    expect(archive.avatarHash('me@example.org', 'alice@example.org')).toBeNull()
    archive.setAvatarHash('me@example.org', 'alice@example.org', HASH)
    archive.setAvatarHash('me@example.org', 'alice@example.org', 'b'.repeat(40))
    expect(archive.avatarHash('me@example.org', 'alice@example.org')).toBe('b'.repeat(40))
    expect(archive.avatarHash('other@example.org', 'alice@example.org')).toBeNull()
    archive.setAvatarHash('me@example.org', 'alice@example.org', null)
    expect(archive.avatarHash('me@example.org', 'alice@example.org')).toBeNull()
  })

  it('refuse anything that is not hash-sized', () => {
    const { archive } = openTestDb()
    expect(() => archive.setAvatarHash('me@example.org', 'alice@example.org', '../x')).toThrow()
  })
})
