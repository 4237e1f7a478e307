// The on-disk cache stores only bytes that hash to their name and are an image we show, under a
// name made of that hash alone.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { AvatarFiles, dataUrl } from '../../../../electron/core/avatars/avatar-files'
import { sha1Hex } from '../../../../electron/core/xmpp/features/avatar'
import { BLUE_PNG, RED_PNG } from '../../../support/images'

const dirs: string[] = []
const files = () => {
  const dir = mkdtempSync(join(tmpdir(), 'avatar-files-'))
  dirs.push(dir)
  return { dir, cache: new AvatarFiles(join(dir, 'avatars')) }
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('AvatarFiles', () => {
  it('stores verified bytes as <sha1>.<ext> and reads them back', async () => {
    const { dir, cache } = files()
    const hash = sha1Hex(RED_PNG)
    expect(await cache.store(hash, RED_PNG)).toBe(true)
    expect(readdirSync(join(dir, 'avatars'))).toEqual([`${hash}.png`])
    const read = await cache.read(hash)
    expect(read).toEqual({ type: 'image/png', bytes: RED_PNG })
    expect(dataUrl(read!)).toBe(`data:image/png;base64,${RED_PNG.toString('base64')}`)
  })

  it('gives the file of a stored picture (notification icons), nothing for an unknown or malformed hash', async () => {
    const { dir, cache } = files()
    const hash = sha1Hex(RED_PNG)
    await cache.store(hash, RED_PNG)
    expect(await cache.pathOf(hash)).toBe(join(dir, 'avatars', `${hash}.png`))
    expect(await cache.pathOf(sha1Hex(BLUE_PNG))).toBeNull()
    expect(await cache.pathOf('../../etc/passwd')).toBeNull()
  })

  it('refuses bytes whose SHA-1 is not the advertised hash', async () => {
    const { dir, cache } = files()
    expect(await cache.store(sha1Hex(RED_PNG), BLUE_PNG)).toBe(false)
    expect(readdirSync(dir)).toEqual([])
  })

  it('refuses bytes that are not an image we show, even with the right hash', async () => {
    const svg = Buffer.from('<svg onload="alert(1)"/>')
    const { cache } = files()
    expect(await cache.store(sha1Hex(svg), svg)).toBe(false)
  })

  it('never builds a path from anything but a hash', async () => {
    const { cache } = files()
    expect(await cache.store('../../escape', RED_PNG)).toBe(false)
    expect(await cache.read('../../../etc/passwd')).toBeNull()
    expect(await cache.read('a'.repeat(40))).toBeNull()
  })
})
